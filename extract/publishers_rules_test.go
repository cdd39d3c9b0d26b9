package extract

import (
	"strings"
	"testing"
)

func extractPage(t *testing.T, head, body string) *Release {
	t.Helper()
	x, err := ruleExtractor()
	if err != nil {
		t.Fatal(err)
	}
	page := `<html><head><meta charset="utf-8"><title>お知らせ</title>` + head + `</head><body><main>` + body +
		`<p>株式会社みなと物産と東雲市は、2月20日、包括連携協定を締結しました。両者の資源を活用して地域の活性化を図ります。</p></main></body></html>`
	res, err := x.Extract(Input{URL: "file:///pub.html", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	return res.Release
}

func TestPublisherLines(t *testing.T) {
	const title = `<h1>株式会社みなと物産との包括連携協定の締結について</h1>`
	tests := []struct {
		name, body, want string
	}{
		{"issuer with department", title + `<p>2024年3月1日</p><p>東雲市 商工労働部 産業政策課</p>`, "東雲市"},
		{"field after the date", title + `<p>2024年3月1日 発表元：東雲市</p>`, "東雲市"},
		{"field after date and time", `<p>2024年03月01日 11時00分 配信元：東雲市</p>` + title, "東雲市"},
		{"byline", title + `<p>2024年3月1日（金） 東雲市 広報チーム 3分で読めます</p>`, "東雲市"},
		{"byline with two issuers", title + `<p>2024年3月1日 東雲市 / 株式会社やまと商会</p>`, "東雲市|やまと商会"},
		{"dl fields", title + `<dl><dt>発表日</dt><dd>R6.3.1</dd><dt>担当</dt><dd>東雲市 危機管理課 防災係（電話：000-000-0000）</dd></dl>`, "東雲市"},
		{"issuer with its listing", title + `<p>2024年3月1日</p><p>株式会社やまと商会（東証スタンダード：9999）</p>`, "やまと商会"},
		{"two issuers", title + `<p>2024年3月1日</p><p>東雲市</p><p>株式会社やまと商会</p>`, "東雲市|やまと商会"},
		{"unknown municipality with department", title + `<p>2024年3月1日</p><p>鶴見原市 企画政策課</p>`, "鶴見原市"},
		{"date and issuer row", title + `<table><tr><td>２０２４年３月１日</td><td>東雲市</td></tr></table>`, "東雲市"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractPage(t, "", tt.body)
			if got := strings.Join(r.Publishers, "|"); got != tt.want {
				t.Errorf("publishers = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPublishedFromStructuredData(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"json-ld", `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2025-01-16T09:30:00+09:00","dateModified":"2025-01-20T11:05:00+09:00"}</script>`, "2025-01-16"},
		{"json-ld graph", `<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"Article","datePublished":"2024-02-21"}]}</script>`, "2024-02-21"},
		{"meta", `<meta property="article:published_time" content="2023-06-15T11:00:00+09:00">`, "2023-06-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractPage(t, tt.head, `<h1>株式会社みなと物産との包括連携協定の締結について</h1><p>東雲市</p>`)
			if r.Published == nil || *r.Published != tt.want {
				t.Errorf("published = %v, want %s", r.Published, tt.want)
			}
		})
	}
}

func TestCategories(t *testing.T) {
	const title = `<h1>株式会社みなと物産との包括連携協定の締結について</h1><p>2024年3月1日</p><p>東雲市</p>`
	tests := []struct {
		name, page, want string
	}{
		{"css module tags", `<ul class="NewsArticle_tags__e5"><li><a href="/news?c=press">プレスリリース</a></li><li><a href="/news?t=p">パートナーシップ</a></li></ul>` + title, "プレスリリース|パートナーシップ"},
		{"breadcrumbs are not categories", `<ol class="breadcrumb"><li><a href="/">ホーム</a></li><li><a href="/city/">市政情報</a></li><li>お知らせ</li></ol>` + title, ""},
		{"ad label is not a category", `<div class="pg-ad"><span class="pg-ad__label">PR</span></div>` + title, ""},
		{"wire facets after the body", title + `<h2>お問い合わせ</h2><p>東雲市 企画課</p><dl><dt>種類</dt><dd>経営情報</dd><dt>カテゴリ</dt><dd>物流・運輸</dd><dd>海外進出</dd></dl>`, "物流・運輸|海外進出"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractPage(t, "", tt.page)
			if got := strings.Join(r.Categories, "|"); got != tt.want {
				t.Errorf("categories = %q, want %q", got, tt.want)
			}
		})
	}
}
