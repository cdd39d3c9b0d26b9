package extract

import (
	"strings"
	"testing"
)

// TestGenrePages reads whole pages in the genre's common layouts, written
// for this test: a university's news page, a PR wire's company release,
// a municipality's three-party agreement.
func TestGenrePages(t *testing.T) {
	x, err := ruleExtractor()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, page string
		published  string
		publishers string
		agreements string
		people     []string
	}{
		{"university", `<html><head><meta charset="utf-8"><title>あおい大学と株式会社オオルリ製作所が包括連携協定を締結 | あおい大学</title></head><body>
<header><nav><ul><li><a href="/">ホーム</a></li><li><a href="/news/">ニュース</a></li></ul></nav></header>
<main><article><p class="date">2024.05.10</p><h1>あおい大学と株式会社オオルリ製作所が包括連携協定を締結</h1>
<p>国立大学法人あおい大学（学長：高森 一郎）と株式会社オオルリ製作所（代表取締役社長：大瑠璃 誠）は、5月8日、地域産業の振興と人材育成を目的とした包括連携協定を締結しました。</p>
<figure><img src="a.jpg"><figcaption>写真左から　株式会社オオルリ製作所 代表取締役社長 大瑠璃 誠 氏、あおい大学 学長 高森 一郎</figcaption></figure>
<h3>協定の主な内容</h3><ol><li>共同研究の推進に関すること</li><li>学生のインターンシップに関すること</li><li>その他、両者が必要と認める事項</li></ol>
<h3>今後の予定</h3><ul><li>6月 共同研究テーマの公募</li></ul>
<h3>お問い合わせ</h3><p>あおい大学 広報課</p></article></main></body></html>`,
			"2024-05-10", "あおい大学",
			"オオルリ製作所|包括連携協定|comprehensive_partnership|2024-05-08|共同研究の推進に関すること;学生のインターンシップに関すること;その他、両者が必要と認める事項",
			[]string{"高森 一郎/学長", "大瑠璃 誠/代表取締役社長"}},
		{"pr wire", `<html><head><meta charset="utf-8"><title>株式会社ヒバリ技研、ツグミ工業株式会社と資本業務提携契約を締結</title>
<meta property="article:published_time" content="2024-06-04T10:00:00+09:00"></head><body><main>
<div class="company-bar">株式会社ヒバリ技研</div>
<h1>株式会社ヒバリ技研、ツグミ工業株式会社と資本業務提携契約を締結</h1>
<p>株式会社ヒバリ技研（本社：東京都港区、代表取締役：雲雀 健太、以下「当社」）は、2024年6月3日開催の取締役会において、ツグミ工業株式会社（以下「ツグミ工業」）との間で資本業務提携契約を締結することを決議し、同日付で締結いたしました。</p>
<p>■業務提携の内容</p><p>(1) 製品の共同開発<br>(2) 販売網の相互活用 等</p>
<p>■資本提携の内容</p><p>当社は、ツグミ工業の普通株式を取得します。</p>
</main></body></html>`,
			"2024-06-04", "ヒバリ技研",
			"ツグミ工業|資本業務提携|capital_alliance|2024-06-03|製品の共同開発;販売網の相互活用",
			[]string{"雲雀 健太/代表取締役"}},
		{"three parties", `<html><head><meta charset="utf-8"><title>報道発表</title></head><body><div id="content">
<h1>カワセミ大学及び株式会社ミサゴ電機と連携協定を締結しました</h1><p>令和6年4月26日</p><p>星空市 企画政策課</p>
<p>星空市は、カワセミ大学及び株式会社ミサゴ電機と、4月25日（木曜日）、「脱炭素のまちづくりに関する連携協定」を締結しました。</p>
<h2>連携事項</h2><p>（1）再生可能エネルギーの導入促進に関すること<br>（2）環境教育に関すること</p>
<p>締結式では、星空市長 星野 直樹が「3者の力を合わせたい」とあいさつしました。</p>
</div></body></html>`,
			"2024-04-26", "星空市",
			"カワセミ大学|連携協定|comprehensive_partnership|2024-04-25|再生可能エネルギーの導入促進に関すること;環境教育に関すること / ミサゴ電機|連携協定|comprehensive_partnership|2024-04-25|再生可能エネルギーの導入促進に関すること;環境教育に関すること",
			[]string{"星野 直樹/市長"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := x.Extract(Input{URL: "file:///" + tt.name, Body: []byte(tt.page)})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Release
			if r.Published == nil || *r.Published != tt.published {
				t.Errorf("published = %v, want %s", r.Published, tt.published)
			}
			if got := strings.Join(r.Publishers, "|"); got != tt.publishers {
				t.Errorf("publishers = %q, want %q", got, tt.publishers)
			}
			if got := agreementSummary(r); got != tt.agreements {
				t.Errorf("agreements = %q\nwant         %q", got, tt.agreements)
			}
			var people []string
			for _, p := range r.People {
				people = append(people, p.Name+"/"+p.Title)
			}
			for _, w := range tt.people {
				found := false
				for _, p := range people {
					found = found || p == w
				}
				if !found {
					t.Errorf("people = %q, want %s among them", people, w)
				}
			}
		})
	}
}
