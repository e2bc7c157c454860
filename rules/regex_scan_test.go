package rules

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// scanTexts returns the corpus messages, each also run together into one
// line (a pasted paragraph) and with all of them in one long line, plus
// random mixes of their sentences with odd punctuation and spacing.
func scanTexts(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../packs/testdata/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var texts, all []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec struct{ Text string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, rec.Text, strings.ReplaceAll(rec.Text, "\n", " "))
		all = append(all, rec.Text)
	}
	texts = append(texts, strings.ReplaceAll(strings.Join(all, " "), "\n", " "))
	r := rand.New(rand.NewPCG(7, 8))
	bits := []string{"Hi Sam, ", "I hope this email finds you well. ", "hope you're doing well! ", "quick question: ", "{FirstName}", "[Company] ", "%FNAME%", ", ", ". ", "!! ", "\n", "\r\n", "  ", "\t", "Zoë’s ", "If we could do 10% off, would you sign today? ", "my name is Dana Lee. ", "; ", "é",
		// Capitals, ASCII and not: literals are found with case ignored,
		// and lower-casing some characters changes their length (İ, K).
		"I HOPE THIS EMAIL FINDS YOU WELL. ", "Hope You're Doing Well, ", "ÉMILE ", "İ", "K"}
	for range 200 {
		texts = append(texts, randomJoin(r, bits, 1+r.IntN(40)))
	}
	return texts
}

// Trying an expression only where its matches can start must find exactly
// what FindAll finds, on every window: checked for the built-in pack's
// expressions and for random ones shaped like them.
func TestStartsFindAllAgreesWithFindAll(t *testing.T) {
	type expr struct {
		src string
		re  *regexp.Regexp
		st  *starts
	}
	var exprs []expr
	add := func(src string) {
		parsed, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if st := startsOf(src, parsed); st != nil {
			exprs = append(exprs, expr{src, regexp.MustCompile(src), st})
		}
	}
	e := builtinEngine(t)
	for _, c := range e.rules {
		for _, l := range c.regex {
			add(l.src)
		}
	}
	builtin := len(exprs)
	r := rand.New(rand.NewPCG(9, 10))
	heads := []string{`(?m)^[ \t]*`, `(?m)([.!?;:])[ \t]+`, `(,[ \t]*)`, `(?m)(,)[ \t]*`, `\{\{?\s*`, `[<\[]`}
	bodies := []string{`(?:I )?hope (?:this|you)`, `quick question`, `(?:first[ _]?name|company)`, `my name is [A-Z]\w+`, `\w+`}
	tails := []string{`[ \t]*[.!]+[ \t]*(?:\r?\n[ \t]*)*()`, `[ \t]*[.!]+[ \t]*()$`, `\s*[}\]>]`, `\b`, ``, `[ \t]*,[ \t]*(\w)`}
	for range 60 {
		add("(?i)" + heads[r.IntN(len(heads))] + bodies[r.IntN(len(bodies))] + tails[r.IntN(len(tails))])
	}
	if builtin < 10 || len(exprs) < builtin+30 {
		t.Fatalf("only %d built-in and %d random expressions can be tried at their starts", builtin, len(exprs)-builtin)
	}
	compared := 0
	for _, text := range scanTexts(t) {
		var cuts []int
		for i := 0; i <= len(text); i += 1 + r.IntN(60) {
			if i == len(text) || utf8.RuneStart(text[i]) {
				cuts = append(cuts, i)
			}
		}
		cuts = append(cuts, len(text))
		for _, x := range exprs {
			for k := 0; k < 4; k++ {
				w := [2]int{0, len(text)}
				if k > 0 {
					a, b := cuts[r.IntN(len(cuts))], cuts[r.IntN(len(cuts))]
					w = [2]int{min(a, b), max(a, b)}
				}
				want := x.re.FindAllStringSubmatchIndex(text[w[0]:w[1]], 64)
				for _, loc := range want {
					for i := range loc {
						if loc[i] >= 0 {
							loc[i] += w[0]
						}
					}
				}
				got := x.st.findAll(text, w, nil)
				if len(want) == 0 && len(got) == 0 {
					continue
				}
				compared++
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s on %q window %v:\n got  %v\n want %v", x.src, text, w, got, want)
				}
			}
		}
	}
	if compared < 200 {
		t.Fatalf("only %d windows had matches to compare", compared)
	}
}

// Checking a rule's core only just before its literal's occurrences must
// answer as searching the whole window does.
func TestCoreMatchesAgreesWithWholeWindow(t *testing.T) {
	e := builtinEngine(t)
	var cores []*compiled
	for _, c := range e.rules {
		if c.regexCore != nil && len(c.regexCoreLead) > 0 {
			cores = append(cores, c)
		}
	}
	if len(cores) < 3 {
		t.Fatalf("only %d rules have a core checked at its literals", len(cores))
	}
	r := rand.New(rand.NewPCG(11, 12))
	yes := 0
	for _, text := range scanTexts(t) {
		long := strings.Repeat(text+" ", 1+(narrowAbove+1)/(len(text)+1)) // over narrowAbove
		a := &analysis{text: Analyze(long), engine: e}
		for _, c := range cores {
			for k := 0; k < 4; k++ {
				w := [2]int{0, len(long)}
				if k > 0 {
					s := r.IntN(len(long) / 2)
					for !utf8.RuneStart(long[s]) {
						s--
					}
					w = [2]int{s, len(long)}
				}
				if k == 3 { // a short window
					end := min(len(long), w[0]+1+r.IntN(200))
					for end < len(long) && !utf8.RuneStart(long[end]) {
						end++
					}
					w[1] = end
				}
				want := c.regexCore.get().MatchString(long[w[0]:w[1]])
				cores, got := a.coreMatches(c, w)
				if got != want {
					t.Fatalf("%s core %s on %q window %v: got %v, want %v", c.name, c.regexCore.src, long, w, got, want)
				}
				// The places it reports are every place a core match
				// begins in the window.
				at := regexp.MustCompile(`\A(?:` + c.regexCore.src + `)`)
				var places []int
				for s := w[0]; s < w[1]; s++ {
					if utf8.RuneStart(long[s]) && at.MatchString(long[s:w[1]]) {
						places = append(places, s)
					}
				}
				if cores != nil && !reflect.DeepEqual(cores, places) {
					t.Fatalf("%s core %s on %q window %v: places %v, want %v", c.name, c.regexCore.src, long, w, cores, places)
				}
				if want {
					yes++
				}
			}
		}
	}
	if yes < 20 {
		t.Fatalf("the core matched only %d times: the texts do not exercise it", yes)
	}
}

// An expression led by its rule's core, tried only just before the places
// where the core matches, must find exactly what FindAll finds, on every
// window.
func TestCoreLedFindAllAgreesWithFindAll(t *testing.T) {
	e := builtinEngine(t)
	type led struct {
		c  *compiled
		re *regexp.Regexp
		st *starts
	}
	var exprs []led
	for _, c := range e.rules {
		for k, st := range c.regexStarts {
			if st != nil && st.coreLed {
				exprs = append(exprs, led{c, c.regex[k].get(), st})
			}
		}
	}
	if len(exprs) < 40 {
		t.Fatalf("only %d built-in expressions are led by their rule's core", len(exprs))
	}
	r := rand.New(rand.NewPCG(13, 14))
	compared := 0
	for _, text := range scanTexts(t) {
		for _, x := range []string{text, strings.Repeat(text+" ", 1+(narrowAbove+1)/(len(text)+1))} {
			a := &analysis{text: Analyze(x), engine: e}
			for _, ex := range exprs {
				for k := 0; k < 3; k++ {
					w := [2]int{0, len(x)}
					if k > 0 {
						s, end := r.IntN(len(x)+1), r.IntN(len(x)+1)
						for s < len(x) && !utf8.RuneStart(x[s]) {
							s++
						}
						for end < len(x) && !utf8.RuneStart(x[end]) {
							end++
						}
						w = [2]int{min(s, end), max(s, end)}
					}
					want := ex.re.FindAllStringSubmatchIndex(x[w[0]:w[1]], 64)
					for _, loc := range want {
						for i := range loc {
							if loc[i] >= 0 {
								loc[i] += w[0]
							}
						}
					}
					cores, ok := a.coreMatches(ex.c, w)
					if ok && cores == nil {
						continue // where the core matched is not known: find runs FindAll
					}
					var got [][]int
					if ok {
						got = ex.st.findAll(x, w, ex.st.coreCandidates(nil, x, w, cores))
					}
					if len(want) == 0 && len(got) == 0 {
						continue
					}
					compared++
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s on %q window %v:\n got  %v\n want %v", ex.re, x, w, got, want)
					}
				}
			}
		}
	}
	if compared < 100 {
		t.Fatalf("only %d windows had matches to compare", compared)
	}
}

// The regex shortcuts (common core, tried-only-at-starts) change nothing
// in what the engine reports: the built-in pack with them and without them
// gives the same results on the corpus and random texts, as written, run
// into one line, and repeated past the long-window threshold.
func TestRegexShortcutsChangeNoResult(t *testing.T) {
	fast := builtinEngine(t)
	plain := builtinEngine(t)
	for _, c := range plain.rules {
		c.regexCore = nil
		for k := range c.regexStarts {
			c.regexStarts[k] = nil
		}
	}
	for _, text := range scanTexts(t) {
		for _, x := range []string{text, strings.Repeat(text+" ", 1+(narrowAbove+1)/(len(text)+1))} {
			got, want := fast.Analyze(x, Options{}), plain.Analyze(x, Options{})
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("results differ on %q:\n with shortcuts    %+v\n without shortcuts %+v", x, got.Findings, want.Findings)
			}
		}
	}
}

// Cases a review found: an unclosed \Q (the anchored variants must not
// swallow their closing parenthesis), an expression that can match empty
// at a line start (tried only at line starts it looped on one spot), and a
// case-insensitive core literal whose smallest case variant is another
// character (μ is stored as µ, which lower-cased text lacks).
func TestRegexShortcutEdgeCases(t *testing.T) {
	long := strings.Repeat("word ", 70)
	for _, c := range []struct {
		patterns []string
		text     string
		want     string
	}{
		{[]string{`\Q, sir`}, "Thanks, sir", ", sir"},
		{[]string{`(?m)^\b(?:hi there)?`}, "Ok\nHi there", "Hi there"},
		{[]string{`(?m)^(μg dose is fine) today`, `, (μg dose is fine) today`}, long + ", μg dose is fine today", ", μg dose is fine today"},
		{[]string{`(?m)^(μg dose is fine) today`, `, (μg dose is fine) today`}, ", μg dose is fine today", ", μg dose is fine today"},
	} {
		e := engineFor(t, Rule{Kind: "regex", Patterns: c.patterns})
		var got []string
		for _, f := range e.Analyze(c.text, Options{}).Findings {
			got = append(got, f.Match)
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%q on %q: findings %q, want %q", c.patterns, c.text, got, c.want)
		}
	}
}

// When lower-casing the text changes its byte offsets (İ, the Kelvin sign),
// literal positions cannot be used: every expression then runs on the
// whole text, with no literal pre-check, and finds what it finds on the
// same message without that character.
func TestRegexWithoutLiteralPositions(t *testing.T) {
	e := builtinEngine(t)
	msg := "If we could do 10% off, would you sign today? I hope this email finds you well. Hi {FirstName},"
	want := map[string]bool{}
	for _, f := range e.Analyze(msg, Options{}).Findings {
		if c := e.byName[f.Rule]; c.Kind == "regex" {
			want[f.Rule] = true
		}
	}
	if len(want) < 3 {
		t.Fatalf("the message fires only %v: it does not exercise the regex rules", want)
	}
	for _, odd := range []string{"İ\n", "\u212a\n"} {
		got := map[string]bool{}
		for _, f := range e.Analyze(odd+msg, Options{}).Findings {
			if c := e.byName[f.Rule]; c.Kind == "regex" {
				got[f.Rule] = true
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("after %q: regex findings %v, want %v", odd, got, want)
		}
	}
	// A further literal with a non-ASCII letter, in capitals: only
	// lower-casing finds it, so the window must not be checked for it.
	one := engineFor(t, Rule{Kind: "regex", Patterns: []string{`\bthe opening of (?:the|our) café`}})
	for _, text := range []string{"İ THE OPENING OF THE CAFÉ", "THE OPENING OF OUR CAFÉ \u212a"} {
		if n := len(one.Analyze(text, Options{}).Findings); n != 1 {
			t.Errorf("%q: %d findings, want 1", text, n)
		}
	}
}

// An expression tried only just before its lead literals must find exactly
// what FindAll finds, on every window.
func TestLeadStartsAgreeWithFindAll(t *testing.T) {
	e := builtinEngine(t)
	type led struct {
		re *regexp.Regexp
		st *starts
	}
	var exprs []led
	for _, c := range e.rules {
		for k, st := range c.regexStarts {
			if st != nil && st.leads != nil {
				exprs = append(exprs, led{c.regex[k].get(), st})
			}
		}
	}
	if len(exprs) == 0 {
		t.Fatal("no built-in expression is tried at its lead literals")
	}
	r := rand.New(rand.NewPCG(15, 16))
	compared := 0
	for _, text := range append(scanTexts(t), "IF WE COULD do 10% off, would you sign today? if i can get the deal, will you commit now") {
		a := &analysis{text: Analyze(text), engine: e}
		pos, exact := a.literalPositions()
		if !exact {
			continue
		}
		for _, ex := range exprs {
			for k := 0; k < 3; k++ {
				w := [2]int{0, len(text)}
				if k > 0 {
					s, end := r.IntN(len(text)+1), r.IntN(len(text)+1)
					for s < len(text) && !utf8.RuneStart(text[s]) {
						s++
					}
					for end < len(text) && !utf8.RuneStart(text[end]) {
						end++
					}
					w = [2]int{min(s, end), max(s, end)}
				}
				want := ex.re.FindAllStringSubmatchIndex(text[w[0]:w[1]], 64)
				for _, loc := range want {
					for i := range loc {
						if loc[i] >= 0 {
							loc[i] += w[0]
						}
					}
				}
				got := ex.st.findAll(text, w, leadCandidates(nil, text, w, ex.st.leads, pos))
				if len(want) == 0 && len(got) == 0 {
					continue
				}
				compared++
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s on %q window %v:\n got  %v\n want %v", ex.re, text, w, got, want)
				}
			}
		}
	}
	if compared < 5 {
		t.Fatalf("only %d windows had matches to compare", compared)
	}
}

// A match tried at a place is given the text only up to the first byte it
// cannot hold (starts.stop); that must never change the answer, whatever
// assertions, case folding, white space or non-ASCII the expression has.
func TestMatchAtCutAgreesWithWholeWindow(t *testing.T) {
	exprs := []string{
		`(?i)\[\s*(?:first[ _]?name|company)\s*\]`,
		`(?i)\{\{\s*[A-Za-z_][\w.]*\s*(?:\|[^}\n]{0,40})?\}\}`,
		`(?i)(?m)^[ \t]*(?:hope you(?:'re| are) well)[ \t]*[.!]+[ \t]*(?:\r?\n[ \t]*)*()()`,
		`(?i)\bhope you(?:'re| are) well[ \t]*,[ \t]*(?:(?:and|but|so)[ \t]+)?()(\w)`,
		`(?i)(,)[ \t]*kind regards[ \t]*[.!]+[ \t]*()$`,
		`(?i)k+\b`,     // K folds to the Kelvin sign, which is not ASCII
		`(?i)s[ \t]+x`, // s folds to ſ
		`café\B`,
		`[é-ü]+ x`, // a class of non-ASCII letters only
		`(?i)[^a-z\n]{1,6}z`,
		`(?s)a.{0,5}b`,
		`a.{0,5}b\z`,
		`\bx[ y]*$`,
	}
	alphabet := []string{"a", "b", "x", "y", "z", "k", "K", "\u212a", "s", "ſ", "é", "café", " ", "\t", "\n", "\r\n", ",", ".", "!", "[", "]", "{", "}", "|",
		"_", "'", "é x", "ü x", "hope you're well", "hope you are well", "first name", "company", "kind regards", "and "}
	rng := rand.New(rand.NewPCG(5, 5))
	cut := 0
	for _, src := range exprs {
		re, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		s := newStarts(src, re)
		if s == nil {
			t.Fatalf("%s: no anchored variants", src)
		}
		if s.stop != nil {
			cut++
		}
		whole := *s
		whole.stop = nil
		for round := 0; round < 400; round++ {
			var b strings.Builder
			for n := rng.IntN(14); n >= 0; n-- {
				b.WriteString(alphabet[rng.IntN(len(alphabet))])
			}
			raw := b.String()
			lo := rng.IntN(len(raw) + 1)
			w := [2]int{lo, lo + rng.IntN(len(raw)-lo+1)}
			for p := w[0]; p < w[1]; p++ {
				if !utf8.RuneStart(raw[p]) {
					continue
				}
				if got, want := s.matchAt(raw, w, p), whole.matchAt(raw, w, p); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s on %q, window %v, at %d: cut text gives %v, whole window %v", src, raw, w, p, got, want)
				}
			}
		}
	}
	if cut < len(exprs)-2 { // [^}\n] and (?s). can hold any byte
		t.Fatalf("only %d of %d expressions have bytes to stop at", cut, len(exprs))
	}
}

// mayBeginWith never leaves out a byte a match can begin with: case
// folding (k and the Kelvin sign, s and long s), classes with non-ASCII
// members, optional and empty-width parts before the first character.
// Texts are samples with each letter swapped at random for one of its case
// variants, with random prefixes, plus random strings.
func TestMayBeginWithHoldsEveryMatchStart(t *testing.T) {
	exprs := map[string][]string{
		`(?i)kelvin`:                    {"kelvin"},
		`(?i)(?:I )?(?:hope|trust) you`: {"i hope you", "trust you"},
		`(?i)so\b`:                      {"so"},
		`[a-c]x`:                        {"ax", "cx"},
		`[à-é]+`:                        {"é", "àé"},
		`(?:\b|^)(?:ab)?cd`:             {"abcd", "cd"},
		`(?i)[a-z]{2}`:                  {"ks", "zz"},
		`é+a`:                           {"éa"},
		`(?:x*)y`:                       {"xy", "y"},
		`(?i)\Bss`:                      {"ss"},
		`(?m)^[ \t]*(?i:well)`:          {" well", "\twell", "well"},
	}
	nullable := []string{`a*`, `(?:ab)?`, `.b`, `\b`}
	r := rand.New(rand.NewPCG(13, 14))
	alphabet := []string{"k", "K", "\u212a", "s", "S", "\u017f", "i", "I", " ", "\t", "é", "à", "a", "b", "c", "x", "y"}
	variant := func(sample string) string {
		var b strings.Builder
		if r.IntN(4) == 0 {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		for _, c := range sample {
			for range r.IntN(3) {
				c = unicode.SimpleFold(c)
			}
			b.WriteRune(c)
		}
		return b.String()
	}
	for src, samples := range exprs {
		tree, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		set := mayBeginWith(tree)
		if set == nil {
			t.Fatalf("mayBeginWith(%s) = nil, want a set", src)
		}
		at := regexp.MustCompile(`\A(?:` + src + `)`)
		matched := 0
		for k := range 20000 {
			var s string
			if k%2 == 0 {
				s = variant(samples[r.IntN(len(samples))])
			} else {
				s = randomJoin(r, alphabet, 1+r.IntN(6))
			}
			if at.MatchString(s) {
				matched++
				if !set[s[0]] {
					t.Fatalf("%s matches %q, but mayBeginWith leaves out %#x", src, s, s[0])
				}
			}
		}
		if matched < 100 {
			t.Fatalf("%s matched %d times: the texts do not exercise it", src, matched)
		}
	}
	for _, src := range nullable {
		tree, _ := syntax.Parse(src, syntax.Perl)
		if mayBeginWith(tree) != nil {
			t.Errorf("mayBeginWith(%s): want nil (empty or any first character)", src)
		}
	}
}

// Further literals the literals' one pass finds are looked up among their
// places (see windowHasAll): on every window that must give what searching
// the window for each literal gives. Checked on the line windows the engine
// asks about and on random ones, for every rule with further literals.
func TestWindowHasAllAgreesWithSearch(t *testing.T) {
	e := builtinEngine(t)
	r := rand.New(rand.NewPCG(13, 14))
	indexed, yes, no := 0, 0, 0
	for _, c := range e.rules {
		for _, sets := range c.regexAlso {
			for _, set := range sets {
				for _, l := range set {
					if _, ok := e.literals.litID[l]; ok {
						indexed++
					}
				}
			}
		}
	}
	if indexed < 10 {
		t.Fatalf("only %d further literals are found by the one pass", indexed)
	}
	for _, text := range scanTexts(t) {
		a := &analysis{text: Analyze(text), engine: e}
		pos, exact := a.literalPositions()
		if !exact {
			continue // windowHasAll is not asked then
		}
		lower := text
		if a.lower != "" {
			lower = a.lower
		}
		for _, c := range e.rules {
			for k, also := range c.regexAlso {
				if also == nil {
					continue
				}
				wins := append([][2]int(nil), a.regexWindows(c.regexSets[k])...)
				for range 4 {
					s := r.IntN(len(text) + 1)
					wins = append(wins, [2]int{s, s + r.IntN(len(text)-s+1)})
				}
				for _, w := range wins {
					want := true
					for _, set := range also {
						found := false
						for _, l := range set {
							found = found || containsFold(lower[w[0]:w[1]], l)
						}
						want = want && found
					}
					if got := a.windowHasAll(w, also, pos); got != want {
						t.Fatalf("%s expression %d on %q window %v: %v, searching %v", c.name, k, text, w, got, want)
					}
					if want {
						yes++
					} else {
						no++
					}
				}
			}
		}
	}
	if yes < 50 || no < 50 {
		t.Fatalf("windows held the further literals %d times and lacked them %d: the texts do not exercise both", yes, no)
	}
}

// literalWindows takes a line's end from the text's lines when the literal
// holds no line break: the windows must be those found by searching the
// text for the line break before and after each place, for literals with
// and without line breaks.
func TestLiteralWindowsAgreeWithSearch(t *testing.T) {
	lits := []string{"hope", "you", "e", " ", ", ", "\n", "l\nh", ".\n\n", "\r\n", "é"}
	checked := 0
	for _, text := range append(scanTexts(t), "", "\n", "a\n\nb \r\n\t c\n", "e\ne", "tail e") {
		a := &analysis{text: Analyze(text)}
		for _, n := range lits {
			var places []int32
			for p := 0; p+len(n) <= len(text); p++ {
				if text[p:p+len(n)] == n {
					places = append(places, int32(p))
				}
			}
			var want [][2]int
			from, lineEnd := 0, -1
			for _, p := range places {
				pos := int(p)
				if pos < from || !strings.Contains(n, "\n") && pos+len(n) <= lineEnd {
					continue
				}
				from = pos + len(n)
				ls := strings.LastIndexByte(text[:pos], '\n') + 1
				le := len(text)
				if i := strings.IndexByte(text[from:], '\n'); i >= 0 {
					le = from + i
				}
				lineEnd = le
				for le < len(text) && strings.IndexByte("\r\n \t", text[le]) >= 0 {
					le++
				}
				if le < len(text) {
					_, size := utf8.DecodeRuneInString(text[le:])
					le += size
				}
				want = append(want, [2]int{ls, le})
			}
			got := a.literalWindows(nil, n, places)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q in %q: windows %v, want %v", n, text, got, want)
			}
			checked += len(want)
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d windows checked", checked)
	}
}
