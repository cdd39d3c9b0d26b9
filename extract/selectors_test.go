package extract_test

import (
	"strings"
	"testing"

	"github.com/pressroom-ja/pressroom/extract"
)

const selectorsPage = `<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>お知らせ | みなと市</title></head>
<body>
<div class="brand"><h1>みなと市公式ウェブサイト 市民のための情報ページ</h1></div>
<div class="entry">
<p class="ttl">みなと市と東雲大学が包括連携協定を締結しました</p>
<p class="day" data-x="1"><span>公開日</span> <time datetime="2024-03-01">令和6年3月1日</time></p>
<div class="txt">
<p>みなと市（市長：山田太郎）と東雲大学（学長：佐藤花子）は、2月28日、地域の課題解決と人材育成を目的とした包括連携協定を締結しました。</p>
<ul><li>地域産業の振興に関すること</li><li>防災・減災に関すること</li></ul>
</div>
</div>
<div class="more"><p>関連情報：2019年4月1日 みなと市と港湾振興会が協定を結びました。みなと市のこれまでの取り組みをご覧ください。</p></div>
</body></html>`

func TestSelectors(t *testing.T) {
	x := extractor(t)
	in := extract.Input{URL: "https://www.city.minato.example.jp/news/1.html", Body: []byte(selectorsPage)}
	generic, err := x.Extract(in)
	if err != nil {
		t.Fatal(err)
	}
	in.Selectors = &extract.Selectors{Title: ".ttl", Date: ".day time", Body: ".txt"}
	got, err := x.Extract(in)
	if err != nil {
		t.Fatal(err)
	}
	r := got.Release
	if r.Title != "みなと市と東雲大学が包括連携協定を締結しました" {
		t.Errorf("Title = %q (generic: %q)", r.Title, generic.Release.Title)
	}
	if r.Published == nil || *r.Published != "2024-03-01" {
		t.Errorf("Published = %v", r.Published)
	}
	if strings.Contains(r.Body, "港湾振興会") || !strings.Contains(r.Body, "防災・減災に関すること") {
		t.Errorf("Body = %q", r.Body)
	}
	if generic.Release.Title == r.Title && strings.Contains(generic.Release.Body, "港湾振興会") == strings.Contains(r.Body, "港湾振興会") {
		t.Error("the selectors changed nothing: the test page no longer tells them apart")
	}
	// The date as text, when no attribute carries it.
	in.Selectors = &extract.Selectors{Date: ".day"}
	got, err = x.Extract(in)
	if err != nil || got.Release.Published == nil || *got.Release.Published != "2024-03-01" {
		t.Errorf("date from text: %v, %v", got.Release.Published, err)
	}
	// A selector that matches nothing keeps the generic result.
	in.Selectors = &extract.Selectors{Title: ".nothing", Body: ".nothing"}
	got, err = x.Extract(in)
	if err != nil || got.Release.Title != generic.Release.Title {
		t.Errorf("unmatched selectors: %q, %v", got.Release.Title, err)
	}
}
