package index

import (
	"errors"
	"testing"
)

func TestDecodeCursorFor(t *testing.T) {
	tests := []struct {
		name   string
		cursor string
		sort   Sort
		ok     bool
	}{
		{"relevance: score, day, id", EncodeCursor([]string{"6", "2018-08-31", "abc"}), Relevance, true},
		{"newest: day, id", EncodeCursor([]string{"2018-08-31", "abc"}), Newest, true},
		{"a relevance cursor for a date sort", EncodeCursor([]string{"6", "2018-08-31", "abc"}), Newest, false},
		{"a date cursor for relevance", EncodeCursor([]string{"2018-08-31", "abc"}), Relevance, false},
		{"not base64", "!!", Relevance, false},
		{"empty list", EncodeCursor(nil), Newest, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, err := DecodeCursorFor(tt.cursor, tt.sort)
			if tt.ok != (err == nil) {
				t.Fatalf("DecodeCursorFor = %q, %v; want ok=%v", vals, err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrBadQuery) {
				t.Errorf("error %v is not ErrBadQuery", err)
			}
		})
	}
}
