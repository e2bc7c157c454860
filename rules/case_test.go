package rules

import (
	"math/rand/v2"
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
		fixed = append(fixed, randomJoin(r, alphabet, r.IntN(8)))
	}
	for _, m := range fixed {
		if got, w := caseOf(m), want(m); got != w {
			t.Fatalf("caseOf(%q) = %+v, want %+v", m, got, w)
		}
	}
}

// The forms of a replacement worked out when a rule is compiled are what
// apply gives it when it has none, whatever the match's case.
func TestReplacementFormsAgreeWithApply(t *testing.T) {
	repls := []string{"", "checking in", "Checking in", "I wanted to", "i'd like", "I’m writing", "Monday works", "monday works",
		"may I ask", "May works", "USA teams", "iPhone users", "NASA", "éclair", "Élan", "42 things", "  spaced out", "(a note)",
		"sunday", "Today works", "today works", "OK then", "ß-words", "İstanbul", "$1 then"}
	matches := []string{"just checking", "Just checking", "JUST CHECKING", "I think", "i think", "123", "É", "ÉCOLE", "I", "IT WORKS", "", "—"}
	forms := formsOf(repls)
	for i, r := range repls {
		for _, m := range matches {
			mc := caseOf(m)
			for _, loud := range []bool{false, true} {
				for _, start := range []bool{false, true} {
					if got, want := mc.apply(r, &forms[i], loud, start), mc.apply(r, nil, loud, start); got != want {
						t.Errorf("%q for %q (loud %v, sentence start %v): %q from its forms, %q without", r, m, loud, start, got, want)
					}
				}
			}
		}
	}
}
