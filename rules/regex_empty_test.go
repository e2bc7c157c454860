package rules

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"testing"
)

// matchesEmpty decides from the parsed expression what regexp's
// MatchString("") decides by running it: the compile step relies on it to
// refuse expressions that would fire everywhere without compiling them.
func TestMatchesEmptyAgreesWithRegexp(t *testing.T) {
	exprs := []string{
		``, `a`, `a*`, `a+`, `a?`, `(a|)`, `(a|b)`, `^`, `$`, `^$`, `\A`, `\z`, `\b`, `\B`,
		`\bfoo\b`, `(?m)^\s*$`, `x{0}`, `x{0,2}`, `x{1,2}`, `(?:a*)+`, `[a-z]*`, `[^a]`, `.`, `.*`,
		`(?i)just checking in`, `\{[A-Z][a-zA-Z]*\}`, `(?:^|\s)hi`, `\b\B`, `^\b`, `(a*)(b?)`,
		`(?:a|b*)c`, `(?:a|b*)c?`, `[[:alpha:]]*`, `\pL+`, `(?s).?`,
	}
	r := rand.New(rand.NewPCG(3, 4))
	parts := []string{`a`, `\b`, `\B`, `^`, `$`, `.`, `[xy]`, `(?:a|)`, `b*`, `c+`, `d?`, `e{0,1}`, `\A`, `\z`, `(f|g*)`}
	for range 2000 {
		e := ""
		for range 1 + r.IntN(4) {
			e += parts[r.IntN(len(parts))]
		}
		exprs = append(exprs, e, "(?:"+e+")|z", "(?:"+e+")+")
	}
	for _, e := range exprs {
		re, err := syntax.Parse(e, syntax.Perl)
		if err != nil {
			t.Fatalf("%q: %v", e, err)
		}
		if got, want := matchesEmpty(re), regexp.MustCompile(e).MatchString(""); got != want {
			t.Errorf("matchesEmpty(%q) = %v, regexp says %v", e, got, want)
		}
	}
}

// Every regex of the built-in pack still compiles when first used.
func TestLazyRegexpsCompile(t *testing.T) {
	e := builtinEngine(t)
	n := 0
	for _, c := range e.rules {
		for _, l := range c.regex {
			if l.get() == nil {
				t.Fatalf("%s: %s did not compile", c.ID, l.src)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("the built-in pack has no regex rules to check")
	}
}
