package ja

// StableNFKC exports stableNFKC to the tests.
var StableNFKC = stableNFKC

// FastTokens and SlowTokens are appendTokens's two paths.
func FastTokens(a *Analyzer, line string) ([]Token, bool) { return a.fastTokens(nil, line, 0) }
func SlowTokens(a *Analyzer, line string) []Token         { return a.slowTokens(nil, line, 0) }
