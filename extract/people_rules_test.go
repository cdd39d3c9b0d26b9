package extract

import (
	"strings"
	"testing"
)

// peopleOf extracts the people of a plain-text release whose body is text.
func peopleOf(t *testing.T, text string) []Person {
	t.Helper()
	x, err := ruleExtractor()
	if err != nil {
		t.Fatal(err)
	}
	res, err := x.Extract(Input{URL: "file:///t.txt", Text: true, Body: []byte("お知らせの表題です、これは表題\n\n" + text + "\n\n以上の内容で本日発表いたしました。これは本文の一部です。")})
	if err != nil {
		t.Fatal(err)
	}
	return res.Release.People
}

// TestPeopleTitles checks titles and names in the layouts releases use:
// 「役職:氏名」, 「組織 役職 氏名」, 「氏名 役職」, captions.
func TestPeopleTitles(t *testing.T) {
	tests := []struct{ text, name, title string }{
		{"株式会社こもれび文具（本社：ことね県ことね市、代表取締役社長：木下 陽菜）は、イベントを開催します。", "木下 陽菜", "代表取締役社長"},
		{"当行 法人営業部長　小宮山 純一", "小宮山 純一", "法人営業部長"},
		{"水城県知事　沢渡 恵子", "沢渡 恵子", "知事"},
		{"水城県と株式会社みなと物産は、協定を締結しました。締結式には、御船 冬彦 水城県知事が出席しました。", "御船 冬彦", "知事"},
		{"出席者：JAしののめ　代表理事組合長　鳥居 正勝", "鳥居 正勝", "代表理事組合長"},
		{"特別養護老人ホームしののめの杜　施設長　葦原 早紀", "葦原 早紀", "施設長"},
		{"水城市 危機管理監 綿引 進吾", "綿引 進吾", "危機管理監"},
		{"南潮広域消防組合　消防長　大槻 武志", "大槻 武志", "消防長"},
		{"Wayfarrow Travel Japan合同会社　職務執行者　久世 澄香", "久世 澄香", "職務執行者"},
		{"研究代表者：極域大気研究領域長　乾 紗英子", "乾 紗英子", "極域大気研究領域長"},
		{"ブリンドルウッド大学のヴァイスチャンセラーのサラ・ペンバートン氏とともに署名しました。", "サラ・ペンバートン", "ヴァイスチャンセラー"},
		{"取締役常務執行役員経営企画本部長　宇留野 真央", "宇留野 真央", "取締役常務執行役員経営企画本部長"},
		{"CMOA 観測技術研究部門長　水無瀬 透", "水無瀬 透", "観測技術研究部門長"},
		{"ヴェルナー社 マネージングディレクター　ユリアン・ヴェルナー", "ユリアン・ヴェルナー", "マネージングディレクター"},
		{"CEO　ダニエル・パーク アジア太平洋地域担当副社長　グレース・リン", "グレース・リン", "アジア太平洋地域担当副社長"},
		{"町長　堀江 修平 副町長　杉浦 康夫", "杉浦 康夫", "副町長"},
		{"実証には、県立大生物資源学部の木暮 遼教授の研究室の学生も参加します。", "木暮 遼", "教授"},
		{"代表者 Managing Director　クラウス・ハイデマン", "クラウス・ハイデマン", "Managing Director"},
		{"写真左から：東雲大学大学院農学研究院 教授 日高 誠一 氏、株式会社ソイルノート 代表取締役CEO 石田 奏、同 CTO 岩倉 由佳", "日高 誠一", "教授"},
		{"写真左から：東雲大学大学院農学研究院 教授 日高 誠一 氏、株式会社ソイルノート 代表取締役CEO 石田 奏、同 CTO 岩倉 由佳", "岩倉 由佳", "CTO"},
		{"左から 藤堂 亮介 代表取締役、大森 晴美 知事、三宅 史郎 学長", "大森 晴美", "知事"},
		{"代表取締役社長 木下 陽菜：「自分の手でつくったノートは特別です。」", "木下 陽菜", "代表取締役社長"},
		{"締結式では、潮見商工会議所の柏木俊介会頭があいさつしました。", "柏木俊介", "会頭"},
		{"式典には東雲大学の山田太郎学長が出席しました。", "山田太郎", "学長"},
		{"椿原大学：学長 古谷 静香、副学長（研究・社会連携担当） 葉山 恭子", "葉山 恭子", "副学長"},
		{"株式会社ソイルノート 代表取締役（CEO） 石田 奏", "石田 奏", "代表取締役"},
		{"オオルリ住宅サービス株式会社 代表取締役社長（出向）　日下部 智", "日下部 智", "代表取締役社長"},
		{"常務執行役員　真柄 由香里", "真柄 由香里", "常務執行役員"},
		{"経営企画本部 アライアンス推進部長　宮間 玲奈", "宮間 玲奈", "アライアンス推進部長"},
		{"（問合せ先）広報IR室長　望月 彩花", "望月 彩花", "広報IR室長"},
		{"機械電子部の苫米地 遥上席研究員が研究代表者を務めます。", "苫米地 遥", "上席研究員"},
		{"締結式には、渚 泰明（夕凪市長）、芦原 克己（夕凪市教育委員会教育長）が出席しました。", "芦原 克己", "教育長"},
		{"締結式には、渚 泰明（夕凪市長）、芦原 克己（夕凪市教育委員会教育長）が出席しました。", "渚 泰明", "市長"},
		{"出席者（左から、UAQのロドリゴ・カンポス海洋科学部長、ホアキン・ペレス＝ビダル国際担当副学長、マリア・ホセ・ウルティア学長、蓑田 かおり理事・副学長）", "ロドリゴ・カンポス", "海洋科学部長"},
		{"出席者（左から、UAQのロドリゴ・カンポス海洋科学部長、ホアキン・ペレス＝ビダル国際担当副学長、マリア・ホセ・ウルティア学長、蓑田 かおり理事・副学長）", "ホアキン・ペレス=ビダル", "国際担当副学長"},
		{"出席者（左から、UAQのロドリゴ・カンポス海洋科学部長、ホアキン・ペレス＝ビダル国際担当副学長、マリア・ホセ・ウルティア学長、蓑田 かおり理事・副学長）", "マリア・ホセ・ウルティア", "学長"},
		{"出席者（左から、UAQのロドリゴ・カンポス海洋科学部長、ホアキン・ペレス＝ビダル国際担当副学長、マリア・ホセ・ウルティア学長、蓑田 かおり理事・副学長）", "蓑田 かおり", "理事・副学長"},
		{"締結式では、霧峰県警察本部の宍戸達郎本部長が署名しました。", "宍戸達郎", "本部長"},
		{"締結式では、カイタワ・トラストのチーフ・エグゼクティブ、ロージー・マクファーレン氏から挨拶がありました。", "ロージー・マクファーレン", "チーフ・エグゼクティブ"},
	}
	for _, tt := range tests {
		found := false
		ps := peopleOf(t, tt.text)
		for _, p := range ps {
			if p.Name == tt.name && p.Title == tt.title {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: got %+v, want %s (%s)", tt.text, ps, tt.name, tt.title)
		}
	}
}

func TestPeopleOrganizations(t *testing.T) {
	ps := peopleOf(t, "締結式には水城県知事　沢渡 恵子と株式会社水城銀行　頭取　竹内 慎一郎が出席しました。")
	want := map[string]string{"沢渡 恵子": "水城県", "竹内 慎一郎": "水城銀行"}
	for _, p := range ps {
		if w, ok := want[p.Name]; ok && p.Organization != w {
			t.Errorf("%s: organization %q, want %q", p.Name, p.Organization, w)
		}
		delete(want, p.Name)
	}
	if len(want) > 0 {
		t.Errorf("missing %v in %+v", want, ps)
	}
}

// TestPeopleNotNames: words that stand where names do but name no one.
func TestPeopleNotNames(t *testing.T) {
	for _, text := range []string{
		"協定書を手にする乙坂市長（中央）と5社の代表者の皆さん",                        // everyone, with さん
		"柚木原市と事業者5社は協定を締結しました。柚木原市長、協定締結事業者5社の代表者ほかが出席しました。", // the city's mayor, the city known
	} {
		for _, p := range peopleOf(t, text) {
			if p.Name == "皆" || p.Name == "柚木原" {
				t.Errorf("%s: %q (%s) is not a person", text, p.Name, p.Title)
			}
		}
	}
}

// TestPeopleNotInEnglishSummaries: an English summary names again, in
// Latin letters, the people the Japanese text names.
func TestPeopleNotInEnglishSummaries(t *testing.T) {
	ps := peopleOf(t, "On Monday 10 March 2025, Seiran University signed an Academic Exchange Agreement with the University of Brindlewood, where President Shinya Sena signed the documents.")
	if len(ps) != 0 {
		t.Errorf("people = %+v, want none", ps)
	}
}

// TestPeopleNotCompaniesOrDittos: a Latin company after a title
// (代表社員 Wayfarrow Travel Inc) and a ditto mark on the next line of a
// cell (同 副会長) are no one's names.
func TestPeopleNotCompaniesOrDittos(t *testing.T) {
	for _, text := range []string{
		"代表社員　Wayfarrow Travel Inc",
		"一般社団法人東雲県建設業協会　会長　鬼頭 剛三 同　副会長、理事　ほか",
	} {
		for _, p := range peopleOf(t, text) {
			if strings.Contains(p.Name, "Inc") || strings.Contains(p.Name, "同") {
				t.Errorf("%s: got %+v", text, p)
			}
		}
	}
}
