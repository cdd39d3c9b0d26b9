package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/pressroom-ja/pressroom/ingest/state"
)

// maxRobotsBytes is how much of a robots.txt is read (RFC 9309 asks for at
// least 500 KiB).
const maxRobotsBytes = 500 << 10

// unavailableFor is how long an unreachable robots.txt is taken as "crawl
// nothing" before it is asked for again.
const unavailableFor = 5 * time.Minute

// origin is the robots.txt state of one scheme://host:port.
type origin struct {
	mu      sync.Mutex
	data    *robotstxt.RobotsData
	err     error
	expires time.Time
}

func originOf(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + hostKey(u)
}

func (f *Fetcher) origin(key string) *origin {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.origins[key]
	if o == nil {
		o = &origin{}
		f.origins[key] = o
	}
	return o
}

// checkRobots returns nil when robots.txt lets us get u, and applies the
// host's Crawl-delay.
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL, allowPrivate bool) error {
	key := originOf(u)
	o := f.origin(key)
	o.mu.Lock()
	if time.Now().After(o.expires) {
		r := f.loadRobots(ctx, u, key, allowPrivate)
		o.data, o.err, o.expires = r.data, r.err, r.expires
		if ctx.Err() != nil {
			o.expires = time.Time{}
			o.mu.Unlock()
			return ctx.Err()
		}
	}
	data, err := o.data, o.err
	o.mu.Unlock()
	if err != nil {
		return err
	}
	g := data.FindGroup(f.token)
	f.host(u).setDelay(g.CrawlDelay)
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !g.Test(path) {
		return fmt.Errorf("%w: %s", ErrDisallowed, path)
	}
	return nil
}

type robotsResult struct {
	data    *robotstxt.RobotsData
	err     error
	expires time.Time
}

// loadRobots gets an origin's robots.txt from the cache or the site.
func (f *Fetcher) loadRobots(ctx context.Context, u *url.URL, key string, allowPrivate bool) robotsResult {
	now := time.Now()
	var cached state.Robots
	var have bool
	if f.cfg.Robots != nil {
		var err error
		cached, have, err = f.cfg.Robots.Robots(ctx, key)
		if err != nil {
			f.log.Warn("robots cache", "origin", key, "err", err)
			have = false
		}
		if have && now.Sub(cached.FetchedAt) < f.cfg.RobotsTTL {
			data, err := ParseRobots(cached.Status, cached.Body)
			if err == nil {
				return robotsResult{data, nil, cached.FetchedAt.Add(f.cfg.RobotsTTL)}
			}
		}
	}
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	req := Request{URL: ru.String(), AllowPrivate: allowPrivate, Accept: acceptRobots}
	if have {
		req.ETag, req.LastModified = cached.ETag, cached.LastModified
	}
	f.robotsFetches.Add(1)
	status, body, etag, lastMod, err := f.getRobots(ctx, ru, req)
	if err != nil {
		if have && now.Sub(cached.FetchedAt) < 30*24*time.Hour {
			// Unreachable now: the copy we have is better than nothing.
			if data, perr := ParseRobots(cached.Status, cached.Body); perr == nil {
				f.log.Warn("robots.txt unreachable, using the cached copy", "origin", key, "err", err)
				return robotsResult{data, nil, now.Add(unavailableFor)}
			}
		}
		expires := now.Add(unavailableFor)
		if errors.Is(err, ErrForbiddenAddress) {
			expires = now // a refusal of this request, not the site's answer
		}
		return robotsResult{nil, fmt.Errorf("%w: %s: %w; nothing is crawled from this host until it answers", ErrRobotsUnavailable, ru, err), expires}
	}
	if status == 304 && have {
		status, body = cached.Status, cached.Body
		if etag == "" {
			etag = cached.ETag
		}
		if lastMod == "" {
			lastMod = cached.LastModified
		}
	}
	data, perr := ParseRobots(status, body)
	if perr != nil {
		return robotsResult{nil, fmt.Errorf("%w: %s: %v", ErrRobotsUnavailable, ru, perr), now.Add(unavailableFor)}
	}
	if f.cfg.Robots != nil {
		rec := state.Robots{Origin: key, Status: status, Body: body, ETag: etag, LastModified: lastMod, FetchedAt: now}
		if err := f.cfg.Robots.PutRobots(context.WithoutCancel(ctx), rec); err != nil {
			f.log.Warn("robots cache", "origin", key, "err", err)
		}
	}
	return robotsResult{data, nil, now.Add(f.cfg.RobotsTTL)}
}

// getRobots fetches robots.txt, following up to five redirects anywhere
// (RFC 9309); the address guard still applies.
func (f *Fetcher) getRobots(ctx context.Context, ru *url.URL, req Request) (status int, body []byte, etag, lastMod string, err error) {
	cur := ru
	resp := &Response{}
	for range 6 {
		ex, ferr := f.retrying(ctx, cur, req, resp)
		if ferr != nil {
			// Network errors, and 429 or 5xx that outlasted the retries.
			return 0, nil, "", "", ferr
		}
		if ex.location != "" {
			next, perr := cur.Parse(ex.location)
			if perr != nil || (next.Scheme != "http" && next.Scheme != "https") {
				return 404, nil, "", "", nil // a broken redirect: no robots.txt
			}
			cur = next
			continue
		}
		body := ex.body
		if len(body) > maxRobotsBytes {
			body = body[:maxRobotsBytes]
		}
		if ex.status >= 200 && ex.status < 300 && looksLikeHTML(ex.header.Get("Content-Type"), body) {
			// A soft 404: the site's error page served as robots.txt.
			return 404, nil, "", "", nil
		}
		return ex.status, body, ex.header.Get("ETag"), ex.header.Get("Last-Modified"), nil
	}
	return 404, nil, "", "", nil // too many redirects: no robots.txt (RFC 9309 2.3.1.2)
}

func looksLikeHTML(ct string, body []byte) bool {
	if mediaType(ct) != "text/html" {
		return false
	}
	head := bytes.ToLower(body[:min(len(body), 1024)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype"))
}

// ParseRobots reads a robots.txt answered with status. 2xx is parsed,
// leniently: lines the parser rejects (a Crawl-delay that is no number, a
// rule before any User-agent) are dropped rather than failing the file,
// since a dropped Disallow would permit more than the site meant. Other
// 4xx mean no robots.txt (everything allowed); 5xx, an unavailable one
// (nothing allowed).
func ParseRobots(status int, body []byte) (*robotstxt.RobotsData, error) {
	if status >= 200 && status < 300 {
		if data, err := robotstxt.FromBytes(body); err == nil {
			return data, nil
		}
		data, err := robotstxt.FromBytes(sanitizeRobots(body))
		if err != nil {
			return nil, fmt.Errorf("unreadable robots.txt: %w", err)
		}
		return data, nil
	}
	if status == 429 {
		status = 503
	}
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		return nil, fmt.Errorf("robots.txt status %d: %w", status, err)
	}
	return data, nil
}

// sanitizeRobots keeps the lines a strict parser accepts.
func sanitizeRobots(body []byte) []byte {
	var out bytes.Buffer
	seenAgent := false
	for _, line := range bytes.Split(body, []byte("\n")) {
		text := string(line)
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		k, v, ok := strings.Cut(text, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		switch k {
		case "user-agent", "useragent":
			if v == "" {
				continue
			}
			seenAgent = true
		case "allow", "disallow":
			if !seenAgent {
				continue
			}
		case "crawl-delay", "crawldelay":
			d, err := strconv.ParseFloat(v, 64)
			if !seenAgent || err != nil || d < 0 || d > 1e6 {
				continue
			}
		case "sitemap", "host":
		default:
			continue
		}
		out.WriteString(k + ": " + v + "\n")
	}
	return out.Bytes()
}
