package extract_test

import (
	"reflect"
	"testing"

	"github.com/pressroom-ja/pressroom/extract"
)

// TestOrganizations covers the recognition rules one at a time: each case
// is a line and the mentions it must give (the text as written).
func TestOrganizations(t *testing.T) {
	x := extractor(t)
	tests := []struct {
		rule, text string
		want       []string
	}{
		// Hiragana Kagome reads as grammar stays in the name.
		{"hiragana before a head", "しおみ信用金庫と潮見市は協定を締結した。", []string{"しおみ信用金庫", "潮見市"}},
		{"hiragana after の", "地元のしおみ信用金庫が参加する。", []string{"しおみ信用金庫"}},
		{"hiragana municipality", "ひいらぎ町と協定を結んだ。", []string{"ひいらぎ町"}},
		{"hiragana after a legal word", "株式会社ひびき冷蔵物流(本社:東京都)は、", []string{"株式会社ひびき冷蔵物流"}},
		{"bound noun and final particle at a phrase start", "14時からは、ことね美術大学で", []string{"ことね美術大学"}},
		{"bound noun after a particle", "大学のことね美術大学", []string{"美術大学"}},
		{"topic particle misread after a legal word", "株式会社はやぶさロボティクス(本社:京都府)と", []string{"株式会社はやぶさロボティクス"}},
		{"topic particle after a legal word", "株式会社はこれまで", nil},
		{"adverb misread at a phrase start", "青海市、はやぶさ工科大学と協定", []string{"青海市", "はやぶさ工科大学"}},
		{"abbreviation of a known name", "三和理科大学と協定を結んだ。三和理科大と連携する", []string{"三和理科大学", "三和理科大"}},
		{"Latin legal word after the run", "教育企業Brightwater Learning, Inc.(米)と", []string{"Brightwater Learning, Inc."}},
		{"dictionary-form verb is grammar", "業務を担当する東京新聞社の記者", []string{"東京新聞社"}},
		// Legal-entity words.
		{"legal word, space, name", "医療法人社団 青嶺会 青嶺記念病院", []string{"医療法人社団 青嶺会", "青嶺記念病院"}},
		{"Latin after a legal word", "株式会社LedgerLeaf(本社:東京都)は", []string{"株式会社LedgerLeaf"}},
		{"legal word in a symbol", "㈱ミドリ薬品と協定を結びました", []string{"㈱ミドリ薬品"}},
		{"legal word after", "日本亜鉛製錬株式会社は、", []string{"日本亜鉛製錬株式会社"}},
		{"の会 after a legal prefix", "特定非営利活動法人ヨシゴイの会(代表理事:葭田 冬美)は、", []string{"特定非営利活動法人ヨシゴイの会"}},
		{"not の会員", "一般社団法人藤森産業振興協議会の会員企業", []string{"一般社団法人藤森産業振興協議会"}},
		// Head words and dictionary organizations.
		{"head inside a word", "龍谷大学に属する吹奏楽クラブ", []string{"龍谷大学"}},
		{"head over two words", "欧州委員会が発表した。", []string{"欧州委員会"}},
		{"weak head after a name", "ドイツ軍とフェンダー社", []string{"ドイツ軍", "フェンダー社"}},
		{"weak head after a number", "食品メーカー5社と連携", nil},
		{"weak head after a common word", "投資銀行の広報グループ", nil},
		{"ordinal before a weak head", "第5軍団に配属された。", []string{"第5軍団"}},
		{"dictionary organization", "日本航空、全日本空輸の2社", []string{"日本航空", "全日本空輸"}},
		{"list of names", "三越・あさひ銀行などがあった。", []string{"三越", "あさひ銀行"}},
		{"katakana name with a dot", "株式会社ノヴァ・アジアを設立した。", []string{"株式会社ノヴァ・アジア"}},
		{"descriptor before a name", "関連会社電通映画社を設立", []string{"電通映画社"}},
		{"organization word before a longer name", "南陽マテリアル、東邦食品と日本航空", []string{"日本航空"}},
		{"organization word before a faculty", "名古屋大学工学部を卒業", []string{"名古屋大学"}},
		{"date before a name", "2015年5月7日、第一汽車と日本航空", []string{"日本航空"}},
		// Words that look like names and are not.
		{"a company word for one's own", "自社製品と他社製品", nil},
		{"person after a title", "Managing Director クラウス・ハイデマン", nil},
		{"office of the city", "市教育委員会と県庁", nil},
		{"weekday after a date", "2025年2月15日(土)・16日(日)に開催", nil},
		// Municipalities: the government, not the place.
		{"municipality as a party", "川崎市と連携協定を締結", []string{"川崎市"}},
		{"municipality as a place", "大阪市に本社を置く", nil},
		{"municipality where something is held", "大垣市で毎年開催される", nil},
		// Acronyms and foreign names.
		{"acronym", "IBMに就職したが、AIの研究に移った。", []string{"IBM"}},
		{"full-width acronym", "ＮＨＫの中継", []string{"ＮＨＫ"}},
		{"acronym and region", "JR東海からの説明会", []string{"JR東海"}},
		{"foreign name with a company cue", "ナイアンティックの子会社", []string{"ナイアンティック"}},
		{"foreign word without a cue", "ナイアンティックを使う", nil},
		{"acronym defined for a thing", "自律型海中ロボット(AUV)を用いる。AUVを組み合わせた観測網", nil},
		{"service word after a common word", "路線バス・デマンド交通の運行", nil},
		{"service word after a place", "奈良交通の路線", []string{"奈良交通"}},
		{"country word is no alias", "ストレイツウェイ社(シンガポール、Straitsway Pte. Ltd.)と", []string{"ストレイツウェイ社"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if got := orgSurfaces(x, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Organizations(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestOrganizationsMerge: a mention of an abbreviation or a bare form gives
// the organization's full form, kind and country.
func TestOrganizationsMerge(t *testing.T) {
	x := extractor(t)
	tests := []struct {
		rule, text string
		want       []extract.OrgMention // Start and End are not compared
	}{
		{"以下、「X」という", "国立研究開発法人沿岸海洋計測機構(理事長:早瀬 克典、以下、「CMOA」という。)は、CMOAの技術を生かす。",
			[]extract.OrgMention{
				{Name: "国立研究開発法人沿岸海洋計測機構", Normalized: "沿岸海洋計測機構", Kind: extract.KindResearchInstitute, Country: "JP"},
				{Name: "国立研究開発法人沿岸海洋計測機構", Normalized: "沿岸海洋計測機構", Kind: extract.KindResearchInstitute, Country: "JP"},
			}},
		{"country first in the parenthesis", "ローデンベルク社(独、Rodenberg Optik GmbH、以下「ローデンベルク」)と",
			[]extract.OrgMention{{Name: "ローデンベルク社", Normalized: "ローデンベルク社", Kind: extract.KindCompany, Country: "DE"}}},
		{"通称", "一般社団法人青葉台デジタル産業協議会(通称:ADIC)は、ADICの会員と",
			[]extract.OrgMention{
				{Name: "一般社団法人青葉台デジタル産業協議会", Normalized: "青葉台デジタル産業協議会", Kind: extract.KindAssociation, Country: "JP"},
				{Name: "一般社団法人青葉台デジタル産業協議会", Normalized: "青葉台デジタル産業協議会", Kind: extract.KindAssociation, Country: "JP"},
			}},
		{"country word before a foreign name", "米国シーダーホルム大学と",
			[]extract.OrgMention{{Name: "シーダーホルム大学", Normalized: "シーダーホルム大学", Kind: extract.KindUniversity, Country: "US"}}},
		{"name in 「」", "「株式会社マルゴ」が経営権を獲得した。",
			[]extract.OrgMention{{Name: "株式会社マルゴ", Normalized: "マルゴ", Kind: extract.KindCompany, Country: "JP"}}},
		{"full form on a later line", "しおみ信金は\nしおみ信用金庫(以下「しおみ信金」)は",
			[]extract.OrgMention{
				{Name: "しおみ信用金庫", Normalized: "しおみ信用金庫", Kind: extract.KindCompany},
				{Name: "しおみ信用金庫", Normalized: "しおみ信用金庫", Kind: extract.KindCompany},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			got := x.Organizations(tt.text)
			for i := range got {
				got[i].Start, got[i].End = 0, 0
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Organizations(%q) =\n%+v\nwant\n%+v", tt.text, got, tt.want)
			}
		})
	}
}

// orgSurfaces is the text of each organization mention Organizations finds.
func orgSurfaces(x *extract.Extractor, text string) []string {
	var got []string
	for _, m := range x.Organizations(text) {
		got = append(got, text[m.Start:m.End])
	}
	return got
}
