package rules

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// regexKind matches RE2 expressions against the original text, for what
// token patterns cannot express (template residue like "{FirstName}",
// "[Company]"). Matching ignores case unless case_sensitive is set.
// Replacements may use $1 or ${name} as in Go's regexp.Expand.
type regexKind struct{}

func (regexKind) compile(c *compiled, _ *matcher) []Problem {
	var probs []Problem
	if len(c.Patterns) == 0 {
		probs = append(probs, Problem{Field: "patterns", Message: "give at least one RE2 expression"})
	}
	for i, p := range c.Patterns {
		src := p
		if !c.CaseSensitive {
			src = "(?i)" + p
		}
		re, err := regexp.Compile(src)
		if err != nil {
			if _, err2 := regexp.Compile(p); err2 != nil {
				err = err2
			}
			msg := strings.TrimPrefix(err.Error(), "error parsing regexp: ")
			probs = append(probs, Problem{Field: fmt.Sprintf("patterns[%d]", i), Message: "not a valid RE2 expression: " + msg})
			continue
		}
		if re.MatchString("") {
			probs = append(probs, Problem{Field: fmt.Sprintf("patterns[%d]", i), Message: fmt.Sprintf("%q matches the empty string, so it would fire everywhere", p)})
			continue
		}
		for j, r := range c.Replacements {
			if k := maxCaptureRef(r); k > re.NumSubexp() {
				probs = append(probs, Problem{Field: fmt.Sprintf("replacements[%d]", j), Message: fmt.Sprintf("refers to $%d but patterns[%d] has only %d group(s)", k, i, re.NumSubexp())})
			}
		}
		c.regex = append(c.regex, re)
	}
	return probs
}

func (regexKind) find(c *compiled, a *analysis) []Finding {
	var out []Finding
	raw := a.text.Raw
	for _, re := range c.regex {
		for _, loc := range re.FindAllStringSubmatchIndex(raw, 64) {
			start, end := loc[0], loc[1]
			if start == end || !utf8.RuneStart(raw[start]) || (end < len(raw) && !utf8.RuneStart(raw[end])) {
				continue
			}
			if a.exceptedBytes(c, start, end) {
				continue
			}
			capture := func(k int) string {
				if 2*k+1 >= len(loc) || loc[2*k] < 0 {
					return ""
				}
				return raw[loc[2*k]:loc[2*k+1]]
			}
			out = append(out, c.spanFinding(a.text, start, end, suggestions(c, raw, start, end, capture)))
		}
	}
	return out
}
