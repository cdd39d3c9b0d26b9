package extract

import (
	"strings"
	"sync"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

var ruleExtractor = sync.OnceValues(func() (*Extractor, error) {
	an, err := ja.New(ipa.Dict())
	if err != nil {
		return nil, err
	}
	return New(an), nil
})

// extractText extracts a plain-text release: a title, the date and the
// issuer under it, then body.
func extractText(t *testing.T, issuer, body string) *Release {
	t.Helper()
	x, err := ruleExtractor()
	if err != nil {
		t.Fatal(err)
	}
	page := "連携に関するお知らせ（テスト用の表題）\n2024年3月1日\n" + issuer + "\n\n" + body + "\n"
	res, err := x.Extract(Input{URL: "file:///rule.txt", Text: true, Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	return res.Release
}

// partnerKeys lists the agreements' partners, in order.
func partnerKeys(r *Release) string {
	var keys []string
	for _, a := range r.Agreements {
		keys = append(keys, a.Partner)
	}
	return strings.Join(keys, "|")
}

func agreementSummary(r *Release) string {
	var parts []string
	for _, a := range r.Agreements {
		s := a.Partner + "|" + a.Label + "|" + a.Kind + "|"
		if a.Signed != nil {
			s += *a.Signed
		}
		s += "|" + strings.Join(a.Items, ";")
		parts = append(parts, s)
	}
	return strings.Join(parts, " / ")
}

func TestAgreementSentences(t *testing.T) {
	tests := []struct {
		name, issuer, body, want string
	}{
		{"と…を締結", "株式会社テスト商事", "株式会社テスト商事（代表取締役社長：山田 太郎）は、2月28日、株式会社みなと物産と業務提携契約を締結しました。",
			"みなと物産|業務提携|business_alliance|2024-02-28|"},
		{"との間で合意", "株式会社テスト商事", "株式会社テスト商事は、本日、株式会社みなと物産との間で資本業務提携を行うことについて合意しました。",
			"みなと物産|資本業務提携|capital_alliance|2024-03-01|"},
		{"AとBは", "東雲市", "東雲市と株式会社みなと物産は、2月20日、包括連携協定を締結しました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"passive", "東雲市", "東雲市と株式会社みなと物産との間で、2月20日に包括連携協定が締結されました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"協定を結びました", "東雲市", "市は、2月20日、株式会社みなと物産と「災害時における物資の供給に関する協定」を結びました。",
			"みなと物産|協定|other|2024-02-20|"},
		{"quoted name with alias", "東雲市", "東雲市と株式会社みなと物産は、2月20日、「地域活性化に関する連携協定」（以下「本協定」という。）を締結しました。",
			"みなと物産|連携協定|comprehensive_partnership|2024-02-20|"},
		{"several partners", "東雲市", "東雲市は、2月20日、株式会社みなと物産及び株式会社やまと商会と包括連携協定を締結しました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20| / やまと商会|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"3者", "東雲商工会議所", "東雲商工会議所（会頭　柏木 俊介）、東雲市（市長　西條 美穂）及び株式会社みなと銀行（頭取　野間 修）の3者は、2月20日、連携協定を締結しました。",
			"東雲市|連携協定|comprehensive_partnership|2024-02-20| / みなと銀行|連携協定|comprehensive_partnership|2024-02-20|"},
		{"共同研究を開始", "東雲大学", "東雲大学は、株式会社みなと物産と共同研究を開始します。両者は去る1月15日に共同研究契約を締結しており、4月から研究を実施します。",
			"みなと物産|共同研究契約|joint_research|2024-01-15|"},
		{"同日付", "株式会社テスト商事", "当社は、2024年2月27日開催の取締役会において決議し、同日付で株式会社みなと物産との間で資本業務提携契約を締結いたしました。",
			"みなと物産|資本業務提携|capital_alliance|2024-02-27|"},
		{"previous year", "東雲市", "東雲市は、12月20日（水曜日）、株式会社みなと物産と包括連携協定を締結しました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2023-12-20|"},
		{"a dated agreement the new one follows", "株式会社しおさい銀行", "株式会社しおさい銀行は、2月28日、株式会社みなと物産と業務提携契約を締結しました。当行の業務提携は、令和4年6月の株式会社カンテラ会計（クラウド会計サービスを提供）との業務提携に続き、2件目となります。",
			"みなと物産|業務提携|business_alliance|2024-02-28| / カンテラ会計|業務提携|business_alliance|2022-06|"},
		{"talks since a season are not a signing", "東雲市", "東雲市は、2月20日、株式会社みなと物産と包括連携協定を締結しました。両者が幅広く連携するため、令和元年夏から協議を進めてきた結果、このたびの協定締結に至りました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"a month before an event is not the agreement's", "東雲市", "東雲市は、4月の展示会で知り合った株式会社みなと物産と、2月20日に包括連携協定を締結しました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"noun phrase then verb", "株式会社テスト商事", "もう1つは、物流スタートアップのハコブネさんとの覚書です。こちらも2月28日に締結しました。",
			"ハコブネ|覚書|mou|2024-02-28|"},
		{"partner after the label", "東雲市", "東雲市は、2月20日、地域の活性化に関する包括連携協定を株式会社みなと物産と締結しました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"3者で", "東雲市", "東雲市は、2月20日、株式会社みなと物産及び株式会社やまと商会と3者で包括連携協定を締結しました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20| / やまと商会|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"が締結", "東雲市", "東雲市と株式会社みなと物産が、2月20日、包括連携協定を締結しました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"付で", "株式会社テスト商事", "当社は、2024年2月20日付で株式会社みなと物産とライセンス契約を締結しました。",
			"みなと物産|ライセンス契約|license|2024-02-20|"},
		{"基本合意書", "株式会社テスト商事", "当社は、2月20日、株式会社みなと物産と業務提携に関する基本合意書を締結しました。",
			"みなと物産|基本合意書|mou|2024-02-20|"},
		{"提携いたしました", "株式会社テスト商事", "株式会社テスト商事は、このたび株式会社みなと物産と業務提携いたしました。",
			"みなと物産|業務提携|business_alliance||"},
		{"協定書を取り交わし", "東雲市", "東雲市は、2月20日、株式会社みなと物産と防災に関する協定書を取り交わしました。",
			"みなと物産|協定|other|2024-02-20|"},
		{"本… refers back", "株式会社テスト商事", "株式会社テスト商事は、2月20日、国立大学法人ノヴァ工科大学と共同研究契約を締結しました。このたび、ノヴァ工科大と連携することで、本共同研究契約の締結に至りました。",
			"ノヴァ工科大学|共同研究契約|joint_research|2024-02-20|"},
		{"unknown municipality", "株式会社テスト商事", "株式会社テスト商事は、鶴見原市と6月30日、子育て支援を目的とした覚書を締結しました。",
			"鶴見原市|覚書|mou|2023-06-30|"},
		{"契約 about a specific word", "株式会社テスト商事", "株式会社テスト商事と株式会社みなと物産は、2月20日、資本業務提携に関する契約を締結いたしました。",
			"みなと物産|資本業務提携|capital_alliance|2024-02-20|"},
		{"に合意", "株式会社テスト商事", "株式会社テスト商事と株式会社みなと物産は、2月20日、業務提携に合意しました。",
			"みなと物産|業務提携|business_alliance|2024-02-20|"},
		{"との間で、…協定を締結", "東雲市", "東雲市は、2月20日、株式会社みなと物産との間で、災害時における物資供給に関する協定を締結しました。",
			"みなと物産|協定|other|2024-02-20|"},
		{"3社は", "株式会社テスト商事", "株式会社テスト商事、株式会社みなと物産及び株式会社やまと商会の3社は、2月20日、業務提携契約を締結しました。",
			"みなと物産|業務提携|business_alliance|2024-02-20| / やまと商会|業務提携|business_alliance|2024-02-20|"},
		{"ceremony date", "東雲市", "東雲市は、このたび、株式会社みなと物産と包括連携協定を締結しました。締結式は2024年2月20日、市役所で行われました。",
			"みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"a date each, in order (それぞれ)", "一般財団法人テスト財団", "一般財団法人テスト財団は、株式会社みなと物産（以下「みなと物産」）及び国立大学法人東雲大学（以下「東雲大学」）とはそれぞれ2月1日及び2月8日に覚書を締結しました。",
			"みなと物産|覚書|mou|2024-02-01| / 東雲大学|覚書|mou|2024-02-08|"},
		{"本県、AとBの三者は", "東雲県", "本県、東雲市及び株式会社みなと物産（以下「みなと物産」という。）の三者は、去る2月20日（火）、包括連携協定を締結しました。",
			"東雲市|包括連携協定|comprehensive_partnership|2024-02-20| / みなと物産|包括連携協定|comprehensive_partnership|2024-02-20|"},
		{"a fellow issuer (と共同で) is no partner", "東雲農業協同組合", "東雲農業協同組合は、生活協同組合コープしおん（理事長　仙波 律子）と共同で、国立大学法人東雲大学と2月20日に連携協定を締結しました。",
			"東雲大学|連携協定|comprehensive_partnership|2024-02-20|"},
		{"なお、当行と…は: an earlier one, by the issuer's own word", "株式会社いそしぎ銀行", "株式会社いそしぎ銀行（頭取　葛葉 英嗣、以下「いそしぎ銀行」）は、2月12日、東雲商工会議所（会頭　鶴賀 久志、以下「東雲商議所」）と連携協定を締結しました。なお、当行と東雲商議所は、令和3年7月に「創業支援に関する覚書」を締結しております。",
			"東雲商工会議所|連携協定|comprehensive_partnership|2024-02-12| / 東雲商工会議所|覚書|mou|2021-07|"},
		{"…及びCの3者と: the count after the list", "東雲県", "東雲県は、2月3日、国立大学法人東雲大学、株式会社ツチクラ機工及び一般社団法人東雲県農業法人協会の3者と、連携協定を締結しました。",
			"東雲大学|連携協定|comprehensive_partnership|2024-02-03| / ツチクラ機工|連携協定|comprehensive_partnership|2024-02-03| / 東雲県農業法人協会|連携協定|comprehensive_partnership|2024-02-03|"},
		{"a Latin name with its legal words", "ヤマブキ決済サービス株式会社", "当社は、本日開催の取締役会において、Sierra Fintech Pte. Ltd.（シエラ・フィンテック社、本社：シンガポール、以下「シエラ社」）との間で資本業務提携を行うことについて決議し、同日付で資本業務提携契約を締結いたしました。",
			"SierraFintech|資本業務提携|capital_alliance|2024-03-01|"},
		{"no agreement: a provisional sale", "株式会社テスト商事", "株式会社テスト商事は、1月に東雲県土地開発公社と土地売買の仮契約を結んでおり、年内に本契約を結ぶ予定です。", ""},
		{"no agreement: sponsorship", "株式会社テスト商事", "株式会社テスト商事は、東雲市が主催するマラソン大会と協賛契約を締結しました。", ""},
		{"no agreement: product", "株式会社テスト商事", "株式会社テスト商事は、本日、新商品「東雲のめぐみ」を発売しました。契約農家が育てた野菜を使用しています。", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractText(t, tt.issuer, tt.body)
			if got := agreementSummary(r); got != tt.want {
				t.Errorf("agreements = %q\nwant         %q", got, tt.want)
			}
		})
	}
}

func TestAgreementFromTitle(t *testing.T) {
	x, err := ruleExtractor()
	if err != nil {
		t.Fatal(err)
	}
	page := "東雲市、株式会社みなと物産と包括連携協定を締結\n2024年3月1日\n東雲市\n\n締結式は市役所で行われ、両者の代表が協定書に署名しました。今後、観光や防災の分野で協力していきます。\n"
	res, err := x.Extract(Input{URL: "file:///title.txt", Text: true, Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := agreementSummary(res.Release), "みなと物産|包括連携協定|comprehensive_partnership||"; got != want {
		t.Errorf("agreements = %q, want %q", got, want)
	}
}

func TestCountOf(t *testing.T) {
	for s, want := range map[string]int{"5": 5, "５": 5, "12": 12, "二": 2, "五": 5, "十": 10, "十二": 12, "二十": 20, "二十五": 25, "社": 0, "": 0} {
		if got := countOf(s); got != want {
			t.Errorf("countOf(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestOverviewTableOfAnnouncedAgreements: a table with a row per partner
// of the agreements announced (共同研究先 | 研究テーマ | 契約締結日) gives each
// its own items and date.
func TestOverviewTableOfAnnouncedAgreements(t *testing.T) {
	r := extractHTML(t, "檜皮産技研", `<p>檜皮産技研は、株式会社ツルバミ化工及び鞆江精機株式会社と、それぞれ共同研究契約を締結しました。</p>`+
		`<h2>共同研究の概要</h2><table><tr><th>共同研究先</th><th>研究テーマ</th><th>契約締結日</th></tr>`+
		`<tr><td>株式会社ツルバミ化工</td><td>・竹繊維の解繊条件の最適化<br>・複合材料の評価</td><td>令和4年5月30日</td></tr>`+
		`<tr><td>鞆江精機株式会社</td><td>・画像計測システムの構築<br>・工具交換時期の予測</td><td>令和4年6月6日</td></tr></table>`)
	got := map[string]string{}
	for _, a := range r.Agreements {
		signed := ""
		if a.Signed != nil {
			signed = *a.Signed
		}
		got[a.Partner] = signed + " " + strings.Join(a.Items, "|")
	}
	want := map[string]string{
		"ツルバミ化工": "2022-05-30 竹繊維の解繊条件の最適化|複合材料の評価",
		"鞆江精機":   "2022-06-06 画像計測システムの構築|工具交換時期の予測",
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: %q, want %q (all: %q)", p, got[p], w, got)
		}
	}
}

// TestHistoryLinesAreNames: a dated line is an earlier agreement's only
// when the rest of it is a name (2016年5月 東雲大学(米)), not an event of
// the issuer's own history (昭和52年4月 財団法人…として設立).
func TestHistoryLinesAreNames(t *testing.T) {
	body := `<p>一般財団法人テスト財団は、2月20日、株式会社みなと物産と覚書を締結しました。</p>` +
		`<h2>沿革</h2><p>昭和52年4月 財団法人テスト協会として設立<br>昭和61年10月 水質分析棟 完成<br>平成9年6月 計量証明事業所として登録</p>` +
		`<h2>これまでの提携先</h2><p>2016年5月 国立大学法人東雲大学(米)</p>`
	r := extractHTML(t, "一般財団法人テスト財団", body)
	want := "みなと物産|覚書|mou|2024-02-20| / 東雲大学|提携|business_alliance|2016-05|"
	if got := agreementSummary(r); got != want {
		t.Errorf("agreements = %q\nwant         %q", got, want)
	}
}

// TestUndatedPartnerTable: a table whose columns name partners and terms
// (契約期間), but no signing dates, lists earlier agreements undated.
func TestUndatedPartnerTable(t *testing.T) {
	body := `<p>東雲市は、2月10日、株式会社みなと物産とネーミングライツ契約を締結しました。</p>` +
		`<h2>（参考）本市のネーミングライツ導入施設</h2><table><thead><tr><th>施設名</th><th>愛称</th><th>ネーミングライツ・パートナー</th><th>契約期間</th></tr></thead>` +
		`<tbody><tr><td>東雲市営球場</td><td>やまとスタジアム</td><td>株式会社やまと商会</td><td>令和4年4月1日～令和9年3月31日</td></tr></tbody></table>`
	r := extractHTML(t, "東雲市", body)
	var got []string
	for _, a := range r.Agreements {
		s := a.Partner + "|" + a.From + "|"
		if a.Signed != nil {
			s += *a.Signed
		}
		got = append(got, s)
	}
	if want := "みなと物産|body|2024-02-10 やまと商会|table|"; strings.Join(got, " ") != want {
		t.Errorf("agreements = %q, want %q", strings.Join(got, " "), want)
	}
}

// TestFellowIssuer: 「AはBと共同で、Cと…締結」: B acts with the issuer A
// and issues the release with it; C is the partner.
func TestFellowIssuer(t *testing.T) {
	r := extractText(t, "東雲農業協同組合", "東雲農業協同組合は、生活協同組合コープしおん（理事長　仙波 律子）と共同で、国立大学法人東雲大学と2月20日に連携協定を締結しました。")
	if got, want := strings.Join(r.Publishers, "|"), "東雲農業協同組合|コープしおん"; got != want {
		t.Errorf("publishers = %q, want %q", got, want)
	}
	if got, want := agreementSummary(r), "東雲大学|連携協定|comprehensive_partnership|2024-02-20|"; got != want {
		t.Errorf("agreements = %q, want %q", got, want)
	}
}

// TestCountedPartiesInAList: 以下の3社と…締結 and the three names as a
// list, each with its place in parentheses.
func TestCountedPartiesInAList(t *testing.T) {
	body := `<p>本日、以下の3社と「地域見守り活動に関する協定」を締結しました。</p><ul><li>株式会社シギノ配送（東雲市）</li><li>有限会社ヒタキ燃料店（東雲町）</li><li>よいはま生活協同組合（東雲市）</li></ul>`
	r := extractHTML(t, "東雲県", body)
	if got, want := partnerKeys(r), "シギノ配送|ヒタキ燃料店|よいはま生活協同組合"; got != want {
		t.Errorf("partners = %q, want %q", got, want)
	}
}

// TestWrappedParagraph: a document converted to HTML, its lines broken
// with <br> at a fixed width, mid-sentence and inside a name; the fields
// of a list, a line each, stay apart.
func TestWrappedParagraph(t *testing.T) {
	body := `<p>　東雲町（町長：羽生田 啓介）と、県内の地域づくりを支援している公益財団法人<br>` +
		`こまどり地域振興財団（理事長：鷺沼 葉月、以下「こまどり財団」）は、<br>` +
		`令和6年1月30日（火）、地域の活性化と住民サービスの向上を図るため、<br>` +
		`「東雲町と公益財団法人こまどり地域振興財団との包括連携協定」を締結<br>` +
		`しましたので、お知らせします。</p>` +
		`<p>研究期間：2025年8月1日〜2027年3月31日の予定です<br>研究代表者：東雲大学大学院農学研究院 教授 日高 誠一<br>財団側の責任者：常務理事 萩森 透</p>`
	r := extractHTML(t, "東雲町", body)
	if got, want := agreementSummary(r), "こまどり地域振興財団|包括連携協定|comprehensive_partnership|2024-01-30|"; got != want {
		t.Errorf("agreements = %q, want %q", got, want)
	}
	if !strings.Contains(r.Body, "2027年3月31日の予定です\n研究代表者") {
		t.Errorf("field lines joined:\n%s", r.Body)
	}
}

// TestOverviewTableAfterShortLead: a one-line lead in a headline's words,
// then a section whose table holds the agreement (締結日, 連携事項): the
// table is the body's, not the header's.
func TestOverviewTableAfterShortLead(t *testing.T) {
	body := `<p>東雲大学と包括連携協定を締結</p><h2>協定の概要</h2><table><tr><th>協定名</th><td>東雲市と東雲大学との包括連携に関する協定</td></tr>` +
		`<tr><th>締結日</th><td>令和6年2月21日（水曜日）</td></tr><tr><th>連携事項</th><td>（1）まちづくりに関すること<br>（2）人材の育成に関すること</td></tr>` +
		`<tr><th>担当課</th><td>企画政策部 企画調整課</td></tr></table>`
	r := extractHTML(t, "", body)
	if got, want := agreementSummary(r), "東雲大学|包括連携協定|comprehensive_partnership|2024-02-21|まちづくりに関すること;人材の育成に関すること"; got != want {
		t.Errorf("agreements = %q\nwant         %q", got, want)
	}
}

// TestCountedPartiesInATable: 市内の事業者3社と…締結, no name before と,
// and the three in a table (事業者名 | 所在地 | 代表者), one a shop with no
// legal word.
func TestCountedPartiesInATable(t *testing.T) {
	body := `<p>東雲市は、2月14日、市内の事業者3社と「食品ロス削減の推進に関する協定」を締結しました。</p>` +
		`<h2>協定締結事業者</h2><table><thead><tr><th>事業者名</th><th>所在地</th><th>代表者</th></tr></thead><tbody>` +
		`<tr><td>株式会社しぎさわフーズ</td><td>東雲市本町</td><td>代表取締役 鴫原 一郎</td></tr>` +
		`<tr><td>有限会社そよかぜ弁当</td><td>東雲市港町</td><td>取締役 風間 花子</td></tr>` +
		`<tr><td>パン工房こむぎのおと</td><td>東雲市緑町</td><td>店主 仁平 千夏</td></tr></tbody></table>`
	r := extractHTML(t, "東雲市", body)
	if got, want := partnerKeys(r), "しぎさわフーズ|そよかぜ弁当|パン工房こむぎのおと"; got != want {
		t.Errorf("partners = %q, want %q", got, want)
	}
}
