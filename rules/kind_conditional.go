package rules

import (
	"fmt"
	"strings"
)

// conditionalKind is a phrase rule that fires only when the message as a whole
// lacks or contains something: "just following up" is empty activity only
// when the message carries no link, number, attachment or answer.
type conditionalKind struct{}

// Signals are what a condition can test for.
var Signals = []string{"link", "number", "attachment", "resource", "question", "answer", "date", "value"}

func (conditionalKind) compile(c *compiled, m *matcher) []Problem {
	probs := compilePatterns(c, m)
	w := c.When
	if w == nil || len(w.Lacks)+len(w.Has)+len(w.LacksPhrases)+len(w.HasPhrases) == 0 {
		return append(probs, Problem{Field: "when", Message: "a conditional rule needs a condition: when.lacks, when.has, when.lacks_phrases or when.has_phrases"})
	}
	for field, list := range map[string][]string{"when.lacks": w.Lacks, "when.has": w.Has} {
		for i, s := range list {
			if !contains(Signals, s) {
				probs = append(probs, Problem{Field: fmt.Sprintf("%s[%d]", field, i), Message: fmt.Sprintf("unknown signal %q (want one of %s)", s, strings.Join(Signals, ", "))})
			}
		}
	}
	for group, list := range [][]string{1: w.LacksPhrases, 2: w.HasPhrases} {
		field := map[int]string{1: "when.lacks_phrases", 2: "when.has_phrases"}[group]
		for i, p := range list {
			seqs, _, err := parsePattern(p)
			if err != nil {
				probs = append(probs, Problem{Field: fmt.Sprintf("%s[%d]", field, i), Message: err.Error()})
				continue
			}
			for _, s := range seqs {
				m.add(s, accept{rule: c.index, condGroup: group})
			}
		}
	}
	return probs
}

func (conditionalKind) find(c *compiled, a *analysis) []Finding {
	if !c.conditionHolds(a) {
		return nil
	}
	return patternFindings(c, a)
}

func (c *compiled) conditionHolds(a *analysis) bool {
	w := c.When
	for _, s := range w.Lacks {
		if a.signals[s] {
			return false
		}
	}
	if len(w.Has) > 0 {
		any := false
		for _, s := range w.Has {
			any = any || a.signals[s]
		}
		if !any {
			return false
		}
	}
	hits := a.condHits[c.index]
	if len(w.LacksPhrases) > 0 && hits[1] {
		return false
	}
	if len(w.HasPhrases) > 0 && !hits[2] {
		return false
	}
	return true
}

// signals are the message-level facts conditions test.
type signals map[string]bool

var attachmentWords = setOf("attached attaching attachment attachments enclosed included including")
var resourceWords = setOf("pdf deck slides summary one-pager report video recording article guide checklist template benchmark benchmarks data study case playbook calculator demo-video webinar doc document spreadsheet")
var answerPhrases = []string{"you asked", "your question", "to answer", "good question", "the answer", "answered", "you mentioned", "as promised", "you wanted"}

func computeSignals(t *Text) signals {
	s := signals{}
	raw := strings.ToLower(t.Raw)
	s["link"] = strings.Contains(raw, "http://") || strings.Contains(raw, "https://") || strings.Contains(raw, "www.")
	s["number"] = strings.ContainsAny(t.Raw, "$€£%")
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		if tok.Punct {
			if tok.Norm == "?" || tok.Norm == "?!" || tok.Norm == "!?" {
				s["question"] = true
			}
			continue
		}
		switch {
		case isDigits(tok.Norm) || ClassNumber.matches(tok, t.Raw) && tok.Norm != "a-few" && tok.Norm != "several" && tok.Norm != "couple" && tok.Norm != "few" && tok.Norm != "one":
			s["number"] = true
		}
		if ClassWeekday.matches(tok, t.Raw) || ClassMonth.matches(tok, t.Raw) && tok.Norm != "may" && tok.Norm != "march" {
			s["date"] = true
		}
		if attachmentWords[tok.Norm] {
			s["attachment"] = true
		}
		if resourceWords[tok.Norm] {
			s["resource"] = true
		}
	}
	norm := Normalize(t.Raw)
	for _, p := range answerPhrases {
		if strings.Contains(norm, p) {
			s["answer"] = true
		}
	}
	s["value"] = s["link"] || s["number"] || s["attachment"] || s["resource"] || s["answer"]
	return s
}
