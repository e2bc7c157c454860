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
		var exprs []*syntax.Regexp
		var res []*regexp.Regexp
		for range 2 + r.IntN(4) {
			src := "(?i)" + contexts[r.IntN(len(contexts))] + "(?:" + mid + ")" + tails[r.IntN(len(tails))]
			re, err := syntax.Parse(src, syntax.Perl)
			if err != nil {
				t.Fatal(err)
			}
			exprs = append(exprs, re)
			res = append(res, regexp.MustCompile(src))
		}
		core := commonCore(exprs)
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
	var exprs []*syntax.Regexp
	for _, src := range []string{
		`(?i)(?m)^[ \t]*(?:(?:I )?hope (?:this|my) finds you well)[ \t]*[.!]+[ \t]*()()`,
		`(?i)(,[ \t]*)(?:(?:I )?hope (?:this|my) finds you well)[ \t]*[.!]+[ \t]+(\w)`,
	} {
		re, _ := syntax.Parse(src, syntax.Perl)
		exprs = append(exprs, re)
	}
	core := commonCore(exprs)
	if !strings.Contains(core, "HOPE") || !strings.Contains(core, "WELL") || strings.Contains(core, "(?m:^)") || strings.Contains(core, ",") {
		t.Fatalf("core = %q, want the shared phrase without either context", core)
	}
	// Expressions with nothing substantial in common get no core.
	a, _ := syntax.Parse(`foo`, syntax.Perl)
	b, _ := syntax.Parse(`bar`, syntax.Perl)
	if core := commonCore([]*syntax.Regexp{a, b}); core != "" {
		t.Fatalf("core of foo and bar = %q, want none", core)
	}
}
