package urlcanon_test

import (
	"fmt"

	"github.com/pressroom-ja/pressroom/ingest/urlcanon"
)

func ExampleCanonical() {
	u, err := urlcanon.Canonical("HTTP://Example.CO.JP:80/news/../news/2024/0301.html?utm_source=top&page=2&cat=7#share")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u)
	// Output: http://example.co.jp/news/2024/0301.html?cat=7&page=2
}
