package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"github.com/pressroom-ja/pressroom/extract/ja"
)

// The hand-written matchers of guard.go and their kin stand in for
// regexps and string functions on the hot path. These tests hold each to
// the original on the text of every fixture, on class names, and on
// random strings made of the pieces that matter.

// decodedPages returns the text of every page the patterns match, decoded
// as Extract decodes it.
func decodedPages(t *testing.T, patterns ...string) []string {
	t.Helper()
	var out []string
	for _, pat := range patterns {
		files, _ := filepath.Glob(pat)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Decode(b, "")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, d.Text)
		}
	}
	return out
}

// sampleLines returns the lines of every fixture page plus random strings
// built from the given pieces.
func sampleLines(t *testing.T, pieces ...string) []string {
	t.Helper()
	var out []string
	for _, text := range decodedPages(t, "../fixtures/releases/*.html", "../fixtures/hostile/*.html") {
		out = append(out, strings.Split(text, "\n")...)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	filler := []string{"", " ", "　", "\t", "\n", "あ", "株式会社", "A", "z", "1", "１", "(", ")", "、", "。", ":", "：", "\xe3", "\xff"}
	for range 6000 {
		var sb strings.Builder
		for range 1 + rng.IntN(6) {
			if rng.IntN(2) == 0 {
				sb.WriteString(pieces[rng.IntN(len(pieces))])
			} else {
				sb.WriteString(filler[rng.IntN(len(filler))])
			}
		}
		out = append(out, sb.String())
	}
	return out
}

func TestLiteralsMatchRegexp(t *testing.T) {
	for _, l := range []*literals{labelRE, earlierRE, historyCueRE, conclRE, dateColRE, nameColRE, itemsColRE, notItemsRE, cueNotRE, aboutNotRE} {
		re := regexp.MustCompile(strings.Join(l.words, "|"))
		for _, s := range sampleLines(t, l.words...) {
			if got, want := l.FindAllStringIndex(s, -1), re.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: FindAll %v, regexp %v", s, got, want)
			}
			if got, want := l.FindStringIndex(s), re.FindStringIndex(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: FindStringIndex %v, regexp %v", s, got, want)
			}
			if got, want := l.FindString(s), re.FindString(s); got != want {
				t.Fatalf("%q: FindString %q, regexp %q", s, got, want)
			}
			if got, want := l.MatchString(s), re.MatchString(s); got != want {
				t.Fatalf("%q: Match %v, regexp %v", s, got, want)
			}
		}
	}
}

func TestAddressMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(addressPattern)
	pieces := []string{"本社", "本店", "所在地", "住所", "本部", "所在", "キャンパス", ":", "：", "〒", "100-0001", "1000001", "http://a.example/x", "https://b", "a@b.example", "x.y+z@", "@", "東京都", "、", ")", "。", " "}
	for _, s := range sampleLines(t, pieces...) {
		if got, want := addressRE.FindAllStringIndex(s, -1), re.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: FindAll %v, regexp %v", s, got, want)
		}
		if got, want := addressRE.MatchString(s), re.MatchString(s); got != want {
			t.Fatalf("%q: Match %v, regexp %v", s, got, want)
		}
	}
}

func TestGuardsMatchRegexp(t *testing.T) {
	for name, g := range map[string]*guardedRE{
		"markerRE": markerRE, "headingMarkRE": headingMarkRE, "purposeRE": purposeRE,
		"categoryWordRE": categoryWordRE, "countryMarkRE": countryMarkRE,
	} {
		pieces := []string{"・", "●", "-", "*", "※", "①", "⑳", "(1)", "（２）", "3.", "４．", "一、", "ア.", "ｱ", "■", "◆", "【", "】", "<", ">", "＜", "〈", "〉",
			"を目的とした", "を目的とする", "cat", "category", "tags", "label-list", "genre", "(米)", "(英)", "(", ")", "x"}
		for _, s := range sampleLines(t, pieces...) {
			if got, want := g.FindStringSubmatchIndex(s), g.re.FindStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s %q: %v, regexp %v", name, s, got, want)
			}
			if got, want := g.ReplaceAllString(s, ""), g.re.ReplaceAllString(s, ""); got != want {
				t.Fatalf("%s %q: replace %q, regexp %q", name, s, got, want)
			}
		}
	}
}

func TestClassWordsMatchRegexp(t *testing.T) {
	words := append([]string{"Nav", "NAV", "navigation", "Global-Nav", "page-top", "side", "sideBar", "footer", "ads", "ad", "header", "site-header", "skip"}, boilerplateRE.words...)
	seps := []string{"", " ", "-", "_", "\t", "x", "X", "\u212a", "ſ", "1"}
	rng := rand.New(rand.NewPCG(1, 1))
	var samples []string
	for range 12000 {
		var sb strings.Builder
		for range 1 + rng.IntN(4) {
			sb.WriteString(seps[rng.IntN(len(seps))])
			sb.WriteString(words[rng.IntN(len(words))])
		}
		sb.WriteString(seps[rng.IntN(len(seps))])
		samples = append(samples, sb.String())
	}
	content := regexp.MustCompile(`(?i)(article|entry|post|news|release|content|main|detail|body|text)`)
	for _, s := range append(samples, "coo\u212aie", "\u017fhare", "ſkip", "SHARE", "NEWS-body", "") {
		if got, want := boilerplateRE.MatchString(s), boilerplateRE.re.MatchString(s); got != want {
			t.Fatalf("boilerplate %q: %v, regexp %v", s, got, want)
		}
		if got, want := contentRE.MatchString(s), content.MatchString(s); got != want {
			t.Fatalf("content %q: %v, regexp %v", s, got, want)
		}
	}
}

func TestAboutMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`(?:について|.の概要|会社概要|法人概要|団体概要|企業概要|会社案内|プロフィール)$|^参考$|^会社概要`)
	for _, s := range sampleLines(t, "について", "の概要", "会社概要", "法人概要", "会社案内", "プロフィール", "参考", "\n", "■") {
		if got, want := aboutRE.MatchString(s), re.MatchString(s); got != want {
			t.Fatalf("%q: %v, regexp %v", s, got, want)
		}
	}
}

func TestTitleAtMatchesScan(t *testing.T) {
	slow := func(text string, i int) string {
		best := ""
		for _, w := range titleWords {
			if len(w) > len(best) && strings.HasPrefix(text[i:], w) {
				best = w
			}
		}
		return best
	}
	for _, s := range sampleLines(t, titleWords...) {
		for i := 0; i < len(s); i++ {
			if got, want := titleAt(s, i), slow(s, i); got != want {
				t.Fatalf("titleAt(%q, %d) = %q, want %q", s, i, got, want)
			}
		}
	}
}

func TestCollapseMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`[ \t\n\r\f\x{00A0}\x{200B}]+`)
	for _, s := range sampleLines(t, " ", "  ", "\u00a0", "\u200b", "\r\n", "\f", "\u3000", "x") {
		if got, want := collapseSpaces(s), re.ReplaceAllString(s, " "); got != want {
			t.Fatalf("%q: %q, regexp %q", s, got, want)
		}
	}
}

func TestCheckTruncatedMatchesRegexp(t *testing.T) {
	open := regexp.MustCompile(`(?i)<html[\s>]`)
	for _, s := range sampleLines(t, "<html>", "<HTML ", "<Html\n", "<htm", "<html", "</html>", "</BODY>", "</Body", "<", "html") {
		if got, want := hasHTMLOpen(s), open.MatchString(s); got != want {
			t.Fatalf("hasHTMLOpen(%q) = %v, regexp %v", s, got, want)
		}
		for _, w := range []string{"</html", "</body"} {
			if got, want := containsFold(s, w), strings.Contains(strings.ToLower(s), w); got != want {
				t.Fatalf("containsFold(%q, %q) = %v, want %v", s, w, got, want)
			}
		}
	}
}

func TestParenDepthsMatchScan(t *testing.T) {
	for _, s := range sampleLines(t, "(", ")", "「", "」", "『", "』", "（", "x") {
		l := &line{text: s}
		x := &extraction{}
		for off := 0; off <= len(s); off++ {
			depth := 0
			for i, r := range s {
				if i >= off {
					break
				}
				switch r {
				case '(':
					depth++
				case ')':
					if depth > 0 {
						depth--
					}
				}
			}
			if got := x.insideParen(l, off); got != (depth > 0) {
				t.Fatalf("insideParen(%q, %d) = %v", s, off, got)
			}
			if got, want := l.insideParenAt(off), insideParenAt(s, off); got != want {
				t.Fatalf("line.insideParenAt(%q, %d) = %v, want %v", s, off, got, want)
			}
		}
	}
}

func TestTextLenMatchesTrimSpace(t *testing.T) {
	for _, s := range sampleLines(t, " ", "\u3000", "\u00a0", "\n", "あ", "a") {
		doc, err := html.Parse(strings.NewReader("<div><p>" + html.EscapeString(s) + "</p><span> " + html.EscapeString(s) + "</span></div>"))
		if err != nil {
			t.Fatal(err)
		}
		var c runeCounter
		c.node(doc)
		want := utf8.RuneCountInString(strings.TrimSpace(nodeText(doc)))
		if got := c.len(); got != want {
			t.Fatalf("%q: %d runes, want %d", s, got, want)
		}
	}
}

func TestContentHashMatchesWhole(t *testing.T) {
	for _, s := range sampleLines(t, "\n", "ｶ", "ﾞ", "\u3099", "Ａ", "\u0301", "①") {
		title, body, _ := strings.Cut(s, "\n")
		want := sha256Hex(normalizeWhole(title + "\n" + body))
		if got := contentHash(title, body, nil); got != want {
			t.Fatalf("contentHash(%q, %q) differs from the whole text's", title, body)
		}
		// As Extract passes them: the lines the analysis normalized.
		known := map[string]string{}
		for l := range strings.Lines(body) {
			l = strings.TrimSuffix(l, "\n")
			known[l] = ja.Normalize(l)
		}
		if got := contentHash(title, body, known); got != want {
			t.Fatalf("contentHash(%q, %q, lines normalized) differs from the whole text's", title, body)
		}
	}
}

func normalizeWhole(s string) string { return norm.NFKC.String(s) }

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestLegalPrefixGuards: the quick checks in front of legalPrefixes hold
// for every prefix, so they never hide one.
func TestLegalPrefixGuards(t *testing.T) {
	for _, p := range legalPrefixes {
		if !mayHoldLegalPrefix(p) || !mayHoldLegalPrefix("前"+p+"後") {
			t.Errorf("mayHoldLegalPrefix(%q) = false", p)
		}
		if !mayEndLegalPrefix(p) || !mayEndLegalPrefix("前"+p) {
			t.Errorf("mayEndLegalPrefix(%q) = false", p)
		}
	}
	for _, p := range companySuffixes {
		if !strings.Contains(p, "会社") {
			t.Errorf("companySuffixes: %q has no 会社", p)
		}
	}
	for _, p := range legalSuffixes {
		if !mayEndLegalSuffix(p) || !mayEndLegalSuffix(strings.TrimSpace(p)) {
			t.Errorf("mayEndLegalSuffix(%q) = false", p)
		}
	}
	if mayEndLegalSuffix("川崎市") {
		t.Error("mayEndLegalSuffix(川崎市) = true")
	}
	for _, s := range []string{"", "川崎市と覚書を締結", "ABC"} {
		if mayHoldLegalPrefix(s) || mayEndLegalPrefix(s) {
			t.Errorf("%q: a guard let through text without a legal word", s)
		}
	}
}

func TestValidRuneCount(t *testing.T) {
	for _, s := range sampleLines(t, "a", "あ", "漢", "🙂", " ", "\u00a0", "ｶ") {
		if got, want := validRuneCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("%q: %d runes, want %d", s, got, want)
		}
	}
}

// TestFurnitureMatchesSelector: the hand-written furniture matcher picks
// the elements selFurniture picks, on every element of the pages we have
// and on made-up elements with the attributes that matter.
func TestFurnitureMatchesSelector(t *testing.T) {
	var nodes []*html.Node
	for _, text := range decodedPages(t, "../fixtures/releases/*.html", "../fixtures/hostile/*.html", "../fixtures/site/*.html", "../fixtures/site/news/*.html") {
		doc, err := html.Parse(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		nodes = append(nodes, collect(doc, func(*html.Node) bool { return true })...)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	tags := []string{"div", "nav", "aside", "span", "NAV", "navx"}
	keys := []string{"role", "aria-hidden", "class", "Role", "id", "data-role"}
	vals := []string{"navigation", "banner", "contentinfo", "complementary", "main", "true", "false", "True", "visually-hidden", "sr-only", "x sr-only", "sr-only\ty", "sr-onlyx", " visually-hidden ", "nav", ""}
	for range 20000 {
		n := &html.Node{Type: html.ElementNode, Data: tags[rng.IntN(len(tags))]}
		for range rng.IntN(4) {
			n.Attr = append(n.Attr, html.Attribute{Key: keys[rng.IntN(len(keys))], Val: vals[rng.IntN(len(vals))]})
		}
		nodes = append(nodes, n)
	}
	matched := 0
	for _, n := range nodes {
		got, want := furniture(n), selFurniture.Match(n)
		if got != want {
			t.Fatalf("<%s %v>: furniture %v, selector %v", n.Data, n.Attr, got, want)
		}
		if got {
			matched++
		}
	}
	if matched == 0 {
		t.Fatal("no element matched: the test tests nothing")
	}
}

// TestClassOrIDUnjoined: the class and id matchers give for the two read
// apart what they gave for them joined by a space, as classOrID reads them.
func TestClassOrIDUnjoined(t *testing.T) {
	words := append(append([]string{"category", "cat", "tag", "tags", "genre", "label", "news", "Nav", "ad", "share", "x", "-", "_", " ", "\u212a", "é"}, boilerplateRE.words...), contentRE.words...)
	rng := rand.New(rand.NewPCG(5, 5))
	part := func() string {
		var sb strings.Builder
		for range rng.IntN(4) {
			sb.WriteString(words[rng.IntN(len(words))])
		}
		return sb.String()
	}
	for range 20000 {
		cls, id := part(), part()
		for name, m := range map[string]func(string) bool{"category": categoryClass, "boilerplate": boilerplateRE.MatchString, "content": contentRE.MatchString} {
			if joined, apart := m(cls+" "+id), m(cls) || m(id); joined != apart {
				t.Fatalf("%s(%q, %q): joined %v, apart %v", name, cls, id, joined, apart)
			}
		}
	}
}

func TestRunesAtMost(t *testing.T) {
	for _, s := range sampleLines(t, "a", "あ", "🙂", "\xff", "\xe3\x81") {
		for _, n := range []int{0, 1, 2, 5, 20, 30, 80} {
			if got, want := runesAtMost(s, n), utf8.RuneCountInString(s) <= n; got != want {
				t.Fatalf("runesAtMost(%q, %d) = %v, want %v", s, n, got, want)
			}
		}
	}
}

// TestNormalizeOrg: keys drop legal-entity words at either end, spaces and
// country marks; of two suffixes that end alike the longer goes whole.
func TestNormalizeOrg(t *testing.T) {
	for _, tt := range []struct{ name, key string }{
		{"株式会社三井不動産", "三井不動産"},
		{"三井不動産株式会社", "三井不動産"},
		{"(株)ミドリ薬品", "ミドリ薬品"},
		{"国立大学法人 東雲大学", "東雲大学"},
		{"一般社団法人 はやぶさスポーツ協会", "はやぶさスポーツ協会"},
		{"生活協同組合コープしおん", "コープしおん"},
		{"ノースウィンド・バイオロジクス社(英)", "ノースウィンド・バイオロジクス社"},
		{"Sierra Fintech Pte. Ltd.", "SierraFintech"},
		{"Kasumido Printing Co., Ltd.", "KasumidoPrinting"},
		{"Brightwater Learning, Inc.", "BrightwaterLearning"},
		{"Werner Sondentechnik GmbH", "WernerSondentechnik"},
	} {
		if got := NormalizeOrg(tt.name); got != tt.key {
			t.Errorf("NormalizeOrg(%q) = %q, want %q", tt.name, got, tt.key)
		}
	}
}
