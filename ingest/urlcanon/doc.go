// Package urlcanon gives every release one URL, whichever way a newsroom
// links to it. A release's id is the SHA-256 of its URL (extract.ID), so
// two spellings of one page would index it twice; the crawler therefore
// fetches, records and indexes canonical URLs only.
//
// The rules (Canonical):
//
//   - only http and https; the scheme and host are lower-cased, an
//     internationalized host is written in punycode, a trailing dot is
//     dropped;
//   - the default port (:80 for http, :443 for https) and any user
//     information are dropped;
//   - the path keeps its case; "." and ".." segments are resolved, an empty
//     path becomes "/", percent-escapes are written in upper case and
//     escapes of unreserved characters (A-Z a-z 0-9 - . _ ~) are decoded;
//   - the fragment is dropped;
//   - tracking parameters (utm_*, fbclid, gclid, msclkid and the others in
//     IsTracking) are removed, empty parameters too, and the remaining
//     parameters are sorted by name, keeping the order of repeated names.
//     Sorting merges ?id=3&cat=1 and ?cat=1&id=3, which CMSs and feeds emit
//     interchangeably; a server that depends on parameter order is far rarer
//     than a newsroom that links one release both ways.
//
// What is not done, because it can name a different page: trailing slashes
// are kept, "index.html" is kept, "www." is kept, and the path's case is
// kept.
//
//	u, err := urlcanon.Canonical("HTTP://Example.COM:80/news/../news/1?utm_source=x&b=2&a=1#top")
//	// u == "http://example.com/news/1?a=1&b=2"
package urlcanon
