// Package crawl is the ingest source for newsrooms on the web: a list of
// release links with pagination (List), an RSS or Atom feed (Feed), or a
// sitemap (Sitemap). Each Source discovers release URLs, fetches them
// through a polite fetcher (ingest/fetch) and yields them as pages with
// their canonical URL (ingest/urlcanon, then a redirect's target, then the
// page's rel=canonical when it stays on the source's hosts).
//
// Crawls are incremental:
//
//   - every request for a page the index already has is conditional (its
//     ETag and Last-Modified from the crawl state), so an unchanged page
//     costs a 304 and no extraction;
//   - list pages, feeds and sitemaps are asked conditionally too; on a 304
//     the links read last time are used again;
//   - a list stops paginating after a page whose releases are all known,
//     or, with a date selector, after a page that reaches back past the
//     source's high-water mark (the newest list date up to which every
//     release is indexed); known releases older than the mark are not
//     requested at all;
//   - feed items and sitemap entries whose updated time (Atom <updated>,
//     dc:date, <lastmod>) is older than the last fetch of a known release
//     are not requested;
//   - pages another source of the same run already read are skipped
//     (Visited).
//
// Config.Full turns the stop rules off (walk every page up to the limits,
// re-check every release), Config.Force the conditional requests.
//
// Links are followed only within the source's hosts: its start URLs' hosts
// (with or without "www."), plus Config.Hosts.
//
//	src, err := crawl.New(crawl.Config{Name: "minato", Kind: crawl.List,
//		URLs: []string{"https://www.example.co.jp/news/"}, Links: "ul.news a"}, fetcher, st, archive)
//	sum, err := runner.Run(ctx, src)
package crawl
