package rules

import (
	"fmt"
	"testing"
)

// The engine builds messages without fmt; q and qc must quote as %q does.
func TestQuoteAsFmt(t *testing.T) {
	for c := 0; c < 256; c++ {
		if got, want := qc(byte(c)), fmt.Sprintf("%q", byte(c)); got != want {
			t.Errorf("qc(%#x) = %s, want %s", c, got, want)
		}
	}
	for _, s := range []string{"", "act now", "\"", "\\", "\x00\t\n", "José 🚀", "\xff\xfe", "\u2028", "\U0010FFFF"} {
		if got, want := q(s), fmt.Sprintf("%q", s); got != want {
			t.Errorf("q(%s) = %s, want %s", want, got, want)
		}
	}
}
