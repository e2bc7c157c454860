package rules

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// naiveFind is the reference: every start of every literal, overlaps
// included, ASCII letters in either case.
func naiveFind(lits []string, text string) [][]int {
	pos := make([][]int, len(lits))
	for id, l := range lits {
		if l == "" {
			continue
		}
		for i := 0; i+len(l) <= len(text); i++ {
			if equalFoldASCIIBytes(text[i:i+len(l)], l) {
				pos[id] = append(pos[id], i)
			}
		}
	}
	return pos
}

// equalFoldASCIIBytes reports whether a and b are equal when ASCII
// letters are lowered.
func equalFoldASCIIBytes(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

// lists returns the places of each of n literals as a list of its own.
func lists(h literalHits, n int) [][]int {
	out := make([][]int, n)
	for id := range out {
		for _, p := range h.of(id) {
			out[id] = append(out[id], int(p))
		}
	}
	return out
}

func TestACMatcher(t *testing.T) {
	lits := []string{"he", "she", "his", "hers", "i know", " you ", "you", "aaa", "a", "Zoë", "É"}
	for _, text := range []string{"", "ushers", "I KNOW you are busy, You know", "aaAaa", "hishe HERS she", "日本 you ", "ZOË zoë", "é É"} {
		got := lists(newACMatcher(lits).find(text), len(lits))
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
		hits := newACMatcher(lits).find(text)
		got := lists(hits, len(lits))
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

// containsFold agrees with strings.Contains on the text with its ASCII
// letters lowered.
func TestContainsFold(t *testing.T) {
	texts := []string{"", "a", "I Hope THIS finds you", "ZOË’s team", "thththe", "abc"}
	lits := []string{"", "a", "hope this", "finds you ", "zoë", "thé", "the", "abcd", "’s"}
	for _, s := range texts {
		low := strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, s)
		for _, l := range lits {
			if got, want := containsFold(s, l), strings.Contains(low, l); got != want {
				t.Errorf("containsFold(%q, %q) = %v, want %v", s, l, got, want)
			}
		}
	}
}

// containsFold agrees with the same search on the lowered text for random
// texts and literals over a small alphabet (many near misses).
func TestContainsFoldRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const alpha = "aAbB y’"
	pick := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(alpha[r.IntN(len(alpha))])
		}
		return b.String()
	}
	for range 20000 {
		lowerBytes := func(s string) string {
			b := []byte(s)
			for i := range b {
				b[i] = lowerASCII(b[i])
			}
			return string(b)
		}
		s, l := pick(r.IntN(12)), lowerBytes(pick(1+r.IntN(4)))
		low := lowerBytes(s)
		if got, want := containsFold(s, l), strings.Contains(low, l); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, want %v", s, l, got, want)
		}
	}
}

// lowerKeeps answers as comparing the text with its lower-cased form does,
// whatever the mix of ASCII runs and other characters.
func TestLowerKeeps(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	bits := []string{"abcdefgh", "ABC", "é", "É", "’", "ß", "\xff", "x", "İ", " hello world "}
	for k := range 3000 {
		var b strings.Builder
		for range r.IntN(10 + k%3*20) { // long ones too: lowerKeeps reads 32 bytes at a time
			if k%3 == 2 {
				b.WriteString(bits[r.IntN(2)]) // mostly ASCII, with one other character
				if r.IntN(15) == 0 {
					b.WriteString(bits[2+r.IntN(len(bits)-2)])
				}
				continue
			}
			b.WriteString(bits[r.IntN(len(bits))])
		}
		s := b.String()
		want := utf8.ValidString(s) && strings.Map(func(r rune) rune {
			if r >= utf8.RuneSelf {
				return unicode.ToLower(r)
			}
			return r
		}, s) == s
		if got := lowerKeeps(s); got != want {
			t.Fatalf("lowerKeeps(%q) = %v, want %v", s, got, want)
		}
	}
}

// Texts long enough to be walked in two halves find every occurrence, those
// across the middle included, in order.
func TestACMatcherLongTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	lits := []string{"ab", "abab", "ba", "b a", "aaaa", "a", "you", " yo"}
	for range 300 {
		var b strings.Builder
		for n := 200 + r.IntN(400); b.Len() < n; {
			b.WriteString([]string{"a", "b", " ", "A", "B", "you", "YOU "}[r.IntN(7)])
		}
		text := b.String()
		hits := newACMatcher(lits).find(text)
		if got, want := lists(hits, len(lits)), naiveFind(lits, text); !reflect.DeepEqual(got, want) {
			t.Fatalf("find(%q):\n got  %v\n want %v", text, got, want)
		}
	}
}
