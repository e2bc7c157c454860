package rules

import (
	"reflect"
	"strings"
	"testing"
)

// naiveFind is the reference: every start of every literal, overlaps included.
func naiveFind(lits []string, text string) [][]int {
	pos := make([][]int, len(lits))
	for id, l := range lits {
		if l == "" {
			continue
		}
		for i := 0; i+len(l) <= len(text); i++ {
			if text[i:i+len(l)] == l {
				pos[id] = append(pos[id], i)
			}
		}
	}
	return pos
}

func TestACMatcher(t *testing.T) {
	lits := []string{"he", "she", "his", "hers", "i know", " you ", "you", "aaa", "a"}
	for _, text := range []string{"", "ushers", "i know you are busy, you know", "aaaaa", "hishe hers she", "日本 you "} {
		got := newACMatcher(lits).find(text)
		for i := range got {
			if len(got[i]) == 0 {
				got[i] = nil
			}
		}
		if want := naiveFind(lits, text); !reflect.DeepEqual(got, want) {
			t.Errorf("find(%q) = %v, want %v", text, got, want)
		}
	}
}

func FuzzACMatcher(f *testing.F) {
	f.Add("he she his hers", "ushers and hishe")
	f.Fuzz(func(t *testing.T, words, text string) {
		lits := strings.Fields(words)
		if len(lits) > 20 {
			lits = lits[:20]
		}
		got := newACMatcher(lits).find(text)
		for i := range got {
			if len(got[i]) == 0 {
				got[i] = nil
			}
		}
		if want := naiveFind(lits, text); !reflect.DeepEqual(got, want) {
			t.Fatalf("lits %q text %q: got %v want %v", lits, text, got, want)
		}
	})
}
