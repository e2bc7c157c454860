package rules_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
)

// FuzzAnalyze: any input, valid UTF-8 or not, never panics; spans are in
// bounds, on rune boundaries and equal to the match; applying any suggestion
// to valid UTF-8 input yields valid UTF-8.
func FuzzAnalyze(f *testing.F) {
	p, err := packs.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	e, err := rules.Compile(p)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range benchSentences {
		f.Add(s)
	}
	for _, s := range []string{"", "\n\n", "Hi,\n> quoted\nBest,\n", "JUST CHECKING IN!!!", "\xff\xfeact now", "e.g.", "{FirstName}", "’’’", "🚀 act now 🚀", "only 3 spots left?!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		res := e.Analyze(text, rules.Options{})
		if res.Score < 0 || res.Score > 100 {
			t.Fatalf("score %d out of range", res.Score)
		}
		for _, fd := range res.Findings {
			if fd.Start < 0 || fd.End > len(text) || fd.Start >= fd.End {
				t.Fatalf("span [%d,%d) out of bounds for %d bytes", fd.Start, fd.End, len(text))
			}
			if text[fd.Start:fd.End] != fd.Match {
				t.Fatalf("match %q != text[%d:%d] %q", fd.Match, fd.Start, fd.End, text[fd.Start:fd.End])
			}
			// On valid UTF-8 a span never splits a rune. (Invalid bytes are
			// one-byte "runes" of their own, so any boundary there is fine.)
			if utf8.ValidString(text) && (!utf8.RuneStart(text[fd.Start]) || (fd.End < len(text) && !utf8.RuneStart(text[fd.End]))) {
				t.Fatalf("span [%d,%d) splits a rune", fd.Start, fd.End)
			}
			if fd.Line < 1 || fd.Col < 1 {
				t.Fatalf("bad position %d:%d", fd.Line, fd.Col)
			}
			if utf8.ValidString(text) {
				for _, s := range fd.Suggestions {
					if out := rules.Apply(text, fd, s); !utf8.ValidString(out) {
						t.Fatalf("applying %q gives invalid UTF-8", s)
					}
				}
			}
		}
	})
}

// FuzzParsePackJSON: malformed compiled packs never panic the decoder or the
// compiler; they are errors.
func FuzzParsePackJSON(f *testing.F) {
	f.Add(string(packs.BuiltinJSON))
	f.Add(`{"format":1,"name":"x","version":"1","rules":[{"id":"a","kind":"phrase","category":"scripted","severity":"info","message":"m","why":"w","patterns":["(a|b"],"examples":{"fire":["a"]}}]}`)
	f.Add(`{"format":1,"name":"x","version":"1","rules":[{"id":"a","kind":"regex","category":"scripted","severity":"info","message":"m","why":"w","patterns":["[z-a]"],"examples":{"fire":["a"]}}]}`)
	f.Add(`{"format":1,"name":"x","version":"1","rules":[{"id":"a","kind":"metric","category":"metric","severity":"info","message":"m","why":"w","metric":"words","above":1e309}]}`)
	f.Add(`[]`)
	f.Add(`{"format":1,"rules":null}`)
	f.Fuzz(func(t *testing.T, data string) {
		p, err := rules.ParsePackJSON([]byte(data))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		e, err := rules.Compile(p)
		if err != nil {
			if !strings.Contains(err.Error(), "problem") {
				t.Fatalf("compile error without problems: %v", err)
			}
			return
		}
		e.Analyze("Just checking in, act now!", rules.Options{})
		e.CheckExamples(p)
	})
}
