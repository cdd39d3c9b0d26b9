package urlcanon

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/idna"
)

// ErrNotHTTP: the URL is not an absolute http or https URL.
var ErrNotHTTP = errors.New("not an absolute http(s) URL")

// Canonical returns the canonical form of the absolute URL raw.
func Canonical(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical URL: %w", err)
	}
	c, err := URL(u)
	if err != nil {
		return "", err
	}
	return c.String(), nil
}

// Resolve resolves ref (as found in an href, a feed or a sitemap) against
// base and returns its canonical form.
func Resolve(base *url.URL, ref string) (string, error) {
	r, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return "", fmt.Errorf("resolve %q: %w", ref, err)
	}
	if base != nil {
		r = base.ResolveReference(r)
	}
	c, err := URL(r)
	if err != nil {
		return "", err
	}
	return c.String(), nil
}

// URL returns a canonical copy of u.
func URL(u *url.URL) (*url.URL, error) {
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" || u.Opaque != "" {
		return nil, fmt.Errorf("%w: %q", ErrNotHTTP, u.Redacted())
	}
	host, err := canonicalHost(u.Hostname())
	if err != nil {
		return nil, err
	}
	port := u.Port()
	if port != "" {
		for _, c := range port {
			if c < '0' || c > '9' {
				return nil, fmt.Errorf("%w: bad port %q", ErrNotHTTP, port)
			}
		}
		port = strings.TrimLeft(port, "0")
		if port == "" {
			return nil, fmt.Errorf("%w: port 0", ErrNotHTTP)
		}
	}
	if scheme == "http" && port == "80" || scheme == "https" && port == "443" {
		port = ""
	}
	hostport := host
	if strings.Contains(host, ":") {
		hostport = "[" + host + "]"
	}
	if port != "" {
		hostport += ":" + port
	}
	path := removeDotSegments(normalizeEscapes(u.EscapedPath(), pathSafe))
	if path == "" || path[0] != '/' {
		path = "/" + path
	}
	out := &url.URL{Scheme: scheme, Host: hostport, RawQuery: canonicalQuery(u.RawQuery)}
	p, err := url.PathUnescape(path)
	if err != nil {
		return nil, fmt.Errorf("canonical URL %q: %w", u.Redacted(), err)
	}
	out.Path, out.RawPath = p, path
	if out.EscapedPath() != path {
		// The decoded form cannot express the escapes: keep them raw.
		out.RawPath = path
	}
	return out, nil
}

func canonicalHost(h string) (string, error) {
	if h == "" {
		return "", fmt.Errorf("%w: no host", ErrNotHTTP)
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return a.WithZone("").String(), nil
	}
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	ascii := true
	for i := 0; i < len(h); i++ {
		if h[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		a, err := idna.Lookup.ToASCII(h)
		if err != nil {
			return "", fmt.Errorf("%w: host %q: %v", ErrNotHTTP, h, err)
		}
		h = strings.ToLower(a)
	}
	if !validHost(h) || net.ParseIP(h) != nil {
		return "", fmt.Errorf("%w: bad host %q", ErrNotHTTP, h)
	}
	return h, nil
}

// validHost accepts DNS names: labels of letters, digits, '-' and '_'.
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// pathSafe and querySafe say which bytes stay unescaped.
func pathSafe(c byte) bool {
	return unreserved(c) || strings.IndexByte("!$&'()*+,;=:@/", c) >= 0
}

func querySafe(c byte) bool {
	return unreserved(c) || strings.IndexByte("!$'()*+,;:@/?", c) >= 0
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

const upperhex = "0123456789ABCDEF"

// normalizeEscapes writes %xx in upper case, decodes escapes of unreserved
// bytes and escapes every byte that safe does not allow (a stray % too).
func normalizeEscapes(s string, safe func(byte) bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if unreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperhex[v>>4])
				b.WriteByte(upperhex[v&15])
			}
			i += 2
			continue
		}
		if safe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperhex[c>>4])
		b.WriteByte(upperhex[c&15])
	}
	return b.String()
}

// removeDotSegments is RFC 3986 section 5.2.4.
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	var out []string
	segs := strings.Split(p, "/")
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	r := strings.Join(out, "/")
	if !strings.HasPrefix(r, "/") {
		r = "/" + r
	}
	return r
}

// canonicalQuery drops tracking and empty parameters and sorts the rest by
// name, keeping repeated names in their order.
func canonicalQuery(q string) string {
	if q == "" {
		return ""
	}
	type pair struct{ key, raw string }
	var pairs []pair
	for _, part := range strings.FieldsFunc(q, func(r rune) bool { return r == '&' }) {
		raw := normalizeEscapes(part, func(c byte) bool { return querySafe(c) || c == '=' })
		k, _, _ := strings.Cut(raw, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			key = k
		}
		if key == "" || IsTracking(key) {
			continue
		}
		pairs = append(pairs, pair{key, raw})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].key < pairs[j].key })
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}

// tracking lists the parameters that only say where a click came from.
var tracking = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "ttclid": true, "li_fat_id": true, "igshid": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true,
	"__hstc": true, "__hssc": true, "__hsfp": true, "hsctatracking": true, "mkt_tok": true,
	"oly_anon_id": true, "oly_enc_id": true, "vero_id": true, "vero_conv": true, "rb_clickid": true,
	"s_cid": true, "srsltid": true, "wickedid": true, "_openstat": true,
}

// IsTracking reports whether a query parameter name is a click or campaign
// tracker (utm_*, fbclid, gclid, …) that never changes the page.
func IsTracking(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "utm_") || tracking[k]
}
