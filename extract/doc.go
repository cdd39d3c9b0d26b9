// Package extract turns a press-release page into a Release: title,
// sub-heading, publication date, issuing organizations, categories, the main
// text without site furniture, every organization named (legal-entity words,
// 以下「…」 aliases, country marks), the agreement announced (partner, kind,
// label, signing date resolved to the release's year, agreed items) and
// earlier agreements listed in tables or text, and the people named with
// their titles.
//
// It is pure: no network, no index, no logging. The text is decoded (UTF-8,
// Shift_JIS, EUC-JP, declared or detected), parsed into blocks (headings,
// paragraph lines, list items, table rows), tokenized once by Kagome through
// extract/ja, and read by rule-based extractors; the same tokens give the
// index terms returned in Result.Terms, so indexing runs no second Kagome
// pass.
//
//	x := extract.New(analyzer) // one per process; safe for concurrent use
//	res, err := x.Extract(extract.Input{URL: url, Body: page})
//	if errors.Is(err, extract.ErrTruncated) { … }
//	fmt.Println(res.Release.Title, res.Release.Agreements)
//
// Version names the rules; the crawl state records it so that a run after
// an extractor change re-extracts what older rules produced.
package extract
