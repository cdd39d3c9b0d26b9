package urlcanon_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/pressroom-ja/pressroom/ingest/urlcanon"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already canonical", "https://example.co.jp/news/2024/0115.html", "https://example.co.jp/news/2024/0115.html"},
		{"scheme and host case", "HTTPS://WWW.Example.CO.JP/News/A.html", "https://www.example.co.jp/News/A.html"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"other port kept", "http://127.0.0.1:8000/index.html", "http://127.0.0.1:8000/index.html"},
		{"leading zeros in port", "http://example.com:0080/a", "http://example.com/a"},
		{"port 443 on http kept", "http://example.com:443/a", "http://example.com:443/a"},
		{"empty path", "https://example.com", "https://example.com/"},
		{"fragment dropped", "https://example.com/news/1.html#top", "https://example.com/news/1.html"},
		{"empty fragment dropped", "https://example.com/a#", "https://example.com/a"},
		{"userinfo dropped", "https://user:pw@example.com/a", "https://example.com/a"},
		{"dot segments", "https://example.com/news/./2024/../2023/1.html", "https://example.com/news/2023/1.html"},
		{"dot segments above root", "https://example.com/../../a", "https://example.com/a"},
		{"trailing slash kept", "https://example.com/news/", "https://example.com/news/"},
		{"double slash kept", "https://example.com/a//b", "https://example.com/a//b"},
		{"utm removed", "https://example.com/a?utm_source=x&utm_medium=y&utm_campaign=z", "https://example.com/a"},
		{"utm upper case removed", "https://example.com/a?UTM_Source=x&id=1", "https://example.com/a?id=1"},
		{"click ids removed", "https://example.com/a?id=7&fbclid=abc&gclid=def&msclkid=1&yclid=2&_ga=3&mc_cid=4", "https://example.com/a?id=7"},
		{"query sorted", "https://example.com/a?page=2&cat=news", "https://example.com/a?cat=news&page=2"},
		{"repeated keys keep order", "https://example.com/a?t=b&a=1&t=a", "https://example.com/a?a=1&t=b&t=a"},
		{"empty query dropped", "https://example.com/a?", "https://example.com/a"},
		{"empty params dropped", "https://example.com/a?&&id=1&", "https://example.com/a?id=1"},
		{"param without value kept", "https://example.com/a?print", "https://example.com/a?print"},
		{"escape case", "https://example.com/%e3%83%8b%e3%83%a5%e3%83%bc%e3%82%b9", "https://example.com/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9"},
		{"unreserved escapes decoded", "https://example.com/%7Euser/%41bc", "https://example.com/~user/Abc"},
		{"raw UTF-8 path escaped", "https://example.com/ニュース/1", "https://example.com/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9/1"},
		{"escaped slash kept", "https://example.com/a%2fb", "https://example.com/a%2Fb"},
		{"query escapes", "https://example.com/s?q=%e5%b7%9d%e5%b4%8e&x=a%20b", "https://example.com/s?q=%E5%B7%9D%E5%B4%8E&x=a%20b"},
		{"plus kept", "https://example.com/s?q=a+b", "https://example.com/s?q=a+b"},
		{"IDN host", "https://日本語.jp/news", "https://xn--wgv71a119e.jp/news"},
		{"trailing dot host", "https://example.com./a", "https://example.com/a"},
		{"IPv6 host", "http://[::1]:8080/a", "http://[::1]:8080/a"},
		{"IPv6 default port", "http://[2001:DB8::1]:80/", "http://[2001:db8::1]/"},
		{"spaces around", "  https://example.com/a \n", "https://example.com/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := urlcanon.Canonical(tt.in)
			if err != nil {
				t.Fatalf("Canonical(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := urlcanon.Canonical(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: %q → %q (%v)", got, again, err)
			}
		})
	}
}

func TestCanonicalRejects(t *testing.T) {
	for _, in := range []string{"mailto:pr@example.com", "javascript:void(0)", "ftp://example.com/a", "/news/1.html", "https://", "http://example.com:abc/", "http://exa mple.com/", "tel:0312345678"} {
		if got, err := urlcanon.Canonical(in); err == nil {
			t.Errorf("Canonical(%q) = %q, want an error", in, got)
		} else if !errors.Is(err, urlcanon.ErrNotHTTP) {
			var ue *url.Error
			if !errors.As(err, &ue) {
				t.Errorf("Canonical(%q): error %v is neither ErrNotHTTP nor a parse error", in, err)
			}
		}
	}
}

func TestResolve(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:8000/news/index.html?utm_source=x")
	tests := []struct{ ref, want string }{
		{"page2.html", "http://127.0.0.1:8000/news/page2.html"},
		{"../about.html#team", "http://127.0.0.1:8000/about.html"},
		{"/feed.xml", "http://127.0.0.1:8000/feed.xml"},
		{"//example.com/x", "http://example.com/x"},
		{"?page=2", "http://127.0.0.1:8000/news/index.html?page=2"},
		{"https://Example.com:443/x?b=1&a=2", "https://example.com/x?a=2&b=1"},
	}
	for _, tt := range tests {
		got, err := urlcanon.Resolve(base, tt.ref)
		if err != nil || got != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.ref, got, err, tt.want)
		}
	}
}

func TestIsTracking(t *testing.T) {
	for k, want := range map[string]bool{"utm_source": true, "utm_whatever": true, "fbclid": true, "GCLID": true, "id": false, "page": false, "ref": false, "utm": false} {
		if got := urlcanon.IsTracking(k); got != want {
			t.Errorf("IsTracking(%q) = %v", k, got)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		"https://example.com/a?b=1&a=2#x", "HTTP://EXAMPLE.COM:80/./a/../b/", "https://日本語.jp/ニュース?q=川崎",
		"http://[::1]:8000/", "https://example.com/%zz%2f%41?%&=&utm_source=1", "http://a/b/c/./../../g",
		"https://user@example.com:0443/", "http://127.0.0.1:8000/news/../private/x.html",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := urlcanon.Canonical(in)
		if err != nil {
			return
		}
		again, err := urlcanon.Canonical(got)
		if err != nil {
			t.Fatalf("Canonical(%q) = %q, which does not canonicalize: %v", in, got, err)
		}
		if again != got {
			t.Fatalf("not idempotent: %q → %q → %q", in, got, again)
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" || u.User != nil {
			t.Fatalf("Canonical(%q) = %q: not a clean absolute URL (%v)", in, got, err)
		}
	})
}
