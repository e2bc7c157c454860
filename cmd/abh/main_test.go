package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/abh -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestCheckGolden(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", "check", "--pack", "testdata/golden-pack.yaml", "--format", format, "testdata/pushy.txt")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, "check-"+format, out)
		})
	}
	t.Run("jsonl", func(t *testing.T) {
		out, errOut, code := runCLI(t, "", "check", "--pack", "testdata/golden-pack.yaml", "--format", "jsonl", "testdata/corpus.jsonl")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		golden(t, "check-jsonl", out)
	})
}

func TestCheckStdinAndJSONContract(t *testing.T) {
	in := "Hi Sam,\n\nJust checking in. ACT NOW, only 3 spots left!\n"
	out, _, code := runCLI(t, in, "check", "--pack", "testdata/golden-pack.yaml", "--format", "json", "-")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var res struct {
		Score    int
		Metrics  map[string]any
		Findings []struct {
			Rule, Category, Severity, Match string
			Start, End, Line, Col           int
			Suggestions                     []string
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range res.Findings {
		if in[f.Start:f.End] != f.Match {
			t.Errorf("match %q != input[%d:%d]", f.Match, f.Start, f.End)
		}
		if !strings.HasPrefix(f.Rule, "golden/") {
			t.Errorf("rule %q is not pack/id", f.Rule)
		}
	}
	if _, ok := res.Metrics["words"]; !ok {
		t.Error("metrics lack words")
	}
}

func TestBuiltinPackByDefault(t *testing.T) {
	out, errOut, code := runCLI(t, "ACT NOW! Only 3 spots left.", "check", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"rule":"always-be-helping/`) {
		t.Errorf("built-in pack not used: %s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"check", "--format", "xml"}, `unknown --format "xml"`},
		{[]string{"check", "a", "b"}, "check takes one input file"},
		{[]string{"check", "--nope"}, "flag provided but not defined: -nope"},
		{[]string{"check", "testdata/missing.txt"}, "cannot read input"},
		{[]string{"check", "--pack", "testdata/missing.yaml"}, "cannot read pack"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"pack"}, "pack needs a subcommand"},
		{[]string{"pack", "build", "x.yaml"}, "usage: abh pack build FILE -o OUT.json"},
		{[]string{}, "Usage:"},
	}
	for _, tt := range tests {
		_, errOut, code := runCLI(t, "", tt.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", tt.args, code)
		}
		if !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: stderr %q lacks %q", tt.args, errOut, tt.want)
		}
	}
}

func TestJSONLBadLine(t *testing.T) {
	_, errOut, code := runCLI(t, "{\"id\":1,\"text\":\"ok\"}\nnot json\n", "check", "--pack", "testdata/golden-pack.yaml", "--format", "jsonl")
	if code != 2 || !strings.Contains(errOut, "<stdin>:2: not a JSON object") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestInvalidUTF8Input(t *testing.T) {
	_, errOut, code := runCLI(t, "caf\xe9", "check", "--pack", "testdata/golden-pack.yaml")
	if code != 2 || !strings.Contains(errOut, "not valid UTF-8") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestPackTestAndBuild(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	src, err := os.ReadFile("testdata/golden-pack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), `out: "Take the time you need before it's gone."`, `out: "Nope."`, 1)
	if err := os.WriteFile(bad, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, "", "pack", "test", bad)
	if code != 1 || !strings.Contains(out, "bad.yaml:") || !strings.Contains(out, "rule act-now: examples.rewrite[0]") {
		t.Errorf("pack test on a broken pack: exit %d, out %q", code, out)
	}
	out, _, code = runCLI(t, "", "pack", "test", "testdata/golden-pack.yaml")
	if code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("pack test on a good pack: exit %d, out %q", code, out)
	}

	// A failed build never replaces a good compiled pack.
	dst := filepath.Join(dir, "out.json")
	if _, errOut, code := runCLI(t, "", "pack", "build", "testdata/golden-pack.yaml", "-o", dst); code != 0 {
		t.Fatalf("build: exit %d: %s", code, errOut)
	}
	good, _ := os.ReadFile(dst)
	if _, _, code := runCLI(t, "", "pack", "build", bad, "-o", dst); code != 2 {
		t.Errorf("building a broken pack: exit %d, want 2", code)
	}
	after, _ := os.ReadFile(dst)
	if !bytes.Equal(good, after) {
		t.Error("a failed build changed the existing output")
	}
	// The compiled JSON checks messages like the YAML does.
	a, _, _ := runCLI(t, "Act now!", "check", "--pack", dst, "--format", "json")
	b, _, _ := runCLI(t, "Act now!", "check", "--pack", "testdata/golden-pack.yaml", "--format", "json")
	if a != b || !strings.Contains(a, "golden/act-now") {
		t.Errorf("compiled pack behaves differently:\n%s\n%s", a, b)
	}
}

// The acceptance check: a pushy message gets findings in at least
// four categories, with rewrites, from the built-in pack.
func TestPushyDemoWithBuiltinPack(t *testing.T) {
	out, errOut, code := runCLI(t, "", "check", "--format", "json", "testdata/pushy-demo.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Score    int
		Findings []struct {
			Category    string
			Suggestions []string
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	withRewrite := map[string]bool{}
	for _, f := range res.Findings {
		if len(f.Suggestions) > 0 && f.Category != "metric" {
			withRewrite[f.Category] = true
		}
	}
	if len(withRewrite) < 4 {
		t.Errorf("categories with rewrites = %v, want at least 4", withRewrite)
	}
	if res.Score > 40 {
		t.Errorf("score %d for a very pushy message, want <= 40", res.Score)
	}
}

// A disable entry naming a built-in rule that does not exist is a problem
// with its line, not a silent no-op.
func TestPackTestFlagsUnknownBuiltinDisable(t *testing.T) {
	out, _, code := runCLI(t, "", "pack", "test", "testdata/disable-typo.yaml")
	if code != 1 {
		t.Fatalf("exit %d, want 1; out %q", code, out)
	}
	if !strings.Contains(out, "testdata/disable-typo.yaml:5: disable[1]: always-be-helping/no-such-rule is not a rule of the built-in pack") {
		t.Errorf("out = %q", out)
	}
	if strings.Contains(out, "synergy-buzzword") {
		t.Errorf("a real built-in rule was reported: %q", out)
	}
}
