package ja

// StableNFKC exports stableNFKC to the tests.
var StableNFKC = stableNFKC
