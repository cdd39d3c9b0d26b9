package extract

import (
	"strings"
	"testing"
)

// extractHTML extracts a minimal release page: a title, the date and the
// issuer under it, then body (HTML).
func extractHTML(t *testing.T, issuer, body string) *Release {
	t.Helper()
	x, err := ruleExtractor()
	if err != nil {
		t.Fatal(err)
	}
	page := `<html><head><meta charset="utf-8"><title>お知らせ</title></head><body><main>` +
		`<h1>株式会社みなと物産との連携に関するお知らせ</h1><p>2024年3月1日</p><p>` + issuer + `</p>` + body + `</main></body></html>`
	res, err := x.Extract(Input{URL: "file:///rule.html", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	return res.Release
}

const leadMinato = `<p>東雲市は、2月20日、株式会社みなと物産と包括連携協定を締結しました。両者の資源を活用し、地域の活性化を図ります。</p>`

func TestItemLayouts(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"ul under 連携事項", leadMinato + `<h2>連携事項</h2><ul><li>観光振興に関すること</li><li>地域産業の振興に関すること 等</li></ul>`,
			[]string{"観光振興に関すること", "地域産業の振興に関すること"}},
		{"br in one p, （１）", leadMinato + `<h2>協定の内容</h2><p>（１）観光振興に関すること<br>（２）防災に関すること</p>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"（ア）", leadMinato + `<h2>連携事項</h2><p>次の事項について連携します。</p><p>（ア）観光振興に関すること<br>（イ）防災に関すること</p>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"（1） with ア イ ウ under it", leadMinato + `<h2>協定の内容</h2><p>次の事項について協力します。</p><p>（1）物資の優先的な供給</p><p>ア　食料品及び飲料水<br>イ　日用品<br>ウ　毛布</p><p>（2）物資の運搬</p><p>（3）防災訓練への参加</p>`,
			[]string{"物資の優先的な供給", "物資の運搬", "防災訓練への参加"}},
		{"✅ bullets", leadMinato + `<h2>連携事項</h2><div>✅ 観光振興に関すること</div><div>✅ 防災に関すること</div>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"委託する主な業務", `<p>東雲市は、2月20日、株式会社みなと物産と業務委託契約を締結しました。</p><h3>委託する主な業務</h3><ol><li>充電器の定期点検</li><li>コールセンターの運営</li></ol>`,
			[]string{"充電器の定期点検", "コールセンターの運営"}},
		{"■ headings over each matter", leadMinato + `<h2>連携事項</h2><h3>■多言語による観光情報の発信</h3><p>県内の観光情報を発信します。</p><h3>■体験型観光コンテンツの共同造成</h3><p>共同で造成します。</p>`,
			[]string{"多言語による観光情報の発信", "体験型観光コンテンツの共同造成"}},
		{"一、", leadMinato + `<h2>連携事項</h2><p>一、観光振興に関する事項<br>二、防災に関する事項</p>`,
			[]string{"観光振興に関する事項", "防災に関する事項"}},
		{"１．", leadMinato + `<h2>連携事項</h2><p>１．観光振興に関すること<br>２．防災に関すること</p>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"dl numbered", leadMinato + `<h3>協定の内容</h3><dl><dt>1</dt><dd>観光振興に関すること</dd><dt>2</dt><dd>防災に関すること</dd></dl>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"ol with nested ul", leadMinato + `<h2>主な内容</h2><ol><li>観光振興<ul><li>観光案内の共同制作</li></ul></li><li>防災</li></ol>`,
			[]string{"観光振興", "防災"}},
		{"table row with br", leadMinato + `<h2>協定の概要</h2><table><tr><th>協定の内容</th><td>観光振興に関すること<br>防災に関すること</td></tr></table>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"table row with bullets", leadMinato + `<h2>協定の概要</h2><table><tr><th>連携事項</th><td>・観光振興に関すること<br>・防災に関すること</td></tr></table>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"次の3点", leadMinato + `<p>協定で合意したのは、次の3点です。</p><ul><li>観光振興</li><li>防災</li><li>子育て支援</li></ul>`,
			[]string{"観光振興", "防災", "子育て支援"}},
		{"enumeration in a sentence", leadMinato + `<p>本協定に基づき、両者は観光振興に関すること、防災に関すること、子育て支援に関することについて連携します。</p>`,
			[]string{"観光振興に関すること", "防災に関すること", "子育て支援に関すること"}},
		{"br lines without marks", leadMinato + `<h2>連携事項</h2><p>観光振興に関すること<br>防災に関すること</p><p>今後、具体的な取組を進めます。</p>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"numbered section line", leadMinato + `<p>1．提携の目的</p><p>地域の活性化を図ります。</p><p>2．連携事項</p><p>・観光振興に関すること<br>・防災に関すること</p><p>3．今後の見通し</p><p>業績への影響は軽微です。</p>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"sub-bullets between numbered paragraphs", leadMinato + `<h2>連携事項</h2><p>(1) 観光振興に関すること</p><p>・観光マップの作成</p><p>(2) 防災に関すること</p>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"not items: document sections", `<p>東雲市は、2月20日、株式会社みなと物産と包括連携協定を締結しましたので、以下のとおりお知らせします。</p><p>1．協定の目的</p><p>地域の活性化を図ります。</p><h2>連携事項</h2><ul><li>観光振興に関すること</li><li>防災に関すること</li></ul>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"(i) (ii) in one p", leadMinato + `<h2>提携の内容</h2><p>以下の事項について業務提携を行います。</p><p>(i)　観光振興に関する共同事業<br>(ii)　防災に関する共同事業<br>(iii)　人材交流</p>`,
			[]string{"観光振興に関する共同事業", "防災に関する共同事業", "人材交流"}},
		{"項目 | 内容 | 開始時期", leadMinato + `<h2>連携の内容</h2><table><tr><th>項目</th><th>内容</th><th>開始時期</th></tr><tr><th>観光</th><td>観光資源の共同発信</td><td>4月</td></tr><tr><th>防災</th><td>災害時の物資の供給</td><td>随時</td></tr></table>`,
			[]string{"観光資源の共同発信", "災害時の物資の供給"}},
		{"cards: a label over each matter", leadMinato + `<h2>連携事項</h2><div><span>01</span><h3>観光</h3><p>観光振興に関すること</p></div><div><span>02</span><h3>防災</h3><p>防災に関すること</p></div>`,
			[]string{"観光振興に関すること", "防災に関すること"}},
		{"sub-headings over explanations", leadMinato + `<h2>連携事項</h2><h3>観光振興</h3><p>観光マップを共同で制作します。</p><h3>防災</h3><p>防災訓練を共同で実施します。</p>`,
			[]string{"観光振興", "防災"}},
		{"not items: outline fields", leadMinato + `<h2>協定の概要</h2><ul><li>締結日：令和6年2月20日</li><li>協定名：地域活性化に関する包括連携協定</li></ul>`,
			nil},
		{"事項 enumeration in a sentence", leadMinato + `<p>本協定では、（1）観光振興に関する事項、（2）防災に関する事項について連携します。</p>`,
			[]string{"観光振興に関する事項", "防災に関する事項"}},
		{"not items: first actions", leadMinato + `<h2>今後の主な取組</h2><ul><li>観光マップの作成</li><li>防災訓練の実施</li></ul>`,
			nil},
		{"not items: schedule", leadMinato + `<p>今後のスケジュールは次のとおりです。</p><ul><li>4月 観光マップの作成</li><li>5月 防災訓練</li></ul>`,
			nil},
		{"not items: past cooperation", leadMinato + `<p>両者はこれまでも、観光振興に関すること、防災に関することで協力してきました。</p>`,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractHTML(t, "東雲市", tt.body)
			if len(r.Agreements) == 0 {
				t.Fatalf("no agreement")
			}
			got := r.Agreements[0].Items
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("items = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOutlineTable(t *testing.T) {
	body := `<p>東雲市は、株式会社みなと物産と包括連携協定を締結しました。</p><h2>協定の概要</h2><table>` +
		`<tr><th>締結日</th><td>令和6年2月20日（火曜日）</td></tr>` +
		`<tr><th>協定名</th><td>地域活性化に関する包括連携協定</td></tr>` +
		`<tr><th>協定の内容</th><td>（1）観光振興に関すること<br>（2）防災に関すること</td></tr></table>`
	r := extractHTML(t, "東雲市", body)
	if got, want := agreementSummary(r), "みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|観光振興に関すること;防災に関すること"; got != want {
		t.Errorf("agreements = %q, want %q", got, want)
	}
}

func TestNoAgreement(t *testing.T) {
	for _, body := range []string{
		`<p>株式会社みなと物産は、新商品「東雲のめぐみ」を発売しました。契約農家が育てた野菜を使用しています。</p><h2>商品の主な特長</h2><ul><li>国産野菜100%</li><li>保存料不使用</li></ul>`,
		`<p>本イベントは、東雲市の後援を受けて開催します。</p><h2>会社概要</h2><p>株式会社みなと物産は、2019年に株式会社やまと商会と業務提携契約を締結しています。</p>`,
		`<p>本大会は株式会社みなと物産が主催し、株式会社やまと商会と協賛契約を締結して開催します。</p>`,
	} {
		r := extractHTML(t, "株式会社みなと物産", body)
		if len(r.Agreements) != 0 {
			t.Errorf("%s: agreements = %q, want none", body, agreementSummary(r))
		}
	}
}

func TestNumberedTableItems(t *testing.T) {
	body := leadMinato + `<h2>連携事項</h2><table><tr><td>1</td><td>観光振興に関すること</td></tr><tr><td>2</td><td>防災に関すること</td></tr></table>`
	r := extractHTML(t, "東雲市", body)
	if got, want := agreementSummary(r), "みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|観光振興に関すること;防災に関すること"; got != want {
		t.Errorf("agreements = %q, want %q", got, want)
	}
}

func TestOutlineDateLines(t *testing.T) {
	for _, body := range []string{
		`<p>東雲市は、株式会社みなと物産と包括連携協定を締結しました。</p><h3>協定締結日</h3><p>令和6年2月20日（火曜日）</p>`,
		`<p>東雲市は、株式会社みなと物産と包括連携協定を締結しました。</p><p>締結日：令和6年2月20日</p>`,
	} {
		r := extractHTML(t, "東雲市", body)
		if got, want := agreementSummary(r), "みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"; got != want {
			t.Errorf("agreements = %q, want %q", got, want)
		}
	}
}
