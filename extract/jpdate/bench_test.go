package jpdate

import (
	"strings"
	"testing"
)

// releaseText is a press release of the kind pressroom reads, written for
// this benchmark: header, lead, history with many dates, numbers that are not
// dates, and a contact block.
const releaseText = `ニュースリリース
〜 地域連携によるオープンイノベーションを推進 〜
2019年4月1日
株式会社サンプル・バイオ
公益財団法人サンプル医療振興財団

株式会社サンプル・バイオ(本社:東京都中央区日本橋本町2-3-11、代表取締役社長:山田 太郎、以下「サンプル」)は、公益財団法人サンプル医療振興財団(所在地:兵庫県神戸市、理事長:佐藤 花子)と3月28日、再生医療分野における共同研究契約を締結しました。契約期間は令和元年5月1日から2022年3月31日までの約3年間です。
本契約により、両者は細胞培養技術(培養効率1.5倍、コスト1/3)の実用化を目指し、2019年度中に第1相試験の準備を開始します。総額1,000百万円、延べ120日の試験を予定しています。

■ これまでの主な提携
・2016年5月 カリフォルニア大学サンディエゴ校(UCSD)と覚書締結
・2017年6月 Eurobiomed(仏)と連携協定
・平成29年(2017年)12月 One Nucleus(英)と業務提携
・2018/2/15 神戸医療産業都市推進機構と共同研究
・H30.6.1 山形県鶴岡市と包括連携協定

■ 説明会
日時:2019年4月18日(木) 14:00〜16:00(13:30受付開始)
会場:サンプルホール 3F(定員100名、参加費無料)
申込締切:4/12(金)まで

■ お問い合わせ先
株式会社サンプル・バイオ 広報部 TEL:03-1234-5678 FAX:03-1234-5679
〒103-0023 東京都中央区日本橋本町2-3-11 E-mail:pr@example.jp
製品型番:SB-2019/5MP、Core i7-3770(3.90GHz)、RAID 0/1構成
`

func BenchmarkFind(b *testing.B) {
	// 10: the contract period 令和元年5月1日から2022年3月31日 is one range.
	if n := len(Find(releaseText)); n != 10 {
		b.Fatalf("Find found %d dates in the benchmark text, want 10: %s", n, mentionsString(Find(releaseText)))
	}
	b.SetBytes(int64(len(releaseText)))
	b.ReportAllocs()
	for b.Loop() {
		Find(releaseText)
	}
}

// BenchmarkFindNoDates measures the scan alone over text with many numbers
// and no dates.
func BenchmarkFindNoDates(b *testing.B) {
	text := strings.Repeat("総額1,000百万円、延べ120日、培養効率1.5倍、TEL:03-1234-5678、Core i7-3770(3.90GHz)。一部の大学と明治大学。", 20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Find(text)
	}
}
