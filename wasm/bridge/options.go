package bridge

import (
	"github.com/alwaysbehelping/abh/internal/order"
	"github.com/alwaysbehelping/abh/rules"
)

// AnalyzeRaw analyses text with settingsJSON and returns the engine's result
// with UTF-8 byte offsets, for Go callers (the options page playground).
func (b *Bridge) AnalyzeRaw(text string, settingsJSON []byte) (rules.Result, error) {
	s, err := ParseSettings(settingsJSON)
	if err != nil {
		return rules.Result{}, err
	}
	return b.current().Analyze(text, s.Options()), nil
}

// Segment is a piece of a message for a highlighted preview: plain text
// (Finding < 0) or the span of findings[Finding].
type Segment struct {
	Text    string
	Finding int
}

// Segments splits text into plain pieces and the spans of the span findings
// (metric findings, which cover the whole message, are left out). Findings
// that overlap an earlier one or fall outside text are skipped, so the
// pieces always concatenate back to text.
func Segments(text string, findings []rules.Finding) []Segment {
	idx := make([]int, 0, len(findings))
	for i, f := range findings {
		if f.Category == "metric" || f.Start < 0 || f.End <= f.Start || f.End > len(text) {
			continue
		}
		idx = append(idx, i)
	}
	order.Stable(idx, func(a, b *int) bool { return findings[*a].Start < findings[*b].Start })
	var out []Segment
	pos := 0
	for _, i := range idx {
		f := findings[i]
		if f.Start < pos {
			continue
		}
		if f.Start > pos {
			out = append(out, Segment{Text: text[pos:f.Start], Finding: -1})
		}
		out = append(out, Segment{Text: text[f.Start:f.End], Finding: i})
		pos = f.End
	}
	if pos < len(text) {
		out = append(out, Segment{Text: text[pos:], Finding: -1})
	}
	return out
}

// CategoryGroup is the rules of one category, for the rule browser.
type CategoryGroup struct {
	Category string
	Label    string
	Rules    []rules.RuleInfo
}

// CategoryLabels are the people-facing names of the categories.
var CategoryLabels = rules.CategoryLabels

// CategoryLabel is the label of category c (c itself when unknown).
func CategoryLabel(c string) string {
	if l, ok := CategoryLabels[c]; ok {
		return l
	}
	return c
}

// GroupRules groups rules by category in the order of rules.Categories;
// categories the engine does not know come last, alphabetically. Within a
// category rules keep pack order.
func GroupRules(infos []rules.RuleInfo) []CategoryGroup {
	by := map[string][]rules.RuleInfo{}
	for _, r := range infos {
		by[r.Category] = append(by[r.Category], r)
	}
	var out []CategoryGroup
	for _, c := range rules.Categories {
		if rs := by[c]; len(rs) > 0 {
			out = append(out, CategoryGroup{Category: c, Label: CategoryLabel(c), Rules: rs})
			delete(by, c)
		}
	}
	rest := make([]string, 0, len(by))
	for c := range by {
		rest = append(rest, c)
	}
	order.Strings(rest)
	for _, c := range rest {
		out = append(out, CategoryGroup{Category: c, Label: CategoryLabel(c), Rules: by[c]})
	}
	return out
}

// Toggle returns list with s added (on) or removed (off), without
// duplicates, keeping the order of the rest. It never modifies list.
func Toggle(list []string, s string, on bool) []string {
	out := make([]string, 0, len(list)+1)
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	if on {
		out = append(out, s)
	}
	return out
}

// Has reports whether list contains s.
func Has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
