package rules

import (
	"strings"
	"testing"
)

func TestToLowerMatchesStrings(t *testing.T) {
	for _, s := range []string{"", "Hello WORLD", "Zoë’s CAFÉ", "İstanbul", "\u212a Kelvin", "bad \xff byte", "ΣΑΣ", "ǅ", "🚀 GO"} {
		if got, want := toLower(s), strings.ToLower(s); got != want {
			t.Errorf("toLower(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzToLower(f *testing.F) {
	f.Add("Hello İ K ÿ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := toLower(s), strings.ToLower(s); got != want {
			t.Fatalf("toLower(%q) = %q, want %q", s, got, want)
		}
	})
}
