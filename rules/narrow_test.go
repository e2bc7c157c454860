package rules

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// builtinEngine compiles the built-in pack from its compiled JSON (the
// packs package cannot be imported here: it imports rules).
func builtinEngine(t testing.TB) *Engine {
	t.Helper()
	data, err := os.ReadFile("../packs/always-be-helping.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePackJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Cutting long lines down to sentences must not change any finding: compare
// with whole-line windows on the corpus, as written and run together into
// one line per message (as a rep's pasted paragraph would be).
func TestNarrowWindowsChangeNothing(t *testing.T) {
	e := builtinEngine(t)
	corpus, err := os.ReadFile("../packs/testdata/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, line := range strings.Split(strings.TrimSpace(string(corpus)), "\n") {
		var rec struct{ Text string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, rec.Text, strings.ReplaceAll(rec.Text, "\n", " "))
	}
	texts = append(texts, strings.Repeat("Hi {FirstName}, I hope this email finds you well. Quick question: if we could cut the price, would you sign today? ", 40))
	saved := narrowAbove
	defer func() { narrowAbove = saved }()
	for i, text := range texts {
		narrowAbove = saved
		got := e.Analyze(text, Options{})
		narrowAbove = 1 << 30
		want := e.Analyze(text, Options{})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("text %d: sentence windows changed the result\n got %+v\nwant %+v", i, got.Findings, want.Findings)
		}
	}
}
