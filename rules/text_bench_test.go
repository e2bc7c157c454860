package rules

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// corpusMessage returns size bytes of the test corpus's messages one after
// another, as the engine benchmarks' message does, cut at a rune boundary.
func corpusMessage(tb testing.TB, size int) string {
	data, err := os.ReadFile("../packs/testdata/corpus.jsonl")
	if err != nil {
		tb.Fatal(err)
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

// BenchmarkTextAnalyze2KB is the text model's share of the 2 KB engine
// benchmark: tokens, words looked up in the built-in engine's dictionary,
// lines, sentences, greeting and sign-off.
func BenchmarkTextAnalyze2KB(b *testing.B) {
	e := builtinEngine(&testing.T{})
	text := corpusMessage(b, 2<<10)
	t := &Text{}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		t.analyze(text, e.matcher.flat.dict)
	}
}

// BenchmarkScan2KB is the token trie scan's share of the 2 KB engine
// benchmark.
func BenchmarkScan2KB(b *testing.B) {
	e := builtinEngine(&testing.T{})
	t := analyzeWith(corpusMessage(b, 2<<10), e.matcher.flat.dict)
	var out []rawMatch
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		out = e.matcher.scan(t, out[:0])
	}
}

// BenchmarkLiterals2KB is the regex rules' literal search's share of the
// 2 KB engine benchmark: every required literal found in one pass.
func BenchmarkLiterals2KB(b *testing.B) {
	e := builtinEngine(&testing.T{})
	text := corpusMessage(b, 2<<10)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e.literals.ac.find(text)
	}
}
