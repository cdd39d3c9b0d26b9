// Package fetch is pressroom's polite HTTP client: the one way the crawler
// reaches a newsroom.
//
// Every request it sends
//
//   - is allowed by the host's robots.txt (fetched once per origin, cached
//     for RobotsTTL in memory and, given a RobotsCache, across runs; its
//     Crawl-delay slows the host down further, never up);
//   - waits for the host's rate limit (one request per Interval per
//     host:port, one request in flight per host) and for a free slot among
//     Concurrency requests across all hosts;
//   - is refused at dial time when it would connect to a loopback, private,
//     link-local, multicast or unspecified address, unless the request opts
//     in with AllowPrivate. The check runs on the resolved address of every
//     connection, so it also holds after a redirect and against DNS
//     rebinding;
//   - follows at most MaxRedirects redirects, each within the request's
//     hosts and each checked against robots.txt;
//   - is retried with exponential backoff and jitter after a network error,
//     a 5xx or a 429, waiting as long as Retry-After (seconds or an HTTP
//     date) asks; a Retry-After on 429 or 503 pauses the whole host;
//   - reads at most MaxBodyBytes (after gzip decoding) and checks the
//     content type before reading the body, so a PDF costs only its headers;
//   - is conditional (If-None-Match, If-Modified-Since) when the caller
//     knows the page's validators, and reports 304 as NotModified.
//
// Usage:
//
//	f, err := fetch.New(fetch.Config{UserAgent: fetch.DefaultUserAgent("1.2.0")})
//	defer f.Close(ctx)
//	resp, err := f.Fetch(ctx, fetch.Request{URL: "https://example.co.jp/news/1.html", ETag: rec.ETag})
//
// A Fetcher is safe for concurrent use; one Fetcher should serve a whole
// run so that sources on the same host share its rate limit.
package fetch
