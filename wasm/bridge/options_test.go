package bridge

import (
	"strings"
	"testing"

	"github.com/alwaysbehelping/abh/rules"
)

func TestSegments(t *testing.T) {
	text := "Hi 🚀 team, act now! 至急"
	b := newTest(t)
	r, err := b.AnalyzeRaw(text, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Add a metric finding over everything and an overlapping one: both skipped.
	fs := append(r.Findings,
		rules.Finding{Rule: "m", Category: "metric", Start: 0, End: len(text)},
		rules.Finding{Rule: "o", Category: "scripted", Start: r.Findings[0].Start + 1, End: r.Findings[0].End + 1},
		rules.Finding{Rule: "x", Category: "scripted", Start: 5, End: 999},
	)
	segs := Segments(text, fs)
	var joined strings.Builder
	var marked []string
	for _, s := range segs {
		joined.WriteString(s.Text)
		if s.Finding >= 0 {
			marked = append(marked, fs[s.Finding].Rule+"="+s.Text)
		}
	}
	if joined.String() != text {
		t.Errorf("segments join to %q", joined.String())
	}
	want := "base/rocket=🚀,base/act-now=act now,base/kinkyu=至急"
	if got := strings.Join(marked, ","); got != want {
		t.Errorf("marked %s, want %s", got, want)
	}
	if len(Segments("", nil)) != 0 || len(Segments("abc", nil)) != 1 {
		t.Error("trivial segments")
	}
	// Apply through the engine's own helper round-trips with byte offsets.
	f := r.Findings[1]
	if got := rules.Apply(text, f, f.Suggestions[0]); got != "Hi 🚀 team, take your time! 至急" {
		t.Errorf("Apply = %q", got)
	}
}

func TestGroupRules(t *testing.T) {
	infos := []rules.RuleInfo{
		{Name: "a/1", Rule: rules.Rule{Category: "scripted"}},
		{Name: "a/2", Rule: rules.Rule{Category: "closing-pressure"}},
		{Name: "a/3", Rule: rules.Rule{Category: "zzz-team"}},
		{Name: "a/4", Rule: rules.Rule{Category: "scripted"}},
		{Name: "a/5", Rule: rules.Rule{Category: "metric"}},
	}
	var got []string
	for _, g := range GroupRules(infos) {
		var names []string
		for _, r := range g.Rules {
			names = append(names, r.Name)
		}
		got = append(got, g.Category+"("+g.Label+"):"+strings.Join(names, "+"))
	}
	want := "closing-pressure(Pressure to close):a/2 scripted(Sounds scripted):a/1+a/4 metric(Message shape):a/5 zzz-team(zzz-team):a/3"
	if strings.Join(got, " ") != want {
		t.Errorf("GroupRules = %s", strings.Join(got, " "))
	}
	for _, c := range rules.Categories {
		if CategoryLabel(c) == c {
			t.Errorf("category %s has no label", c)
		}
	}
}

func TestToggle(t *testing.T) {
	in := []string{"a", "b"}
	if got := strings.Join(Toggle(in, "c", true), ","); got != "a,b,c" {
		t.Error(got)
	}
	if got := strings.Join(Toggle(in, "a", true), ","); got != "b,a" {
		t.Error(got)
	}
	if got := strings.Join(Toggle(in, "a", false), ","); got != "b" {
		t.Error(got)
	}
	if strings.Join(in, ",") != "a,b" {
		t.Error("Toggle modified its input")
	}
	if len(Toggle(nil, "x", false)) != 0 || !Has(in, "b") || Has(in, "z") {
		t.Error("Toggle/Has")
	}
}
