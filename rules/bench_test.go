package rules_test

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
)

// benchSentences mix pushy and helpful lines so that rules fire at a realistic
// rate.
var benchSentences = []string{
	"Hi Dana, just checking in on the proposal I sent last week.",
	"We are the industry-leading platform for logistics teams.",
	"Here are the three numbers you asked for: 12%, 40 hours and $3,200.",
	"Are you ready to move forward, or should I close your file?",
	"I hope this email finds you well and that the quarter is going great!",
	"If it helps, I can send a one-page summary you can forward to your CFO.",
	"The offer expires Friday, so sign today and get 20% off.",
	"What does your evaluation look like on your side, and where could I be useful?",
	"I’ve put 30 minutes on your calendar for Tuesday at 10am.",
	"Zoë mentioned your team is moving warehouses in March — congratulations.",
}

// message returns size bytes of realistic text: the messages of the test
// corpus (pushy and helpful, greetings, quotes, sign-offs) one after another,
// cut at a rune boundary.
func message(size int) string {
	data, err := os.ReadFile("../packs/testdata/corpus.jsonl")
	if err != nil {
		panic(err)
	}
	var texts []string
	for _, line := range strings.Split(string(data), "\n") {
		var rec struct{ Text string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Text != "" {
			texts = append(texts, rec.Text)
		}
	}
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		b.WriteString(texts[i%len(texts)])
		b.WriteString("\n\n")
	}
	s := b.String()
	for size > 0 && !utf8.RuneStart(s[size]) {
		size--
	}
	return s[:size]
}

func builtinEngine(b *testing.B) *rules.Engine {
	p, err := packs.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	e, err := rules.Compile(p)
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// syntheticPack returns n phrase rules over common words, so that the trie
// branches at the same words real text has.
func syntheticPack(n int) *rules.Pack {
	words := strings.Fields(`the a to of and in is it you that we for on with this our your be are can
		will have just not at as from by an or if so me my us about time call next step week team help
		ready sign today now only left offer deal price move forward checking following touching base
		quick question love share send see know let think need want make sure look get back reach out`)
	r := rand.New(rand.NewSource(1))
	p := &rules.Pack{Name: "synthetic", Version: "1"}
	for i := 0; i < n; i++ {
		k := 2 + r.Intn(3)
		var pat []string
		for j := 0; j < k; j++ {
			w := words[r.Intn(len(words))]
			if j == 1 && i%3 == 0 {
				w = "(" + w + "|" + words[r.Intn(len(words))] + ")"
			}
			pat = append(pat, w)
		}
		p.Rules = append(p.Rules, rules.Rule{
			ID: fmt.Sprintf("r%d", i), Kind: "phrase", Category: "scripted", Severity: "info",
			Message: "m", Why: "w", Patterns: []string{strings.Join(pat, " ")},
			Examples: rules.Examples{Fire: []string{"x"}},
		})
	}
	return p
}

// pastedDraft is scripts/bench-latency.mjs's 5,000-character draft: one
// paragraph with no line breaks, as a pasted email is. Anchored regex rules
// cannot cut such a line to sentences, which makes it the regex path's
// worst case.
func pastedDraft() string {
	s := []string{
		"Hi {FirstName}, I hope this email finds you well.",
		"I wanted to reach out because our platform helps teams like yours ship faster.",
		"We only have 3 spots left this quarter, so ACT NOW and sign today.",
		"Last week I looked at how your team handles onboarding and noticed two places where a checklist would save time.",
		"Just checking in to see if you had a chance to look at my last email.",
		"Here is the case study from Acme: they cut their review time by 40 % in two months.",
		"Would it help if I sent over the numbers we discussed, so you can compare them with your current vendor?",
	}
	var b strings.Builder
	for i := 0; b.Len() < 5000; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i%len(s)])
	}
	return b.String()[:5000]
}

// BenchmarkPastedDraft5KB is the engine's share of the browser's
// keystroke-to-highlight benchmark.
func BenchmarkPastedDraft5KB(b *testing.B) { benchText(b, builtinEngine(b), pastedDraft()) }

func benchAnalyze(b *testing.B, e *rules.Engine, size int) { benchText(b, e, message(size)) }

func benchText(b *testing.B, e *rules.Engine, text string) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	findings := 0
	for i := 0; i < b.N; i++ {
		findings = len(e.Analyze(text, rules.Options{}).Findings)
	}
	b.ReportMetric(float64(findings), "findings")
}

func BenchmarkBuiltin2KB(b *testing.B)  { benchAnalyze(b, builtinEngine(b), 2<<10) }
func BenchmarkBuiltin20KB(b *testing.B) { benchAnalyze(b, builtinEngine(b), 20<<10) }

func benchSynthetic(b *testing.B, n, size int) {
	base, err := packs.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	e, err := rules.Compile(base, syntheticPack(n))
	if err != nil {
		b.Fatal(err)
	}
	benchAnalyze(b, e, size)
}

func BenchmarkPlus2000Rules2KB(b *testing.B)  { benchSynthetic(b, 2000, 2<<10) }
func BenchmarkPlus2000Rules20KB(b *testing.B) { benchSynthetic(b, 2000, 20<<10) }

// BenchmarkCompileBuiltin is what loading the built-in pack costs (the wasm
// pays it once at start-up).
func BenchmarkCompileBuiltin(b *testing.B) {
	p, err := packs.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := rules.Compile(p); err != nil {
			b.Fatal(err)
		}
	}
}
