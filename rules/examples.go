package rules

// ExampleFailure is one example of a rule that did not behave as written.
type ExampleFailure struct {
	Rule  string `json:"rule"`
	Index int    `json:"-"`
	// Field is "examples.fire[i]", "examples.pass[i]" or "examples.rewrite[i]".
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (f ExampleFailure) String() string {
	return "rule " + f.Rule + ": " + f.Field + ": " + f.Message
}

// CheckExamples runs every example of the rules of pack p (which must be
// loaded in e) and returns the failures. A fire example must produce a
// finding of the rule, a pass example must not, and applying the rule's first
// suggestion to a rewrite example's input must give its output exactly.
func (e *Engine) CheckExamples(p *Pack) []ExampleFailure {
	var fails []ExampleFailure
	for i, r := range p.Rules {
		c := e.byName[p.Name+"/"+r.ID]
		if c == nil {
			continue
		}
		fail := func(field string, k int, msg string) {
			fails = append(fails, ExampleFailure{Rule: r.ID, Index: i, Field: indexed(field, k), Message: msg})
		}
		for k, ex := range r.Examples.Fire {
			if len(e.analyze(ex, Options{}, c).Findings) == 0 {
				fail("examples.fire", k, "does not fire on "+q(ex))
			}
		}
		for k, ex := range r.Examples.Pass {
			if fs := e.analyze(ex, Options{}, c).Findings; len(fs) > 0 {
				fail("examples.pass", k, "fires on "+q(ex)+" (matched "+q(fs[0].Match)+") but must not")
			}
		}
		for k, ex := range r.Examples.Rewrite {
			fs := e.analyze(ex.In, Options{}, c).Findings
			if len(fs) == 0 {
				fail("examples.rewrite", k, "does not fire on "+q(ex.In))
				continue
			}
			if len(fs[0].Suggestions) == 0 {
				fail("examples.rewrite", k, "fires on "+q(ex.In)+" but offers no rewrite")
				continue
			}
			got := ex.In
			for j := len(fs) - 1; j >= 0; j-- {
				if len(fs[j].Suggestions) > 0 {
					got = Apply(got, fs[j], fs[j].Suggestions[0])
				}
			}
			if got != ex.Out {
				fail("examples.rewrite", k, "rewrites "+q(ex.In)+" to\n      "+q(got)+"\n    want "+q(ex.Out))
			}
		}
	}
	return fails
}
