package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/pressroom-ja/pressroom/web"
)

// The browser tests drive a real headless Chromium through the page: they
// type, click and read what a person would see. Chromium is found through
// $PRESSROOM_CHROME or on the PATH (Debian: apt-get install chromium). A
// missing browser fails the test under CI=true and skips it elsewhere.
//
// PRESSROOM_SCREENSHOTS=1 also writes the README's pictures to docs/.

// EnvChrome names the browser binary to use.
const EnvChrome = "PRESSROOM_CHROME"

func findChrome() string {
	if p := os.Getenv(EnvChrome); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile for the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := findChrome()
	if path == "" {
		msg := "no Chromium to drive: install it (Debian: apt-get install chromium; .ci/run does so) or set " + EnvChrome
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // root in CI containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "ja-JP"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// Start the browser now, without a deadline (a deadline on the first
	// run would bound the browser's whole life).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// tab is one browser tab, collecting what the page writes to the console:
// an exception or a console error fails the test.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

func newTab(t *testing.T, browser context.Context) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				tb.mu.Lock()
				tb.problems = append(tb.problems, m.String())
				tb.mu.Unlock()
			}
		}
	}()
	return tb
}

// do runs steps, failing the test with what the page shows when one fails.
func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("%s: %v\n%s", what, err, tb.page())
	}
}

// wait waits until the JavaScript expression is true.
func (tb *tab) wait(what, expr string) {
	tb.t.Helper()
	tb.do(what, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(15*time.Second))(ctx, t)
		return chromedp.Void{}, err
	})
}

// eval evaluates a JavaScript expression.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v\n%s", expr, err, tb.page())
	}
	return v
}

// page describes the page for a failure message.
func (tb *tab) page() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + (document.body ? document.body.innerText.slice(0, 1500) : "")`))
	if err != nil {
		return "(page unreadable: " + err.Error() + ")"
	}
	return "page " + s + "\n" + strings.Join(tb.consoleProblems(), "\n")
}

func (tb *tab) consoleProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.problems...)
}

// clean fails the test if the page threw or logged an error (a CSP
// violation included).
func (tb *tab) clean() {
	tb.t.Helper()
	time.Sleep(50 * time.Millisecond) // let the console queue drain
	if p := tb.consoleProblems(); len(p) > 0 {
		tb.t.Errorf("the page reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// ready is the expression that a view has finished drawing.
func ready(view string) string {
	return fmt.Sprintf(`document.body.dataset.state === "ready" && document.body.dataset.view === %q`, view)
}

func jsString(s string) string { return strconv.Quote(s) }

func newDeskServer(t *testing.T, b web.Backend) string {
	t.Helper()
	h, _ := newHandler(t, b, web.Config{})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestBrowser(t *testing.T) {
	browser := newBrowser(t)
	base := newDeskServer(t, buildIndex(t, releasesDir))
	shots := os.Getenv("PRESSROOM_SCREENSHOTS") == "1"

	t.Run("search, facet, release", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.do("open the search page", chromedp.Navigate(base+"/"))
		tb.wait("the newest releases are listed", ready("search")+` && document.querySelectorAll("#hits .hit").length === 9`)
		if lang := eval[string](tb, `document.documentElement.lang`); lang != "ja" {
			t.Errorf("lang %q", lang)
		}

		// Type a query.
		tb.do("type 覚書", chromedp.SendKeys(chromedp.CSS("#q"), "覚書\n"))
		tb.wait("two releases found", ready("search")+` && document.querySelector("#total").dataset.total === "2"`)
		if q := eval[string](tb, `new URLSearchParams(location.search).get("q")`); q != "覚書" {
			t.Errorf("URL q = %q", q)
		}
		marks := eval[[]string](tb, `[...document.querySelectorAll("#hits mark")].map(m => m.textContent)`)
		if len(marks) == 0 || marks[0] != "覚書" {
			t.Errorf("marked words %q", marks)
		}
		// Partners show by display name, not key.
		if names := eval[string](tb, `[...document.querySelectorAll("#hits .chip.partner")].map(c => c.textContent).join("|")`); !strings.Contains(names, "京都リサーチパーク株式会社") {
			t.Errorf("partner chips %q", names)
		}

		// Click a facet, then unclick it.
		facet := `.facet[data-facet="partner"] a[data-value="川崎市"]`
		tb.do("click the partner facet 川崎市", chromedp.Click(chromedp.CSS(facet)))
		tb.wait("one release with partner 川崎市", ready("search")+` && document.querySelector("#total").dataset.total === "1"`)
		if got := eval[[]string](tb, `[new URLSearchParams(location.search).getAll("partner").join(","), document.querySelector(`+jsString(facet)+`).getAttribute("aria-pressed"), document.querySelector("#active-filters").textContent]`); got[0] != "川崎市" || got[1] != "true" || !strings.Contains(got[2], "川崎市") {
			t.Errorf("after the click: partner=%q pressed=%q chips %q", got[0], got[1], got[2])
		}
		// The agreements export carries the same search.
		if href := eval[string](tb, `document.querySelector("#export-agreements").getAttribute("href")`); !strings.Contains(href, "rows=agreements") ||
			!strings.Contains(href, "format=csv") || !strings.Contains(href, "partner="+url.QueryEscape("川崎市")) || !strings.Contains(href, "q="+url.QueryEscape("覚書")) {
			t.Errorf("agreements export link %q", href)
		}
		if title := eval[string](tb, `document.querySelector("#hits .hit-title").textContent`); !strings.Contains(title, "LINK-J") {
			t.Errorf("hit %q", title)
		}
		tb.do("unclick it", chromedp.Click(chromedp.CSS(facet)))
		tb.wait("both releases again", ready("search")+` && document.querySelector("#total").dataset.total === "2" && !location.search.includes("partner")`)

		// A year facet sets the period.
		tb.do("click the year 2019", chromedp.Click(chromedp.CSS(`.facet[data-facet="year"] a[data-value="2019"]`)))
		tb.wait("the 2019 release", ready("search")+` && document.querySelector("#total").dataset.total === "1" && location.search.includes("from=2019")`)
		tb.do("clear the period", chromedp.Click(chromedp.CSS(`.facet[data-facet="year"] a[data-value="2019"]`)))
		tb.wait("both releases again", ready("search")+` && document.querySelector("#total").dataset.total === "2"`)

		// Sort by date.
		tb.do("sort oldest first", chromedp.SetValue(chromedp.CSS("#sort"), "oldest"), func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[chromedp.Void](`document.querySelector("#sort").dispatchEvent(new Event("change"))`)(ctx, t)
			return chromedp.Void{}, err
		})
		tb.wait("oldest first", ready("search")+` && location.search.includes("sort=oldest") && document.querySelector("#hits time").dateTime === "2018-08-31"`)

		// Open the release and see its agreements and items.
		tb.do("open the LINK-J release", chromedp.Click(chromedp.CSS(`#hits .hit[data-id="`+fixtureID(releasesDir, linkJFile)+`"] .hit-title a`)))
		tb.wait("the release page", ready("release")+` && document.querySelector("#agreements .agreement") !== null`)
		got := eval[map[string]string](tb, `(() => {
			const ag = document.querySelector('#agreements .agreement[data-partner="川崎市"]');
			return {
				title: document.querySelector("#release-title").textContent,
				parties: ag ? ag.querySelector(".ag-parties").textContent : "",
				head: ag ? ag.querySelector(".ag-head").textContent : "",
				items: ag ? [...ag.querySelectorAll(".agreement-items li")].map(li => li.textContent).join("|") : "",
				history: String(document.querySelectorAll("#history .agreement").length),
				orgs: document.querySelector("#organizations").textContent,
				people: document.querySelector("#people").textContent,
				dates: document.querySelector("#dates").textContent,
				source: document.querySelector("#source-link").textContent,
			};
		})()`)
		if !strings.HasPrefix(got["title"], "LINK-J、川崎市と") {
			t.Errorf("title %q", got["title"])
		}
		if got["parties"] != "LINK-J×川崎市" || !strings.Contains(got["head"], "2018年8月30日 締結") {
			t.Errorf("agreement parties %q, head %q", got["parties"], got["head"])
		}
		if got["items"] != "活動、イベント、プログラム等における 共催、協賛、告知等の協力|刊行物、資料、情報の交換・発信|相互訪問、相互施設利用" {
			t.Errorf("items %q", got["items"])
		}
		if got["history"] != "8" {
			t.Errorf("%s earlier agreements shown, want the table's 8", got["history"])
		}
		for field, want := range map[string]string{"orgs": "LINK-J", "people": "岡野栄之", "dates": "2018-08-30", "source": "link-j-kawasaki-2018-08-31.html"} {
			if !strings.Contains(got[field], want) {
				t.Errorf("%s %q lacks %q", field, got[field], want)
			}
		}
		if shots {
			screenshot(t, tb, "release.png")
		}
		tb.do("back to the results", chromedp.Click(chromedp.CSS("#back")))
		tb.wait("the same search", ready("search")+` && location.search.includes("sort=oldest") && document.querySelector("#q").value === "覚書"`)
		tb.clean()
	})

	t.Run("network", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.do("open the network view", chromedp.Navigate(base+"/network"))
		node := `#network g.node[data-key="` + linkJKey + `"]`
		tb.wait("the LINK-J node", ready("network")+` && document.querySelector(`+jsString(node)+`) !== null`)
		if label := eval[string](tb, `document.querySelector(`+jsString(node+" text")+`).textContent`); label != "LINK-J" {
			t.Errorf("node label %q", label)
		}
		if n := eval[int](tb, `document.querySelectorAll('#network line.edge[data-source="`+linkJKey+`"]').length`); n != 9 {
			t.Errorf("%d lines from LINK-J, want 9", n)
		}
		if n := eval[int](tb, `document.querySelectorAll("#timeline g.bar").length`); n < 10 {
			t.Errorf("timeline has %d months with agreements", n)
		}
		tb.do("click LINK-J", chromedp.Click(chromedp.CSS(node+" circle")))
		tb.wait("its agreements listed", `document.querySelectorAll("#node-agreements li.node-agreement").length === 9`)
		partners := eval[string](tb, `[...document.querySelectorAll("#node-agreements .na-partner")].map(e => e.textContent).join("|")`)
		for _, want := range []string{"川崎市", "BIOCOM", "MedCity", "カリフォルニア大学サンディエゴ校", "京都リサーチパーク株式会社"} {
			if !strings.Contains(partners, want) {
				t.Errorf("LINK-J's partners %q lack %s", partners, want)
			}
		}
		if name := eval[string](tb, `document.querySelector("#node-name").textContent`); name != "一般社団法人ライフサイエンス・イノベーション・ネットワーク・ジャパン" {
			t.Errorf("panel names %q", name)
		}
		if shots {
			screenshot(t, tb, "network.png")
		}

		// Filter by year: 2016 has LINK-J's UCSD and BIOCOM, not 川崎市.
		tb.do("choose 2016", chromedp.Click(chromedp.CSS(`#year-filter a[data-year="2016"]`)))
		tb.wait("the 2016 network", ready("network")+` && location.search.includes("from=2016") && document.querySelector('#network g.node[data-key="BIOCOM"]') !== null`)
		keys := eval[[]string](tb, `[...document.querySelectorAll("#network g.node")].map(g => g.dataset.key)`)
		if strings.Contains(strings.Join(keys, "|"), "川崎市") || len(keys) != 5 {
			t.Errorf("2016 nodes %q", keys)
		}
		tb.clean()
	})

	if shots {
		t.Run("search screenshot", func(t *testing.T) {
			tb := newTab(t, browser)
			tb.do("search", chromedp.Navigate(base+"/?q="+url.QueryEscape("連携")))
			tb.wait("results", ready("search")+` && document.querySelectorAll("#hits .hit").length > 0`)
			screenshot(t, tb, "search.png")
			tb.clean()
		})
	}
}

// TestBrowserHostileRelease indexes a release whose title, body and items
// hold <script>, onerror and javascript: text, and reads it on every view
// with the Content-Security-Policy switched off: the page's own escaping
// must keep it text. A script that ran would set window.__pwned or the
// document title.
func TestBrowserHostileRelease(t *testing.T) {
	browser := newBrowser(t)
	base := newDeskServer(t, buildIndex(t, hostileDir, releasesDir))
	tb := newTab(t, browser)
	tb.do("switch the CSP off", func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return chromedp.Void{}, err
	})
	noScriptRan := func(where string) {
		t.Helper()
		time.Sleep(300 * time.Millisecond) // time for an image's onerror to fire
		got := eval[map[string]string](tb, `({
			pwned: String(window.__pwned),
			title: document.title,
			elements: String(document.querySelectorAll("#app script, #app img, #app iframe, #app b, #app [onerror], #app [onmouseover], #app a[href^='javascript:']").length),
		})`)
		// The release page's title holds the release's title, PWNED as text
		// included; a script would have made it exactly "PWNED".
		if got["pwned"] != "undefined" || got["title"] == "PWNED" || got["elements"] != "0" {
			t.Errorf("%s: a script ran or markup was made: %v", where, got)
		}
	}
	id := fixtureID(hostileDir, "yokoshima-2024-04-01.html")

	tb.do("search for it", chromedp.Navigate(base+"/?q="+url.QueryEscape("ヨコシマ商事")))
	tb.wait("its hit", ready("search")+` && document.querySelector('#hits .hit[data-id="`+id+`"]') !== null`)
	title := eval[string](tb, `document.querySelector('#hits .hit[data-id="`+id+`"] .hit-title').innerText`)
	if !strings.Contains(title, `<script>window.__pwned=1;document.title="PWNED"</script>`) || !strings.Contains(title, `<img src=x onerror="window.__pwned=2`) {
		t.Errorf("hit title shows %q, want the markup as text", title)
	}
	if marks := eval[[]string](tb, `[...document.querySelectorAll("#hits mark")].map(m => m.textContent)`); len(marks) == 0 || marks[0] != "ヨコシマ商事" {
		t.Errorf("marks %q", marks)
	}
	noScriptRan("search page")

	tb.do("search its body's words", chromedp.Navigate(base+"/?q="+url.QueryEscape("無害化")))
	tb.wait("its snippet", ready("search")+` && document.querySelectorAll("#hits .snippet mark").length > 0`)
	if snip := eval[string](tb, `document.querySelector("#hits .snippet").innerText`); !strings.Contains(snip, `<script>alert("xss")</script>`) {
		t.Errorf("snippet %q", snip)
	}
	noScriptRan("snippet")

	tb.do("open it", chromedp.Click(chromedp.CSS(`#hits .hit[data-id="`+id+`"] .hit-title a`)))
	tb.wait("the release page", ready("release")+` && document.querySelector("#agreements .agreement") !== null`)
	page := eval[map[string]string](tb, `({
		title: document.querySelector("#release-title").innerText,
		body: document.querySelector("#release-body").innerText,
		items: [...document.querySelectorAll("#agreements .agreement-items li")].map(li => li.textContent).join("|"),
		purpose: document.querySelector("#agreements .ag-purpose").textContent,
	})`)
	for field, want := range map[string]string{
		"title":   `<script>window.__pwned=1`,
		"body":    `<iframe src="javascript:window.__pwned=5"></iframe>`,
		"items":   `「</mark><b onmouseover="window.__pwned=7">太字</b>」`,
		"purpose": `<img src=x onerror="window.__pwned=3">`,
	} {
		if !strings.Contains(page[field], want) {
			t.Errorf("release %s shows %q, want %q as text", field, page[field], want)
		}
	}
	// Unescaped exactly once: text that was &lt;script&gt; in the release
	// stays so.
	if !strings.Contains(page["items"], "&lt;script&gt; のような") {
		t.Errorf("items %q: the double-escaped text was unescaped twice", page["items"])
	}
	noScriptRan("release page")

	tb.do("open its network", chromedp.Navigate(base+"/network?org="+url.QueryEscape("ヨコシマ商事")))
	tb.wait("its node and panel", ready("network")+` && document.querySelector("#node-agreements .na-purpose") !== null`)
	if p := eval[string](tb, `document.querySelector("#node-agreements .na-purpose").textContent`); !strings.Contains(p, "<script>alert") {
		t.Errorf("network panel purpose %q", p)
	}
	noScriptRan("network view")
	tb.clean()
}

// screenshot saves the viewport to docs/name for the README.
func screenshot(t *testing.T, tb *tab, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	time.Sleep(200 * time.Millisecond)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil && len(png) == 0 {
		err = errors.New("empty image")
	}
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join("..", "docs", name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", path, len(png))
}
