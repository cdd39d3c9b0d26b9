package extract_test

import (
	"reflect"
	"testing"

	"github.com/pressroom-ja/pressroom/extract"
)

// TestOrganizationsHiragana covers names in hiragana, which Kagome reads as
// verbs, adverbs and particles (ほし/ぞ/ら/市, はや/ぶさ/大学, み/さ/と/学園),
// and place names split at の (杉/の/宮/市), in the places a sentence puts
// them: at the start of the line, after 、, は and と, inside 「」, after a
// legal-entity word and after 及び.
func TestOrganizationsHiragana(t *testing.T) {
	x := extractor(t)
	tests := []struct {
		rule, text string
		want       []string
	}{
		// A hiragana name before a head that stands alone.
		{"bare university at the line start", "はやぶさ大学と協定を締結した。", []string{"はやぶさ大学"}},
		{"bare university after 、", "当社は、はやぶさ大学と協定を締結した。", []string{"はやぶさ大学"}},
		{"bare university after と", "青海市とはやぶさ大学が協定を締結した。", []string{"青海市", "はやぶさ大学"}},
		{"bare university in 「」", "「はやぶさ大学」と協定", []string{"はやぶさ大学"}},
		{"bare municipality after 及び", "潮見市及びほしぞら市との間で", []string{"潮見市", "ほしぞら市"}},
		{"bare municipality at the line start", "ほしぞら市は、協定を締結した。", []string{"ほしぞら市"}},
		{"bare municipality after は", "当社はほしぞら市と協定を締結した。", []string{"ほしぞら市"}},
		{"bare municipality after と", "当社とほしぞら市は協定を締結した。", []string{"ほしぞら市"}},
		{"bare municipality in 「」", "「ほしぞら市」と協定", []string{"ほしぞら市"}},
		{"bare municipality as a place", "ほしぞら市に本社を置く", nil},
		// と inside a name: split there, the head would name nothing.
		{"と inside a name after a legal word", "学校法人みさと学園と協定を締結した。", []string{"学校法人みさと学園"}},
		{"と inside a name after a space", "学校法人みさと学園 みさと大学及びほしぞら市と", []string{"学校法人みさと学園", "みさと大学", "ほしぞら市"}},
		{"と inside a name at the line start", "みさと大学と協定を締結した。", []string{"みさと大学"}},
		{"と between two words", "企業と大学が連携する。", nil},
		{"の after a word of its own", "きのこの大学", nil},
		// Hiragana before a legal word after the name.
		{"legal word after, after は", "当社はかがやき食品株式会社と協定を締結した。", []string{"かがやき食品株式会社"}},
		{"legal word after, after と", "しらさぎ通信株式会社とかがやき食品株式会社が", []string{"しらさぎ通信株式会社", "かがやき食品株式会社"}},
		{"legal word after, at the line start", "かがやき食品株式会社は、", []string{"かがやき食品株式会社"}},
		{"legal word after, an adverb first, after と", "小鷺町とつゆくさ食品株式会社は、協定を締結した。", []string{"小鷺町", "つゆくさ食品株式会社"}},
		{"no legal word: an adverb after と stays grammar", "小鷺町とさらに食品会社が", []string{"小鷺町"}},
		{"legal word before", "株式会社かがやき食品と、はやぶさ大学", []string{"株式会社かがやき食品", "はやぶさ大学"}},
		// Before a head after other words.
		{"adverb and verb stem after は", "当社ははやぶさ工科大学と協定を締結した。", []string{"はやぶさ工科大学"}},
		{"adverb and verb stem after 、", "当社は、はやぶさ工科大学と協定を締結した。", []string{"はやぶさ工科大学"}},
		// A known name again, where Kagome split its hiragana.
		{"known name after は, in 「」 and at the line start", "株式会社かがやき食品(以下「当社」)は\n当社はかがやき食品と「かがやき食品」の\nかがやき食品、しらさぎ通信と連携",
			[]string{"株式会社かがやき食品", "かがやき食品", "かがやき食品", "かがやき食品"}},
		// Grammar before a head is not a name.
		{"adverb before a bare head", "さらに大学と連携する。", nil},
		{"adverb and particle before a bare head", "すぐに大学へ", nil},
		{"determiner before a bare head", "、この大学と", nil},
		{"dictionary-form verb before a name", "委員をはじめとするアメリカ政権内では", []string{"アメリカ政権"}},
		// の inside a place name.
		{"の in a place name after 、", "当社は、杉の宮市と協定を締結した。", []string{"杉の宮市"}},
		{"の in a place name at the line start", "杉の宮市と協定を締結した。", []string{"杉の宮市"}},
		{"の in a place name in 「」", "「杉の宮市」と", []string{"杉の宮市"}},
		{"の in a place name after と", "しらさぎ通信と杉の宮市と", []string{"杉の宮市"}},
		{"の after a prefecture", "三重県の津市と協定", []string{"三重県", "津市"}},
		{"the whole line", "株式会社かがやき食品(本社:杉の宮市)は、本日、しらさぎ通信株式会社、杉の宮市、学校法人みさと学園 みさと大学及びほしぞら市との間で、連携協定を締結しました。",
			[]string{"株式会社かがやき食品", "しらさぎ通信株式会社", "杉の宮市", "学校法人みさと学園", "みさと大学", "ほしぞら市"}},
		// People are not organizations.
		{"person with 氏 and a country mark", "ダニエル・パーク氏(米)と", nil},
		{"person with さん and a country mark", "ダニエル・パークさん(米)と", nil},
		{"katakana split by a particle", "クラウス・ハイデマン(独、ローデンベルク社CEO)は", nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if got := orgSurfaces(x, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Organizations(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestOrganizationsNotPeople: a name the release uses for a person (with a
// title, 氏, さん) is not listed as an organization, even where a
// parenthesis after it made it look like one.
func TestOrganizationsNotPeople(t *testing.T) {
	x := extractor(t)
	body := "ヤマセ計測、ヴェルナー社と販売代理店契約を締結\n2024年3月5日\n株式会社ヤマセ計測\n\n" +
		"株式会社ヤマセ計測(本社:東京都)は、ヴェルナー社と販売代理店契約を締結しました。ユリアン・ヴェルナー(独)は本契約について次のように述べています。\n" +
		"ヴェルナー社 マネージングディレクター ユリアン・ヴェルナー\n「日本は重要な市場です。」\n"
	res, err := x.Extract(extract.Input{URL: "file:///t.txt", Text: true, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	var orgs []string
	for _, o := range res.Release.Organizations {
		orgs = append(orgs, o.Name)
	}
	if want := []string{"ヴェルナー社", "株式会社ヤマセ計測"}; !reflect.DeepEqual(orgs, want) {
		t.Errorf("organizations = %q, want %q", orgs, want)
	}
	found := false
	for _, p := range res.Release.People {
		found = found || p.Name == "ユリアン・ヴェルナー"
	}
	if !found {
		t.Errorf("people = %+v, want ユリアン・ヴェルナー", res.Release.People)
	}
}
