package rules

import (
	"sort"
	"strings"
)

// Reason is one thing that moved the helpfulness score.
type Reason struct {
	// Delta is the points added (positive) or taken (negative).
	Delta    int    `json:"delta"`
	Category string `json:"category,omitempty"`
	Text     string `json:"text"`
}

// Severity weights and the most one category can take from the score.
var severityPoints = map[string]int{"info": 5, "warning": 15, "error": 25}

const categoryCap = 40

// CategoryLabels are the people-facing names of the categories, as the score
// reasons, the card and the options page show them.
var CategoryLabels = map[string]string{
	"closing-pressure": "Pressure to close",
	"manipulation":     "Closing tricks",
	"empty-activity":   "Touches without value",
	"forced-process":   "Your process, not their pace",
	"self-centred":     "About you, not them",
	"scripted":         "Sounds scripted",
	"metric":           "Message shape",
}

// computeScore starts from 100, takes points for findings (capped per
// category) and gives a few back for the shapes Boomerang's study of 40M
// emails found answered most.
func computeScore(findings []Finding, m Metrics) (int, []Reason) {
	type agg struct {
		points  int
		matches []string
		why     string
	}
	per := map[string]*agg{}
	for _, f := range findings {
		g := per[f.Category]
		if g == nil {
			g = &agg{why: f.Why}
			per[f.Category] = g
		}
		g.points += severityPoints[f.Severity]
		if f.Category == "metric" {
			g.matches = append(g.matches, f.Message)
		} else if q := "“" + f.Match + "”"; !contains(g.matches, q) {
			g.matches = append(g.matches, q)
		}
	}
	var reasons []Reason
	score := 100
	for _, cat := range Categories {
		g := per[cat]
		if g == nil {
			continue
		}
		pts := g.points
		if pts > categoryCap {
			pts = categoryCap
		}
		score -= pts
		items := g.matches
		if len(items) > 3 {
			items = append(items[:3:3], "…")
		}
		sep := ", "
		text := CategoryLabels[cat] + ": " + strings.Join(items, sep)
		if cat != "metric" {
			text += ". " + g.why
		}
		reasons = append(reasons, Reason{Delta: -pts, Category: cat, Text: text})
	}
	// The bonuses reward a well-shaped message; they offset style notes
	// (info findings) but never buy back pressure, tricks or empty touches.
	serious := false
	for _, f := range findings {
		serious = serious || (f.Category != "metric" && f.Severity != "info")
	}
	if !serious {
		if m.Words >= 50 && m.Words <= 125 {
			score += 3
			reasons = append(reasons, Reason{Delta: 3, Text: "Length near the sweet spot: 75–100-word emails got the most replies in Boomerang's study of 40M emails."})
		}
		if m.Questions >= 1 && m.Questions <= 3 {
			score += 3
			reasons = append(reasons, Reason{Delta: 3, Text: "Asks 1–3 questions, which Boomerang found drew more replies than none."})
		}
		if m.ReaderWords+m.WriterWords >= 3 && m.ReaderRatio >= 0.5 {
			score += 3
			reasons = append(reasons, Reason{Delta: 3, Text: "About the reader: “you” and “your” outnumber “I”, “we” and “our”."})
		}
	}
	if score > 100 {
		score = 100
	}
	if score < 0 {
		score = 0
	}
	sort.SliceStable(reasons, func(i, j int) bool { return reasons[i].Delta < reasons[j].Delta })
	if reasons == nil {
		reasons = []Reason{}
	}
	return score, reasons
}
