package packs_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packfile"
)

const source = "always-be-helping.yaml"

func readSource(t *testing.T) *packfile.File {
	t.Helper()
	f, err := packfile.Read(source)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The embedded JSON must be the compiled form of the YAML source.
func TestBuiltinJSONUpToDate(t *testing.T) {
	want, err := rules.MarshalCanonical(readSource(t).Pack)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, packs.BuiltinJSON) {
		t.Fatal("always-be-helping.json is stale: run `make packs`")
	}
	// The per-tab engine's lean copy (lean_gen.go, -tags abh_frame).
	want, err = packs.LeanSource(readSource(t).Pack)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(packs.LeanFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, got) {
		t.Fatal(packs.LeanFile + " is stale: run `make packs`")
	}
	// It must still be a valid pack.
	p, err := rules.ParsePackJSON(leanJSON(t, got))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rules.Compile(p); err != nil {
		t.Fatal(err)
	}
}

// leanJSON takes the pack JSON out of the source of lean_gen.go.
func leanJSON(t *testing.T, src []byte) []byte {
	t.Helper()
	s := string(src)
	i := strings.Index(s, "const leanJSON = ")
	if i < 0 {
		t.Fatal("no leanJSON constant in " + packs.LeanFile)
	}
	lit := strings.TrimSpace(s[i+len("const leanJSON = "):])
	if strings.HasPrefix(lit, "`") {
		return []byte(strings.Trim(lit, "`"))
	}
	u, err := strconv.Unquote(lit)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(u)
}

// Every example of every built-in rule, one subtest per rule.
func TestBuiltinExamples(t *testing.T) {
	f := readSource(t)
	e, err := f.Compile(false)
	if err != nil {
		t.Fatal(err)
	}
	fails := map[string][]string{}
	for _, x := range e.CheckExamples(f.Pack) {
		fails[x.Rule] = append(fails[x.Rule], f.Path+":"+itoa(f.Line(x.Index, x.Field))+": "+x.String())
	}
	for _, r := range f.Pack.Rules {
		t.Run(r.ID, func(t *testing.T) {
			for _, msg := range fails[r.ID] {
				t.Error(msg)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The built-in pack covers every principle with enough, well-tested rules.
func TestBuiltinCoverage(t *testing.T) {
	p := readSource(t).Pack
	if len(p.Rules) < 150 {
		t.Errorf("built-in pack has %d rules, want at least 150", len(p.Rules))
	}
	perCategory := map[string]int{}
	for _, r := range p.Rules {
		perCategory[r.Category]++
		if len(r.Examples.Fire) < 2 {
			t.Errorf("rule %s has %d firing examples, want at least 2", r.ID, len(r.Examples.Fire))
		}
		if len(r.Examples.Pass) < 1 {
			t.Errorf("rule %s has no non-firing look-alike", r.ID)
		}
		if len(r.Replacements) > 0 && len(r.Examples.Rewrite) == 0 {
			t.Errorf("rule %s offers rewrites but has no rewrite example", r.ID)
		}
	}
	for _, c := range rules.Categories {
		if perCategory[c] == 0 {
			t.Errorf("no rule in category %s", c)
		}
	}
}

type corpusEntry struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"`
	Expect []string `json:"expect"`
	Text   string   `json:"text"`
}

func readCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	f, err := os.Open("testdata/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c corpusEntry
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("corpus: %v", err)
		}
		out = append(out, c)
	}
	return out
}

// TestCorpus holds the built-in pack to message-level expectations on
// realistic messages: pushy ones show the expected categories and score
// lower; helpful ones (many with look-alike phrases) get no span findings
// at all and score high.
func TestCorpus(t *testing.T) {
	p, err := packs.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e, err := rules.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	entries := readCorpus(t)
	if len(entries) < 60 {
		t.Fatalf("corpus has %d messages, want at least 60", len(entries))
	}
	var pushyScores, helpfulScores []int
	for _, c := range entries {
		res := e.Analyze(c.Text, rules.Options{})
		got := map[string]bool{}
		var desc []string
		for _, f := range res.Findings {
			got[f.Category] = true
			if f.Category == "metric" {
				desc = append(desc, f.Rule)
			} else {
				desc = append(desc, f.Category+":"+f.Match)
			}
		}
		switch c.Label {
		case "pushy":
			pushyScores = append(pushyScores, res.Score)
			for _, want := range c.Expect {
				if !got[want] {
					t.Errorf("%s: expected a %s finding; got %q", c.ID, want, desc)
				}
			}
			if res.Score > 85 {
				t.Errorf("%s: pushy message scores %d, want <= 85", c.ID, res.Score)
			}
		case "helpful":
			helpfulScores = append(helpfulScores, res.Score)
			for _, f := range res.Findings {
				if f.Category != "metric" {
					t.Errorf("%s: false alarm on a helpful message: %s %q", c.ID, f.Rule, f.Match)
				}
			}
			if res.Score < 80 {
				t.Errorf("%s: helpful message scores %d, want >= 80", c.ID, res.Score)
			}
		default:
			t.Errorf("%s: unknown label %q", c.ID, c.Label)
		}
	}
	if mp, mh := median(pushyScores), median(helpfulScores); mp >= mh-20 {
		t.Errorf("median score pushy %d vs helpful %d: want a gap of at least 20 points", mp, mh)
	}
}

func median(xs []int) int {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int(nil), xs...)
	sort.Ints(s)
	return s[len(s)/2]
}

// The JSON Schema editors use must describe what the engine accepts.
func TestSchemaMatchesEngine(t *testing.T) {
	data, err := os.ReadFile("pack.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Defs       struct {
			Rule struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"rule"`
			Signal struct {
				Enum []string `json:"enum"`
			} `json:"signal"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	props := schema.Defs.Rule.Properties
	check := func(name string, got, want []string) {
		if !reflect.DeepEqual(got, want) {
			t.Errorf("schema %s = %v, engine has %v", name, got, want)
		}
	}
	check("kind", props["kind"].Enum, rules.Kinds)
	check("category", props["category"].Enum, rules.Categories)
	check("severity", props["severity"].Enum, rules.Severities)
	check("metric", props["metric"].Enum, rules.MetricNames)
	check("signal", schema.Defs.Signal.Enum, rules.Signals)
	check("rule fields", keys(props), jsonFields(reflect.TypeOf(rules.Rule{})))
	var packProps []string
	for k := range schema.Properties {
		packProps = append(packProps, k)
	}
	sort.Strings(packProps)
	check("pack fields", packProps, jsonFields(reflect.TypeOf(rules.Pack{})))
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// The pack a team lead copies from the README must pass its own examples.
func TestReadmePackExample(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "```yaml\nname: ")
	if i < 0 {
		t.Fatal("README has no ```yaml pack example")
	}
	body := s[i+len("```yaml\n"):]
	body = body[:strings.Index(body, "```")]
	f, err := packfile.Parse("README.md example", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	base, err := packs.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e, err := rules.Compile(base, f.Pack)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range e.CheckExamples(f.Pack) {
		t.Error(x.String())
	}
	for _, d := range f.Pack.Disable {
		found := false
		for _, r := range e.Rules() {
			found = found || r.Name == d
		}
		if !found {
			t.Errorf("disable: %s names no built-in rule", d)
		}
	}
}
