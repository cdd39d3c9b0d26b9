package ja_test

import (
	"bufio"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/ikawaha/kagome-dict/ipa"

	"github.com/pressroom-ja/pressroom/extract"
	"github.com/pressroom-ja/pressroom/extract/ja"
	"github.com/pressroom-ja/pressroom/internal/external"
)

// TestFastMatchesSlow holds the analyser's two paths equal: tokens read
// off Kagome's lattice with cached entry facts (fastTokens) against
// Kagome's Tokenize with the facts read from each token (slowTokens), on
// a fresh analyser so that the first lines fill the caches and the rest
// take the fast path.
func TestFastMatchesSlow(t *testing.T) {
	t.Run("fixtures", func(t *testing.T) {
		compareFastSlow(t, fixtureLines(t))
	})
	t.Run("edge", func(t *testing.T) {
		compareFastSlow(t, []string{
			"a", " ", "。", "ｶﾀｶﾅ", "ＡＢＣ１２３", "2018年8月31日（金）", "https://example.jp/a?b=1",
			"🙂 絵文字と😀記号", "\u3000全角空白\u3000", "LINK-J（ライフサイエンス・イノベーション・ネットワーク・ジャパン）",
			"ぴゃーーーーーーーーーーーーーーーーーーーーーーん", "株式会社ＸＹＺ（東京都）と協定を締結しました。",
			strings.Repeat("長い行", 400), "\x00\x01制御文字", "Ω≒∞", "ｱｲｳｴｵ　ﾊﾟﾋﾟﾌﾟ",
		})
	})
	t.Run("ner-wikipedia", func(t *testing.T) {
		f, err := os.Open(external.File(t, "ner-wikipedia-orgs.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var lines []string
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var s struct{ Text string }
			if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, s.Text)
		}
		compareFastSlow(t, lines)
	})
}

func compareFastSlow(t *testing.T, lines []string) {
	t.Helper()
	an, err := ja.New(ipa.Dict())
	if err != nil {
		t.Fatal(err)
	}
	fast := 0
	for _, l := range lines {
		if l = ja.Normalize(l); strings.TrimSpace(l) == "" {
			continue // AppendTokens skips blank lines
		}
		got := an.AppendTokens(nil, l)
		want := ja.SlowTokens(an, l)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: AppendTokens\n%+v\nTokenize\n%+v", l, got, want)
		}
		if ft, ok := ja.FastTokens(an, l); ok {
			fast++
			if !reflect.DeepEqual(ft, want) {
				t.Fatalf("%q: lattice\n%+v\nTokenize\n%+v", l, ft, want)
			}
		} else {
			t.Errorf("%q: not on the fast path after its entries were read", l)
		}
	}
	if fast == 0 {
		t.Fatal("no line went through the fast path")
	}
}

var tagRE = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// fixtureLines is the text of the development fixtures, tags removed.
func fixtureLines(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../../fixtures/releases/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var out []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec, err := extract.Decode(raw, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(html.UnescapeString(tagRE.ReplaceAllString(dec.Text, "\n")), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	return out
}

// FuzzFastMatchesSlow: whatever the line, the lattice path gives what
// Tokenize gives.
//
//	go test -run '^$' -fuzz=FuzzFastMatchesSlow -fuzztime=4m -fuzzminimizetime=3s ./extract/ja
func FuzzFastMatchesSlow(f *testing.F) {
	for _, s := range []string{"川崎市と覚書を締結しました。", "ＬＩＮＫ－Ｊ（以下「LINK-J」）", "ｶﾀｶﾅ 2018.8.31", "🙂\u3000x", "ぴゃーーーん"} {
		f.Add(s)
	}
	an, err := ja.New(ipa.Dict())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := ja.Normalize(strings.ReplaceAll(s, "\n", " "))
		if strings.TrimSpace(l) == "" {
			return
		}
		want := ja.SlowTokens(an, l)
		if got := an.AppendTokens(nil, l); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: AppendTokens\n%+v\nTokenize\n%+v", l, got, want)
		}
		if got, ok := ja.FastTokens(an, l); ok && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: lattice\n%+v\nTokenize\n%+v", l, got, want)
		}
	})
}

// TestConcurrentAnalysis: one Analyzer shared by goroutines, as ingest's
// workers share it, gives every line the tokens it gives alone (the
// lattice's working arrays are pooled per call, the caches filled as it
// goes).
func TestConcurrentAnalysis(t *testing.T) {
	lines := fixtureLines(t)
	if len(lines) > 600 {
		lines = lines[:600]
	}
	want := make([][]ja.Token, len(lines))
	seq, err := ja.New(ipa.Dict())
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range lines {
		want[i] = seq.AppendTokens(nil, ja.Normalize(l))
	}
	shared, err := ja.New(ipa.Dict())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range lines {
				i := (k + g*len(lines)/8) % len(lines)
				if got := shared.AppendTokens(nil, ja.Normalize(lines[i])); !reflect.DeepEqual(got, want[i]) {
					errs <- lines[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for l := range errs {
		t.Errorf("%q: tokens differ when analysed concurrently", l)
	}
}
