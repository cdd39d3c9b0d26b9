package corpus

import (
	"fmt"
	"html"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// Site layouts.
const (
	layoutCorporate = iota // a company newsroom: header, breadcrumb, article, related links, footer
	layoutWire             // a PR wire: company bar, share buttons, other companies' releases
	layoutMunicipal        // an old city-hall CMS: tables, 和暦 dates, (1) items
)

func esc(s string) string { return html.EscapeString(s) }

// html renders the spec as a page in its layout and charset.
func (s *spec) html() []byte {
	var b strings.Builder
	meta := `<meta charset="` + s.charset + `">`
	if s.layout == layoutMunicipal {
		meta = `<meta http-equiv="Content-Type" content="text/html; charset=` + strings.ToUpper(s.charset) + `">`
	}
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n%s\n<title>%s｜%s</title>\n", meta, esc(s.title), esc(s.pub.name))
	fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\">\n<link rel=\"canonical\" href=\"%s\">\n", esc(s.title), esc(s.url))
	b.WriteString("<link rel=\"stylesheet\" href=\"/css/style.css\">\n<script src=\"/js/site.js\"></script>\n</head>\n<body>\n")
	switch s.layout {
	case layoutMunicipal:
		s.municipal(&b)
	case layoutWire:
		s.wire(&b)
	default:
		s.corporate(&b)
	}
	b.WriteString("</body>\n</html>\n")
	return encode(b.String(), s.charset)
}

func encode(page, charset string) []byte {
	var enc encoding.Encoding
	switch charset {
	case "shift_jis":
		enc = japanese.ShiftJIS
	case "euc-jp":
		enc = japanese.EUCJP
	default:
		return []byte(page)
	}
	// The legacy encoders have no WAVE DASH (U+301C): their 0x8160 is
	// FULLWIDTH TILDE, which is what such sites serve. Left as it is, the
	// dash would become a SUB control byte that extraction rejects.
	page = strings.ReplaceAll(page, "〜", "～")
	out, err := encoding.ReplaceUnsupported(enc.NewEncoder()).String(page)
	if err != nil {
		return []byte(page)
	}
	return []byte(out)
}

func (s *spec) paragraphs(b *strings.Builder, paras []string) {
	for _, p := range paras {
		lines := strings.Split(p, "\n")
		for i := range lines {
			lines[i] = esc(lines[i])
		}
		fmt.Fprintf(b, "<p>%s</p>\n", strings.Join(lines, "<br>\n"))
	}
}

func (s *spec) itemList(b *strings.Builder) {
	fmt.Fprintf(b, "<h2>%s</h2>\n", esc(s.heading))
	if s.bullet == 0 {
		b.WriteString("<ul>\n")
		for _, it := range s.items {
			fmt.Fprintf(b, "<li>%s</li>\n", esc(it))
		}
		b.WriteString("</ul>\n")
		return
	}
	b.WriteString("<p>")
	for n, it := range s.items {
		if n > 0 {
			b.WriteString("<br>\n")
		}
		b.WriteString(esc(bulletText(s.bullet, n, it)))
	}
	b.WriteString("</p>\n")
}

func (s *spec) categoriesHTML(b *strings.Builder) {
	b.WriteString("<ul class=\"category\">")
	for _, c := range s.theme.categories {
		fmt.Fprintf(b, "<li><a href=\"/news/?cat=%s\">%s</a></li>", esc(c), esc(c))
	}
	b.WriteString("</ul>\n")
}

func (s *spec) corporate(b *strings.Builder) {
	fmt.Fprintf(b, `<header class="site-header"><p class="logo"><a href="/">%s</a></p>
<nav class="gnav"><ul><li><a href="/company/">企業情報</a></li><li><a href="/business/">事業紹介</a></li><li><a href="/news/">ニュースリリース</a></li><li><a href="/ir/">IR情報</a></li><li><a href="/recruit/">採用情報</a></li></ul></nav>
</header>
<nav class="breadcrumb"><ol><li><a href="/">ホーム</a></li><li><a href="/news/">ニュースリリース</a></li><li><a href="/news/%d/">%d年</a></li></ol></nav>
<main id="main"><article class="news-article"><div class="news-head">
`, esc(s.pub.name), s.published.Year(), s.published.Year())
	s.categoriesHTML(b)
	fmt.Fprintf(b, "<h1>%s</h1>\n", esc(s.title))
	if s.subtitle != "" {
		fmt.Fprintf(b, "<p class=\"subtitle\">〜 %s 〜</p>\n", esc(s.subtitle))
	}
	fmt.Fprintf(b, "<p class=\"date\"><time datetime=\"%s\">%s</time></p>\n<div class=\"publisher\"><p>%s</p></div>\n</div>\n<div class=\"news-body\">\n",
		s.published.Format("2006-01-02"), jaDay(s.published), esc(s.pub.name))
	s.paragraphs(b, s.paras)
	s.itemList(b)
	s.paragraphs(b, s.after)
	b.WriteString(`</div>
<div class="share"><a href="https://x.example/share">X</a> <a href="https://facebook.example/share">Facebook</a></div>
</article>
<section class="related"><h2>関連するニュース</h2><ul><li><a href="/news/1/">新製品の発売について</a></li><li><a href="/news/2/">役員人事のお知らせ</a></li></ul></section>
</main>
<footer><ul><li><a href="/privacy/">プライバシーポリシー</a></li><li><a href="/sitemap/">サイトマップ</a></li></ul><p>&copy; `)
	b.WriteString(esc(s.pub.name))
	b.WriteString("</p></footer>\n")
}

func (s *spec) wire(b *strings.Builder) {
	fmt.Fprintf(b, `<header class="wire-header"><a href="/">PR WIRE (example)</a><nav><a href="/ranking/">ランキング</a> <a href="/category/">カテゴリ</a></nav></header>
<div class="company-bar"><a href="/company/%s/">%s</a> <button>フォロー</button></div>
<main><article class="release">
<h1 class="release-title">%s</h1>
`, s.pub.domain, esc(s.pub.name), esc(s.title))
	if s.subtitle != "" {
		fmt.Fprintf(b, "<h2 class=\"release-subtitle\">〜%s〜</h2>\n", esc(s.subtitle))
	}
	fmt.Fprintf(b, "<div class=\"release-meta\"><span class=\"company\">%s</span> <time>%s 11時00分</time></div>\n<div class=\"release-body\">\n",
		esc(s.pub.name), jaDay(s.published))
	s.paragraphs(b, s.paras)
	s.itemList(b)
	s.paragraphs(b, s.after)
	b.WriteString(`</div></article>
<aside class="other-releases"><h3>この企業の他のリリース</h3><ul><li><a href="/r/1">オンラインセミナー開催のお知らせ</a></li></ul>
<h3>注目のリリース</h3><ul><li><a href="/r/2">他社：新サービス提供開始</a></li></ul></aside>
</main>
<footer>PR WIRE (example)</footer>
`)
}

func (s *spec) municipal(b *strings.Builder) {
	fmt.Fprintf(b, `<table width="100%%" id="header"><tr><td><a href="/"><img src="/img/logo.gif" alt="%s"></a></td><td align="right"><a href="/foreign/">Foreign Language</a></td></tr></table>
<div id="pankuzu"><a href="/">トップページ</a> &gt; <a href="/shisei/">市政情報</a> &gt; 報道発表資料</div>
<table width="100%%" id="layout"><tr><td id="leftmenu" width="180"><ul><li><a href="/kurashi/">くらし</a></li><li><a href="/kanko/">観光</a></li></ul></td>
<td id="contents">
<h1>%s</h1>
<table class="info" border="1"><tr><th>発表日</th><td>%s</td></tr><tr><th>発表者</th><td>%s</td></tr><tr><th>担当課</th><td>企画政策課</td></tr></table>
`, esc(s.pub.name), esc(s.title), wareki(s.published), esc(s.pub.name))
	s.paragraphs(b, s.paras)
	s.itemList(b)
	s.paragraphs(b, s.after)
	b.WriteString(`<p class="adobe"><a href="https://get.adobe.example/reader/">Adobe Acrobat Reader</a></p>
</td></tr></table>
<div id="footer"><address>`)
	b.WriteString(esc(s.pub.name))
	b.WriteString("役所</address></div>\n")
}
