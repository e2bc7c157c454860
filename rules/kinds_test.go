package rules

import (
	"errors"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func f64(v float64) *float64 { return &v }

// engineFor compiles a one-rule pack.
func engineFor(t *testing.T, r Rule) *Engine {
	t.Helper()
	if r.Category == "" {
		r.Category = "closing-pressure"
	}
	if r.Severity == "" {
		r.Severity = "warning"
	}
	r.Message, r.Why = "msg", "why"
	if r.ID == "" {
		r.ID = "r"
	}
	if len(r.Examples.Fire) == 0 {
		r.Examples.Fire = []string{"x"}
	}
	if r.Kind == "rewrite" && len(r.Examples.Rewrite) == 0 {
		r.Examples.Rewrite = []RewriteExample{{In: "x", Out: "x"}}
	}
	e, err := Compile(&Pack{Name: "t", Version: "1", Rules: []Rule{r}})
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return e
}

// matches returns "match→first suggestion" for every finding.
func matches(e *Engine, text string) string {
	var out []string
	for _, f := range e.Analyze(text, Options{}).Findings {
		s := f.Match
		if len(f.Suggestions) > 0 {
			s += "→" + f.Suggestions[0]
		}
		out = append(out, s)
	}
	return strings.Join(out, "|")
}

func TestPhraseKind(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		excepts  []string
		text     string
		want     string
	}{
		{"literal", []string{"just checking in"}, nil, "Hi, Just checking in.", "Just checking in"},
		{"apostrophes", []string{"i'm reaching out"}, nil, "I’m reaching out today", "I’m reaching out"},
		{"word boundary", []string{"act now"}, nil, "we react nowhere", ""},
		{"alternatives", []string{"(touching|touch) base"}, nil, "Touching base! touch base", "Touching base|touch base"},
		{"multi-word alternative", []string{"(circling|looping) back"}, nil, "looping back", "looping back"},
		{"optional", []string{"just [wanted to] check in"}, nil, "just check in; just wanted to check in", "just check in|just wanted to check in"},
		{"number class", []string{"only {number} (spots|seats) left"}, nil, "only 3 spots left, only two seats left, only some spots left", "only 3 spots left|only two seats left"},
		{"number forms", []string{"{number} off"}, nil, "20% off, $50 off, €5 off, the 1st off", "20% off|$50 off|€5 off|1st off"},
		{"weekday class", []string{"call you {weekday}"}, nil, "I'll call you Tuesday", "call you Tuesday"},
		{"time class", []string{"at {time}"}, nil, "at 10am or at 10:30 or at noon or at home", "at 10am|at 10:30|at noon"},
		{"punctuation token", []string{"any update ?"}, nil, "Any update? any update.", "Any update?"},
		{"no sentence crossing", []string{"checking in"}, nil, "I was checking. In the end", ""},
		{"exception", []string{"closing"}, []string{"closing the loop", "closing date"}, "Closing the loop: our closing date is set. Closing!", "Closing"},
		{"hyphen", []string{"follow up"}, nil, "a quick follow-up", "follow-up"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := engineFor(t, Rule{Kind: "phrase", Patterns: tt.patterns, Exceptions: tt.excepts})
			if got := matches(e, tt.text); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRewriteKindKeepsCase(t *testing.T) {
	tests := []struct {
		pattern, repl string
		loud          bool
		text, want    string
	}{
		{"just checking in", "here's an update", false, "Just checking in on it", "Just checking in→Here's an update"},
		{"just checking in", "Here's an update", false, "so just checking in", "just checking in→here's an update"},
		{"just checking in", "here's an update", false, "JUST CHECKING IN", "JUST CHECKING IN→Here's an update"},
		{"act now", "take your time", true, "ACT NOW", "ACT NOW→TAKE YOUR TIME"},
		{"we can talk", "I can send a summary", false, "and we can talk", "we can talk→I can send a summary"},
		{"see you {weekday}", "talk $1 if useful", false, "so see you Friday", "see you Friday→talk Friday if useful"},
		{"i wanted to check in", "here's a quick update", false, "Hi Dana, I wanted to check in", "I wanted to check in→here's a quick update"},
		{"i wanted to check in", "here's a quick update", false, "Hi Dana,\nI wanted to check in", "I wanted to check in→Here's a quick update"},
		{"i wanted to check in", "here's a quick update", false, "Thanks. I wanted to check in", "I wanted to check in→Here's a quick update"},
		{"just checking in", "here's an update", false, "Thanks — just checking in", "just checking in→here's an update"},
		{"(sign|buy) today", "decide when ready ($1)", false, "Buy today", "Buy today→Decide when ready (Buy)"},
		{"next step", "SSO question", false, "the next step", "next step→SSO question"},
		{"next step", "monday works", false, "the next step", "next step→monday works"},
	}
	for _, tt := range tests {
		e := engineFor(t, Rule{Kind: "rewrite", Patterns: []string{tt.pattern}, Replacements: []string{tt.repl}, KeepLoud: tt.loud})
		if got := matches(e, tt.text); got != tt.want {
			t.Errorf("%q with %q: got %q, want %q", tt.text, tt.repl, got, tt.want)
		}
	}
}

func TestRegexKind(t *testing.T) {
	e := engineFor(t, Rule{Kind: "regex", Patterns: []string{`\{(first ?name|company)\}`}, Replacements: []string{"<$1>"}})
	if got := matches(e, "Hi {FirstName} at {Company}"); got != "{FirstName}→<FirstName>|{Company}→<Company>" {
		t.Errorf("got %q", got)
	}
	cs := engineFor(t, Rule{Kind: "regex", Patterns: []string{`\bASAP\b`}, CaseSensitive: true})
	if got := matches(cs, "asap or ASAP"); got != "ASAP" {
		t.Errorf("case-sensitive: got %q", got)
	}
	ex := engineFor(t, Rule{Kind: "regex", Patterns: []string{`deadline`}, Exceptions: []string{"tax deadline"}})
	if got := matches(ex, "the tax deadline; the deadline"); got != "deadline" {
		t.Errorf("exception: got %q", got)
	}
}

func TestConditionalKind(t *testing.T) {
	r := Rule{Kind: "conditional", Patterns: []string{"just following up"}, When: &Condition{Lacks: []string{"value"}}}
	e := engineFor(t, r)
	tests := map[string]string{
		"Just following up.":                              "Just following up",
		"Just following up with the 3 options.":           "",
		"Just following up: https://example.com/guide":    "",
		"Just following up, the deck is attached.":        "",
		"Just following up since you asked about SSO.":    "",
		"Just following up. Any thoughts on the pricing?": "Just following up",
		// Numbers and links in the signature or a quoted thread are not
		// the writer's value; "in case" is not a case study.
		"Hi Sam,\nJust following up in case it got buried.\n\nBest,\nJo\n+1 555 0100 | https://acme.example": "Just following up",
		"Just following up.\n> On Monday you wrote: here are 3 options":                                      "Just following up",
		// Asking for 30 minutes is not information.
		"Just following up. Can we do a 30-minute call?": "Just following up",
		"Just following up with the case study.":         "",
	}
	for text, want := range tests {
		if got := matches(e, text); got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
	// A number inside a pushy sentence is pressure, not value.
	pack := &Pack{Name: "t", Version: "1", Rules: []Rule{
		{ID: "empty", Kind: "conditional", Category: "empty-activity", Severity: "warning", Message: "m", Why: "w", Patterns: []string{"just checking in"}, When: &Condition{Lacks: []string{"value"}}, Examples: Examples{Fire: []string{"x"}}},
		{ID: "push", Kind: "phrase", Category: "closing-pressure", Severity: "warning", Message: "m", Why: "w", Patterns: []string{"sign today"}, Examples: Examples{Fire: []string{"x"}}},
	}}
	pe, err := Compile(pack)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"Just checking in. Sign today and get 20% off.":                 "Just checking in|Sign today",
		"Just checking in. Here are the 3 options. Sign today, please.": "Sign today",
	} {
		if got := matches(pe, text); got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
	has := engineFor(t, Rule{Kind: "conditional", Patterns: []string{"next step"}, When: &Condition{Has: []string{"date"}, LacksPhrases: []string{"your side"}}})
	for text, want := range map[string]string{
		"The next step is a demo on Tuesday.":             "next step",
		"The next step is a demo.":                        "",
		"The next step on your side, maybe Tuesday?":      "",
		"What is the next step for you? Tuesday is fine.": "next step",
	} {
		if got := matches(has, text); got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
}

func TestMetricKind(t *testing.T) {
	e := engineFor(t, Rule{Kind: "metric", Category: "metric", Metric: "exclamations", Above: f64(2), Message: "x"})
	res := e.Analyze("Hi Sam,\nGreat!! Really great! Wow.\nBest,\nJo", Options{})
	if len(res.Findings) != 1 {
		t.Fatalf("findings = %+v", res.Findings)
	}
	if res.Findings[0].Match != "Great!! Really great! Wow." {
		t.Errorf("metric span = %q, want the body", res.Findings[0].Match)
	}
	e2 := engineFor(t, Rule{Kind: "metric", Category: "metric", Metric: "questions", Below: f64(1), MinWords: 5})
	if got := matches(e2, "Short one."); got != "" {
		t.Errorf("min_words ignored: %q", got)
	}
	if got := matches(e2, "Here are the five numbers we discussed."); got == "" {
		t.Error("questions below 1 did not fire")
	}
}

func TestMetricsValues(t *testing.T) {
	e := engineFor(t, Rule{Kind: "phrase", Patterns: []string{"zzz"}})
	got := e.Analyze("Hi Ana,\n\nYou asked about pricing. Your team of 5 pays $40 a month. Could you share the plan? I can help! Let me know.\n\nBest,\nJo", Options{}).Metrics
	want := Metrics{Words: 23, Sentences: 5, Questions: 1, Asks: 2, ReaderWords: 3, WriterWords: 2, Exclamations: 1}
	if got.Words != want.Words || got.Sentences != want.Sentences || got.Questions != want.Questions || got.Asks != want.Asks ||
		got.ReaderWords != want.ReaderWords || got.WriterWords != want.WriterWords || got.Exclamations != want.Exclamations {
		t.Errorf("metrics = %+v, want %+v", got, want)
	}
	if got.ReaderRatio != 0.6 {
		t.Errorf("reader ratio = %v, want 0.6", got.ReaderRatio)
	}
	if got.ReadingSeconds != 6 {
		t.Errorf("reading seconds = %d, want 6", got.ReadingSeconds)
	}
	if got.Grade < 0 || got.Grade > 6 {
		t.Errorf("grade = %v, want a plain-English grade", got.Grade)
	}
}

func TestOverlapResolution(t *testing.T) {
	p := &Pack{Name: "t", Version: "1", Rules: []Rule{
		{ID: "short", Kind: "phrase", Category: "empty-activity", Severity: "warning", Message: "m", Why: "w", Patterns: []string{"checking in"}, Examples: Examples{Fire: []string{"x"}}},
		{ID: "long", Kind: "phrase", Category: "empty-activity", Severity: "warning", Message: "m", Why: "w", Patterns: []string{"just checking in"}, Examples: Examples{Fire: []string{"x"}}},
		{ID: "severe", Kind: "phrase", Category: "closing-pressure", Severity: "error", Message: "m", Why: "w", Patterns: []string{"in today"}, Examples: Examples{Fire: []string{"x"}}},
	}}
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ { // deterministic across runs
		fs := e.Analyze("just checking in. Just checking in today", Options{}).Findings
		var got []string
		for _, f := range fs {
			got = append(got, f.Rule+":"+f.Match)
		}
		want := "t/long:just checking in|t/severe:in today"
		if strings.Join(got, "|") != want {
			t.Fatalf("got %q, want %q", strings.Join(got, "|"), want)
		}
	}
}

func TestOptions(t *testing.T) {
	e := engineFor(t, Rule{Kind: "phrase", Patterns: []string{"act now"}})
	text := "Act now. act now"
	if n := len(e.Analyze(text, Options{DisabledRules: []string{"t/r"}}).Findings); n != 0 {
		t.Errorf("disabled rule still gives %d findings", n)
	}
	if n := len(e.Analyze(text, Options{DisabledCategories: []string{"closing-pressure"}}).Findings); n != 0 {
		t.Errorf("disabled category still gives %d findings", n)
	}
	if n := len(e.Analyze(text, Options{Ignored: []string{"ACT  NOW"}}).Findings); n != 0 {
		t.Errorf("ignored phrase still gives %d findings", n)
	}
}

func TestPackDisablesOtherPacksRule(t *testing.T) {
	base := &Pack{Name: "base", Version: "1", Rules: []Rule{{ID: "a", Kind: "phrase", Category: "scripted", Severity: "info", Message: "m", Why: "w", Patterns: []string{"synergy"}, Examples: Examples{Fire: []string{"synergy"}}}}}
	team := &Pack{Name: "team", Version: "1", Disable: []string{"base/a"}, Rules: []Rule{{ID: "b", Kind: "phrase", Category: "scripted", Severity: "info", Message: "m", Why: "w", Patterns: []string{"leverage"}, Examples: Examples{Fire: []string{"leverage"}}}}}
	e, err := Compile(base, team)
	if err != nil {
		t.Fatal(err)
	}
	if got := matches(e, "synergy and leverage"); got != "leverage" {
		t.Errorf("got %q, want only the team rule", got)
	}
}

func TestCompileErrors(t *testing.T) {
	good := Rule{ID: "ok", Kind: "phrase", Category: "scripted", Severity: "info", Message: "m", Why: "w", Patterns: []string{"x"}, Examples: Examples{Fire: []string{"x"}}}
	bad := func(mut func(r *Rule)) Rule { r := good; mut(&r); return r }
	p := &Pack{Name: "t", Version: "1", Rules: []Rule{
		good,
		bad(func(r *Rule) {}), // duplicate id
		bad(func(r *Rule) { r.ID = "pat"; r.Patterns = []string{"(a|b"} }),
		bad(func(r *Rule) { r.ID = "cls"; r.Patterns = []string{"{colour}"} }),
		bad(func(r *Rule) { r.ID = "re"; r.Kind = "regex"; r.Patterns = []string{"a("} }),
		bad(func(r *Rule) { r.ID = "cap"; r.Replacements = []string{"$2"} }),
		bad(func(r *Rule) { r.ID = "kind"; r.Kind = "magic" }),
		bad(func(r *Rule) { r.ID = "cat"; r.Category = "pushy" }),
		bad(func(r *Rule) { r.ID = "met"; r.Kind = "metric"; r.Patterns = nil; r.Metric = "vibes" }),
		bad(func(r *Rule) { r.ID = "cond"; r.Kind = "conditional"; r.When = &Condition{Lacks: []string{"magic"}} }),
		bad(func(r *Rule) { r.ID = "empty"; r.Kind = "regex"; r.Patterns = []string{"a*"} }),
	}}
	_, err := Compile(p)
	var pe *PackError
	if !errors.As(err, &pe) {
		t.Fatalf("Compile error = %v, want *PackError", err)
	}
	msg := pe.Error()
	for _, want := range []string{
		"rule ok: id: duplicate id",
		"rule pat: patterns[0]: '(' opened at column 1 is never closed",
		"rule cls: patterns[0]: unknown class {colour}",
		"rule re: patterns[0]: not a valid RE2 expression",
		"rule cap: replacements[0]: refers to $2 but a pattern has only 0 capture(s)",
		"rule kind: kind: unknown kind \"magic\"",
		"rule cat: category: unknown category \"pushy\"",
		"rule met: metric: unknown metric \"vibes\"",
		"rule cond: when.lacks[0]: unknown signal \"magic\"",
		"rule empty: patterns[0]: \"a*\" matches the empty string",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

func TestPatternSyntaxErrors(t *testing.T) {
	for _, p := range []string{"", "[]", "a )", "a ]", "(a|b]", "{number", "a }", "[[[[[[[[[[a]]]]]]]]]]"} {
		if _, _, err := parsePattern(p); err == nil {
			t.Errorf("parsePattern(%q) = nil error", p)
		}
	}
	pat, n, err := parsePattern("(a|b) (c|d) [e] {number}")
	if err != nil || countExpansions(pat) != 8 || n != 3 {
		t.Errorf("expansion: %v, %d caps, %v", pat, n, err)
	}
	if _, n, err := parsePattern("(?:a|b) (c|d) {number}"); err != nil || n != 2 {
		t.Errorf("(?:...) must not capture: %d caps, %v", n, err)
	}
	if _, _, err := parsePattern(strings.Repeat("(a|b|c) ", 8)); err == nil || !strings.Contains(err.Error(), "more than 512") {
		t.Errorf("expansion limit: %v", err)
	}
}

func TestCheckExamples(t *testing.T) {
	p := &Pack{Name: "t", Version: "1", Rules: []Rule{{
		ID: "r", Kind: "rewrite", Category: "closing-pressure", Severity: "warning", Message: "m", Why: "w",
		Patterns: []string{"act now"}, Replacements: []string{"take your time"},
		Examples: Examples{
			Fire:    []string{"Act now!", "nothing here"},
			Pass:    []string{"react now", "act now"},
			Rewrite: []RewriteExample{{In: "Act now.", Out: "Take your time."}, {In: "Act now.", Out: "Wrong."}},
		},
	}}}
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range e.CheckExamples(p) {
		got = append(got, f.Field)
	}
	want := "examples.fire[1] examples.pass[1] examples.rewrite[1]"
	if strings.Join(got, " ") != want {
		t.Errorf("failures = %q, want %q", got, want)
	}
}

func TestScore(t *testing.T) {
	e := engineFor(t, Rule{Kind: "phrase", Severity: "error", Patterns: []string{"act now"}})
	clean := e.Analyze("Here is the report you asked for.", Options{})
	pushy := e.Analyze("Act now. Act now. Act now. Act now.", Options{})
	if clean.Score != 100 {
		t.Errorf("clean score = %d", clean.Score)
	}
	if pushy.Score != 60 {
		t.Errorf("pushy score = %d, want 60 (one category capped at 40)", pushy.Score)
	}
	if len(pushy.Reasons) == 0 || pushy.Reasons[0].Delta != -40 || !strings.Contains(pushy.Reasons[0].Text, "“Act now”") {
		t.Errorf("reasons = %+v", pushy.Reasons)
	}
}

// A reason names at most three distinct matches, quoted, then "…", and
// the why of its category's first finding; the metric reason lists the
// metric findings' messages.
func TestScoreReasonText(t *testing.T) {
	f := func(cat, match, msg, why string) Finding {
		return Finding{Category: cat, Severity: "info", Match: match, Message: msg, Why: why}
	}
	_, reasons := computeScore([]Finding{
		f("scripted", "a", "m", "Why one."), f("scripted", "b", "m", "Why two."), f("scripted", "a", "m", "Why three."),
		f("scripted", "c", "m", ""), f("scripted", "d", "m", ""),
		f("metric", "the whole text", "Long message: 300 words", ""),
	}, Metrics{})
	got := map[string]string{}
	for _, r := range reasons {
		got[r.Category] = r.Text
	}
	if want := "Sounds scripted: “a”, “b”, “c”, …. Why one."; got["scripted"] != want {
		t.Errorf("scripted reason = %q, want %q", got["scripted"], want)
	}
	if want := "Message shape: Long message: 300 words"; got["metric"] != want {
		t.Errorf("metric reason = %q, want %q", got["metric"], want)
	}
}

func TestCheckAgainstBase(t *testing.T) {
	base := &Pack{Name: "base", Version: "1", Rules: []Rule{{ID: "a"}}}
	team := &Pack{Name: "base", Version: "1", Disable: []string{"base/a", "base/typo", "other/x"}}
	var got []string
	for _, p := range CheckAgainstBase(base, team) {
		got = append(got, p.Field)
	}
	if strings.Join(got, " ") != "name disable[1]" {
		t.Errorf("problems at %v, want name and disable[1]", got)
	}
}

// A metric message's {value} is written as the metric holds it: counts as
// integers, the grade with one decimal, ratios with two, without trailing
// zeros.
func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 12: "12", 2400: "2400", 0.5: "0.5", 0.25: "0.25", 0.29: "0.29", 7.3: "7.3", 100.1: "100.1"} {
		if got := formatValue(v); got != want {
			t.Errorf("formatValue(%v) = %q, want %q", v, got, want)
		}
	}
}

// reasonText, built in a stack buffer, says what strings.Join of its parts
// says, for reasons shorter and longer than the buffer.
func TestReasonTextAgreesWithJoin(t *testing.T) {
	words := []string{"", "a", "just checking in", "Zoë’s “quote”", strings.Repeat("long match ", 30), strings.Repeat("é", 200)}
	for _, cat := range append([]string{"unknown"}, Categories...) {
		for n := 0; n <= 4; n++ {
			for k, why := range words {
				items := make([]string, n)
				for i := range items {
					items[i] = words[(k+i*2)%len(words)]
				}
				if got, want := reasonText(cat, items, why), strings.Join(reasonParts(nil, cat, items, why), ""); got != want {
					t.Errorf("reasonText(%q, %q, %q) = %q, want %q", cat, items, why, got, want)
				}
			}
		}
	}
}

// expandCaptures agrees with a regular-expression reading of the same
// syntax ($$, $1..$9, ${n} with n > 0; any other '$' is literal) on random
// templates.
func TestExpandCapturesAgreesWithRegexp(t *testing.T) {
	ref := regexp.MustCompile(`\$\$|\$[1-9]|\$\{[0-9]+\}`)
	capture := func(n int) string { return "<" + strconv.Itoa(n) + ">" }
	want := func(tmpl string) string {
		return ref.ReplaceAllStringFunc(tmpl, func(m string) string {
			switch {
			case m == "$$":
				return "$"
			case m[1] != '{':
				return capture(int(m[1] - '0'))
			}
			if n, _ := strconv.Atoi(m[2 : len(m)-1]); n > 0 {
				return capture(n)
			}
			return m
		})
	}
	r := rand.New(rand.NewPCG(15, 16))
	parts := []string{"$", "$", "1", "0", "9", "{", "}", "a", " ", "12"}
	tmpls := []string{"", "$", "$$", "$$1", "${}", "${0}", "${007}", "${12}", "${1a}", "$1$2", "x$", "${", "Call $1 on ${2}."}
	for range 20000 {
		tmpls = append(tmpls, randomJoin(r, parts, r.IntN(8)))
	}
	for _, tmpl := range tmpls {
		if got, w := expandCaptures(tmpl, capture), want(tmpl); got != w {
			t.Fatalf("expandCaptures(%q) = %q, want %q", tmpl, got, w)
		}
	}
}
