package rules

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

// The core a rule's expressions share must match wherever any of them
// matches, or the pre-check would hide real findings. Checked on random
// expressions built around a shared middle, on random texts.
func TestCommonCoreMatchesWhereverAnExpressionDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	contexts := []string{`^[ \t]*`, `(,[ \t]*)`, `\b`, `(?m)([.!?;:])[ \t]+`, ``, `x?`}
	tails := []string{`[ \t]*[.!]+[ \t]*()$`, `[ \t]*,[ \t]*(\w)`, `\b`, `(?m)$`, ``, `[.!]+`}
	middles := []string{`(?:I )?hope (?:this|my) (?:note )?finds you (?:well|great)`, `quick question(?: for you)?`, `a(?:b|c)+d`}
	words := []string{"I", "hope", "this", "my", "note", "finds", "you", "well", "great", "quick", "question", "for", "abd", "acbd", "x", ",", ".", "!", "\n", " ", "Hope"}
	checked := 0
	for range 300 {
		mid := middles[r.IntN(len(middles))]
		var srcs []string
		var exprs []*syntax.Regexp
		var res []*regexp.Regexp
		for range 2 + r.IntN(4) {
			src := contexts[r.IntN(len(contexts))] + "(?:" + mid + ")" + tails[r.IntN(len(tails))]
			re, err := syntax.Parse("(?i)"+src, syntax.Perl)
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, src)
			exprs = append(exprs, re)
			res = append(res, regexp.MustCompile("(?i)"+src))
		}
		core := commonCore(srcs, "(?i)", exprs)
		if core == "" {
			continue
		}
		coreRe := regexp.MustCompile(core)
		for range 40 {
			var b strings.Builder
			for range 1 + r.IntN(14) {
				b.WriteString(words[r.IntN(len(words))])
				if r.IntN(3) > 0 {
					b.WriteByte(' ')
				}
			}
			text := b.String()
			for _, re := range res {
				if re.MatchString(text) {
					checked++
					if !coreRe.MatchString(text) {
						t.Fatalf("core %q does not match %q, which %q matches", core, text, re)
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d matching texts were checked; the test's texts are too unlike its expressions", checked)
	}
}

func TestCommonCoreOfTheBuiltinOpeners(t *testing.T) {
	srcs := []string{
		`(?m)^[ \t]*(?:(?:I )?hope (?:this|my) finds you well)[ \t]*[.!]+[ \t]*()()`,
		`(,[ \t]*)(?:(?:I )?hope (?:this|my) finds you well)[ \t]*[.!]+[ \t]+(\w)`,
	}
	parse := func(srcs []string) []*syntax.Regexp {
		var out []*syntax.Regexp
		for _, src := range srcs {
			re, err := syntax.Parse("(?i)"+src, syntax.Perl)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, re)
		}
		return out
	}
	if core, want := commonCore(srcs, "(?i)", parse(srcs)), "(?i)(?:(?:I )?hope (?:this|my) finds you well)"; core != want {
		t.Fatalf("core = %q, want %q: the shared phrase without either context", core, want)
	}
	// The shared group must be a required part of every expression: here it
	// is optional in the second, so there is no core.
	optional := []string{`^(?:hope this finds you well)\.`, `x|(?:hope this finds you well)`}
	if core := commonCore(optional, "", parse(optional)); core != "" {
		t.Fatalf("core = %q, want none: the group is not required by %q", core, optional[1])
	}
	// Expressions with nothing substantial in common get no core.
	if core := commonCore([]string{`(foo)`, `(bar)`}, "", parse([]string{`(foo)`, `(bar)`})); core != "" {
		t.Fatalf("core of foo and bar = %q, want none", core)
	}
}

func TestGroups(t *testing.T) {
	got := strings.Join(groups(`a(b(c)d)\(e\)[(](f)[]()][^]()]\Q(x)\E(g)\Q(y)`), " ")
	if want := "(c) (b(c)d) (f) (g)"; got != want {
		t.Fatalf("groups = %q, want %q", got, want)
	}
}

// The built-in opener rules, seven context variants around one phrase
// each, must get a core, or every message pays for all seven expressions.
func TestBuiltinOpenersHaveACore(t *testing.T) {
	e := builtinEngine(t)
	for _, id := range []string{"hope-this-email-finds-you-well", "hope-youre-doing-well", "i-know-youre-busy", "sorry-to-bother-you"} {
		c := e.byName["always-be-helping/"+id]
		if c == nil {
			t.Fatalf("no rule %s", id)
		}
		if c.regexCore == nil {
			t.Errorf("%s: no common core found", id)
		}
	}
}
