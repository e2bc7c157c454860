package rules

import (
	"strconv"
	"strings"
)

// phraseKind flags token patterns ("just checking in", "only {number} spots
// left"). Replacements are optional; when given they work as in rewrite rules.
type phraseKind struct{}

func (phraseKind) compile(c *compiled, m *matcher) []Problem {
	return compilePatterns(c, m)
}

func (phraseKind) find(c *compiled, a *analysis, out []Finding) []Finding {
	return patternFindings(c, a, out)
}

// compilePatterns parses a rule's token patterns into the shared matcher and
// checks that replacements only refer to captures every pattern has.
func compilePatterns(c *compiled, m *matcher) []Problem {
	var probs []Problem
	if len(c.Patterns) == 0 {
		probs = append(probs, Problem{Field: "patterns", Message: "give at least one pattern"})
	}
	minCaps := -1
	for i, p := range c.Patterns {
		pat, ncap, err := parsePattern(p)
		if err != nil {
			probs = append(probs, Problem{Field: indexed("patterns", i), Message: err.Error()})
			continue
		}
		c.ncap = append(c.ncap, ncap)
		if minCaps < 0 || ncap < minCaps {
			minCaps = ncap
		}
		m.add(pat, ncap, accept{rule: c.index})
	}
	for i, r := range c.Replacements {
		if k := maxCaptureRef(r); k > minCaps && minCaps >= 0 {
			probs = append(probs, Problem{Field: indexed("replacements", i),
				Message: "refers to $" + strconv.Itoa(k) + " but a pattern has only " + strconv.Itoa(minCaps) + " capture(s); captures are ( ) groups and {classes}"})
		}
	}
	return probs
}

// patternFindings turns the rule's pattern occurrences into findings,
// dropping those that overlap an exception.
func patternFindings(c *compiled, a *analysis, out []Finding) []Finding {
	h := a.ruleHits(c.index)
	if h == nil {
		return out
	}
	t := a.text
	for _, m := range h.matches {
		if a.excepted(c, m.first, m.last) {
			continue
		}
		start, end := int(t.Tokens[m.first].Start), int(t.Tokens[m.last].End)
		acc := &a.engine.matcher.accepts[m.acc]
		var caps []span
		capture := func(k int) string {
			if caps == nil {
				caps = bindCaptures(acc.pat, acc.ncap, t.Tokens[m.first:m.last+1], t.Raw)
			}
			if k < 1 || k > len(caps) || caps[k-1].first < 0 {
				return ""
			}
			sp := caps[k-1]
			return t.Raw[t.Tokens[m.first+int(sp.first)].Start:t.Tokens[m.first+int(sp.last)].End]
		}
		out = append(out, c.spanFinding(t, start, end, suggestions(c, a, start, end, capture)))
	}
	return out
}

// suggestions expands every replacement of c for the match text[start:end] and
// keeps its case.
func suggestions(c *compiled, a *analysis, start, end int, capture func(int) string) []string {
	if len(c.Replacements) == 0 {
		return nil
	}
	raw := a.text.Raw
	mc := caseOf(raw[start:end])
	sentenceStart := startsSentence(raw, start)
	// The lists of all findings come from one array (a.sugg), which goes
	// out with the result and is never reused.
	n := len(c.Replacements)
	if cap(a.sugg)-len(a.sugg) < n {
		a.sugg = make([]string, 0, max(32, n))
	}
	out := a.sugg[len(a.sugg) : len(a.sugg) : len(a.sugg)+n]
	defer func() { a.sugg = a.sugg[:len(a.sugg)+len(out)] }()
	for i, r := range c.Replacements {
		exp := expandCaptures(r, capture)
		f := &c.forms[i] // r's forms, worked out when compiled
		if exp != r {
			// An empty capture must not leave a double space behind.
			exp = collapseSpaces(exp)
			f = nil // other text: its forms are worked out here
		}
		s := mc.apply(exp, f, c.KeepLoud, sentenceStart)
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// collapseSpaces turns runs of spaces into one and drops a space before
// punctuation that a missing capture left ("call  you" → "call you",
// "again ." → "again.").
func collapseSpaces(s string) string {
	// Most expansions have nothing to collapse: find that out in one pass.
	clean := true
	for i := 0; i+1 < len(s) && clean; i++ {
		if s[i] == ' ' {
			switch s[i+1] {
			case ' ', ',', '.', '?', '!', ';', ':':
				clean = false
			}
		}
	}
	if clean {
		return s
	}
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	for _, p := range []string{" ,", " .", " ?", " !", " ;", " :"} {
		s = strings.ReplaceAll(s, p, p[1:])
	}
	return s
}
