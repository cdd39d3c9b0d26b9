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
		{"a hospital agency and its hospital", title + `<p>2024年3月1日</p><p>地方独立行政法人東雲市病院機構 東雲市民病院</p>`, "東雲市病院機構"},
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

// TestPublisherFromSiteName: where the page names its issuer only as a
// department (発表者 | 産業労働部 …) or as 当センター, the organization
// <title> names beside the release's title issued it.
func TestPublisherFromSiteName(t *testing.T) {
	x, err := ruleExtractor()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, title, body, want string }{
		{"department only", "株式会社みなと物産と立地協定を締結しました／東雲県",
			`<h1>株式会社みなと物産と立地協定を締結しました</h1><table><tr><th>発表日</th><td>令和6年3月1日</td></tr><tr><th>発表者</th><td>産業労働部 企業立地推進課</td></tr></table>` +
				`<p>東雲県は、2月20日、株式会社みなと物産と立地協定を締結しました。同社の新工場の立地に関するものです。</p>`, "東雲県"},
		{"a municipality's own site", "東雲財団との包括連携協定の締結について／萩ノ浦町ホームページ",
			`<h1>東雲財団との包括連携協定の締結について</h1><p>令和6年3月1日</p><p>報道機関に提供した資料を掲載します。</p>` +
				`<p>資料は変換したものです。</p><p>正式な資料はPDF版をご覧ください。</p><p>報道機関各位</p><p>公印省略</p>` +
				`<p>2月20日、公益財団法人東雲財団と包括連携協定を締結しましたので、お知らせします。</p>`, "萩ノ浦町"},
		{"当センターでは", "株式会社みなと物産と覚書を締結しました｜一般財団法人東雲水環境センター",
			`<h1>株式会社みなと物産と覚書を締結しました</h1><p>掲載日：令和6年3月1日</p>` +
				`<p>当センターでは、湖の水環境保全に向けた連携を強化するため、株式会社みなと物産（以下「みなと物産」）と2月20日に覚書を締結しました。</p><p>みなと物産は、観測装置の保守を担当しています。</p>`, "東雲水環境センター"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head><meta charset="utf-8"><title>` + tt.title + `</title></head><body><main>` + tt.body + `</main></body></html>`
			res, err := x.Extract(Input{URL: "file:///site.html", Body: []byte(page)})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(res.Release.Publishers, "|"); got != tt.want {
				t.Errorf("publishers = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOrganizationNameEndsInHiragana: 生活協同組合 is a legal word, and a
// name may end in hiragana before its parenthesis; once known, the name
// is read whole where Kagome cut it (…コープしののめと共同で).
func TestOrganizationNameEndsInHiragana(t *testing.T) {
	r := extractText(t, "東雲農業協同組合", "東雲農業協同組合（代表理事組合長　鳥居 正勝）と生活協同組合コープしおん（理事長　仙波 律子）は、2月20日、国立大学法人東雲大学と連携協定を締結しました。\n\n"+
		"生活協同組合コープしおんと共同で進めてきた産直の取組を発展させます。")
	if got, want := orgNames(r), "東雲農業協同組合|生活協同組合コープしおん|国立大学法人東雲大学"; got != want {
		t.Errorf("organizations = %q, want %q", got, want)
	}
}

// TestOrganizationNamesCutByKagome: a name Kagome cut in its kana before
// the parenthesis that introduces it, and a place joined by ノ.
func TestOrganizationNamesCutByKagome(t *testing.T) {
	r := extractText(t, "株式会社いそしぎ銀行", "株式会社いそしぎ銀行（頭取　葛葉 英嗣、以下「いそしぎ銀行」）と萩ノ浦町は、3月12日、連携協定を締結しました。")
	if got, want := orgNames(r), "株式会社いそしぎ銀行|萩ノ浦町"; got != want {
		t.Errorf("organizations = %q, want %q", got, want)
	}
}

// TestSideNavigationIsFurniture: a municipal CMS's local navigation
// (tmp_lnavi) lists other releases, one of them an agreement.
func TestSideNavigationIsFurniture(t *testing.T) {
	body := `<div id="tmp_contents"><p>東雲町は、2月20日、株式会社みなと物産と包括連携協定を締結しました。両者の資源を活用して地域の活性化を図ります。</p>` +
		`<p>協定に基づく取組は、来年度から順次始めます。</p></div>` +
		`<div id="tmp_lnavi"><ul><li><a href="/a.html">株式会社ハギ運送と災害時の物資輸送に関する協定を締結しました（令和6年12月20日）</a></li><li><a href="/b.html">文化祭の入賞者が決まりました</a></li></ul></div>`
	r := extractHTML(t, "東雲町", body)
	if got, want := agreementSummary(r), "みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"; got != want {
		t.Errorf("agreements = %q, want %q", got, want)
	}
}

// TestKnownNameJoinedByNo: an alias with a place joined by ノ is found
// where Kagome starts the name after the ノ (鵜ノ|浦商議所).
func TestKnownNameJoinedByNo(t *testing.T) {
	r := extractText(t, "株式会社いそしぎ銀行", "株式会社いそしぎ銀行（頭取　葛葉 英嗣）は、2月12日、鵜ノ浦商工会議所（会頭　鶴賀 久志、以下「鵜ノ浦商議所」）と連携協定を締結しました。なお、当行と鵜ノ浦商議所は、令和3年7月に「創業支援に関する覚書」を締結しております。")
	var signed []string
	for _, a := range r.Agreements {
		if a.Signed != nil {
			signed = append(signed, *a.Signed)
		}
	}
	if got, want := strings.Join(signed, " "), "2024-02-12 2021-07"; got != want {
		t.Errorf("signed = %q, want %q (%s)", got, want, agreementSummary(r))
	}
}

// orgNames lists the release's organizations by name, in order.
func orgNames(r *Release) string {
	var names []string
	for _, o := range r.Organizations {
		names = append(names, o.Name)
	}
	return strings.Join(names, "|")
}
