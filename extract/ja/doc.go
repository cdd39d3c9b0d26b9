// Package ja is pressroom's one Japanese analyser: it turns text into Kagome
// tokens and the normalized terms that both index backends store and that
// queries are matched with.
//
// Documents and queries go through the same code, so a word is found however
// it is written (full-width or half-width, inflected or not) and whichever
// backend holds the index. Terms are NFKC-normalized, lower-cased base forms;
// particles, auxiliary verbs, symbols and whitespace are dropped, so that a
// query of は or の matches nothing rather than everything.
//
// The best path through Kagome's lattice is found by our own search over
// Kagome's dictionary (viterbi.go): the same tokens as Kagome's Tokenize in
// Normal mode, tie for tie (TestFastMatchesSlow, FuzzFastMatchesSlow), in
// under half its time; Kagome itself reads entries the first time they are
// seen.
//
// Build one Analyzer at start-up and share it: it is safe for concurrent use,
// and loading the IPA dictionary (about 0.5 s, 77 MiB) is the expensive part.
//
//	an, err := ja.New(ipa.Dict())
//	terms := an.Terms("川崎市と覚書を締結しました") // [川崎 市 覚書 締結 する]
package ja
