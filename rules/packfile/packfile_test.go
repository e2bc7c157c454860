package packfile

import (
	"errors"
	"strings"
	"testing"
)

const goodRule = `
  - id: act-now
    kind: rewrite
    category: closing-pressure
    severity: error
    message: False urgency
    why: Pressure to decide now creates antagonism.
    patterns: ["act now"]
    replacements: ["take your time"]
    examples:
      fire: ["Act now!", "please act now"]
      pass: ["react now"]
      rewrite:
        - in: "Act now."
          out: "Take your time."
`

func parseAndCompile(t *testing.T, src string, examples bool) error {
	t.Helper()
	f, err := Parse("team.yaml", []byte(src))
	if err != nil {
		return err
	}
	_, err = f.Compile(examples)
	return err
}

func TestGoodPack(t *testing.T) {
	if err := parseAndCompile(t, "name: team\nversion: \"1\"\nrules:"+goodRule, true); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsNameFileLineAndRule(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown field", "name: team\nversion: \"1\"\nrules:" + goodRule + "    colour: red\n",
			[]string{"team.yaml:18: field colour is not a known field of Rule"}},
		{"duplicate id", "name: team\nversion: \"1\"\nrules:" + goodRule + goodRule,
			[]string{"team.yaml:19: rule act-now: id: duplicate id"}},
		{"bad pattern", "name: team\nversion: \"1\"\nrules:" + strings.Replace(goodRule, `["act now"]`, `["act (now"]`, 1),
			[]string{"team.yaml:10: rule act-now: patterns[0]: '(' opened at column 5 is never closed"}},
		{"rewrite example", "name: team\nversion: \"1\"\nrules:" + strings.Replace(goodRule, `out: "Take your time."`, `out: "Wait."`, 1),
			[]string{"team.yaml:16: rule act-now: examples.rewrite[0]: rewrites \"Act now.\" to"}},
		{"pass example fires", "name: team\nversion: \"1\"\nrules:" + strings.Replace(goodRule, `pass: ["react now"]`, `pass: ["react now", "act now"]`, 1),
			[]string{"team.yaml:14: rule act-now: examples.pass[1]: fires on \"act now\""}},
		{"malformed yaml", "name: team\nrules: [\n", []string{"team.yaml:2: did not find expected node content"}},
		{"wrong type", "name: team\nversion: \"1\"\nrules: 5\n", []string{"team.yaml:3: cannot unmarshal"}},
		{"not a mapping", "- a\n- b\n", []string{"team.yaml:1: a pack is a mapping"}},
		{"empty", "", []string{"team.yaml: the file is empty"}},
		{"missing version", "name: team\nrules:" + goodRule, []string{"team.yaml:1: version: a pack needs a version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := parseAndCompile(t, tt.src, true)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error = %v (%T), want *packfile.Error", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add("name: team\nversion: \"1\"\nrules:" + goodRule)
	f.Add("rules: [{id: a, kind: regex, patterns: ['(']}]")
	f.Add("name: [\n")
	f.Add("&a [*a]")
	f.Add("rules:\n  - when: {lacks: [1, 2]}\n    above: x\n")
	f.Fuzz(func(t *testing.T, src string) {
		file, err := Parse("f.yaml", []byte(src))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if _, err := file.Compile(true); err != nil && err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}
