package eval

import "github.com/pressroom-ja/pressroom/extract/ja"

func jaNormalize(s string) string { return ja.Normalize(s) }
