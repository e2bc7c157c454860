package rules_test

import (
	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
	"testing"
)

func BenchmarkNoRegex(b *testing.B) {
	p, _ := packs.Builtin()
	var keep []rules.Rule
	for _, r := range p.Rules {
		if r.Kind != "regex" {
			keep = append(keep, r)
		}
	}
	p.Rules = keep
	e, err := rules.Compile(p)
	if err != nil {
		b.Fatal(err)
	}
	text := message(2 << 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Analyze(text, rules.Options{})
	}
}
