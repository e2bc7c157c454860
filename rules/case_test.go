package rules

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// caseOf stops early; it must answer as counting every letter does: loud
// when all of two or more letters are capitals, capital when the first
// letter is one, neither for a first word "I". The alphabet mixes ASCII,
// non-ASCII capitals and small letters, a letter without case (ア) and
// marks that are not letters.
func TestCaseOfAgreesWithCountingEveryLetter(t *testing.T) {
	want := func(match string) matchCase {
		letters, upper, first := 0, 0, rune(-1)
		for _, r := range match {
			if unicode.IsLetter(r) {
				if first < 0 {
					first = r
				}
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
		if first < 0 {
			return matchCase{}
		}
		i := isIWord(match)
		return matchCase{letters: true, loud: letters >= 2 && upper == letters && !i, capital: unicode.IsUpper(first) && !i}
	}
	alphabet := []string{"a", "B", "I", "i", "É", "é", "ア", " ", "'", "1", "!", "ẞ"}
	r := rand.New(rand.NewPCG(5, 6))
	fixed := []string{"", "!!", "I", "I am", "IT IS", "OK", "Ok", "oK", "ÉTÉ", "Été", "アB", "BアC", "JUST CHECKING IN", "Just checking in"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		fixed = append(fixed, b.String())
	}
	for _, m := range fixed {
		if got, w := caseOf(m), want(m); got != w {
			t.Fatalf("caseOf(%q) = %+v, want %+v", m, got, w)
		}
	}
}
