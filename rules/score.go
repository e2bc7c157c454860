package rules

// Reason is one thing that moved the helpfulness score.
type Reason struct {
	// Delta is the points added (positive) or taken (negative).
	Delta    int    `json:"delta"`
	Category string `json:"category,omitempty"`
	Text     string `json:"text"`
}

// severityPoints is what a finding of a severity takes from the score.
func severityPoints(severity string) int {
	switch severity {
	case "info":
		return 5
	case "warning":
		return 15
	case "error":
		return 25
	}
	return 0
}

// categoryCap is the most one category can take from the score.
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
		points int
		// items holds the first of a metric category's messages, or of
		// another's matches, each once: three are shown, a fourth says
		// there are more.
		items [4]string
		n     int
		why   string
		seen  bool
	}
	var buf [8]agg
	per := buf[:0]
	if len(Categories) <= len(buf) {
		per = buf[:len(Categories)]
	} else {
		per = make([]agg, len(Categories))
	}
	for _, f := range findings {
		k := categoryIndex(f.Category)
		if k < 0 {
			continue // not a category the reasons report
		}
		g := &per[k]
		if !g.seen {
			g.seen, g.why = true, f.Why
		}
		g.points += severityPoints(f.Severity)
		item := f.Match
		if f.Category == "metric" {
			item = f.Message
		}
		if g.n < len(g.items) && (f.Category == "metric" || !contains(g.items[:g.n], item)) {
			g.items[g.n] = item
			g.n++
		}
	}
	reasons := make([]Reason, 0, len(Categories)+3) // a reason per category, and the bonuses
	score := 100
	for k, cat := range Categories {
		g := &per[k]
		if !g.seen {
			continue
		}
		pts := min(g.points, categoryCap)
		score -= pts
		reasons = append(reasons, Reason{Delta: -pts, Category: cat, Text: reasonText(cat, g.items[:g.n], g.why)})
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
	// By delta, keeping the order of equals (a stable insertion sort: a
	// handful of reasons).
	for i := 1; i < len(reasons); i++ {
		for j := i; j > 0 && reasons[j].Delta < reasons[j-1].Delta; j-- {
			reasons[j], reasons[j-1] = reasons[j-1], reasons[j]
		}
	}
	return score, reasons // never nil: JSON consumers get [], not null
}

// categoryIndex returns cat's position in Categories, or -1.
func categoryIndex(cat string) int {
	for k, c := range Categories {
		if c == cat {
			return k
		}
	}
	return -1
}

// reasonText is a category's score reason: its label, its first three
// matches (quoted) or metric messages, and for a category other than
// metric the why of its first finding.
func reasonText(cat string, items []string, why string) string {
	var parts [24]string // enough for three quoted items, "…" and the why
	return joinOnStack(reasonParts(parts[:0], cat, items, why))
}

// reasonParts appends to p the strings reasonText joins.
func reasonParts(p []string, cat string, items []string, why string) []string {
	p = append(p, CategoryLabels[cat], ": ")
	for i, it := range items {
		if i > 0 {
			p = append(p, ", ")
		}
		if i == 3 {
			p = append(p, "…")
			break
		}
		if cat == "metric" {
			p = append(p, it)
		} else {
			p = append(p, "“", it, "”")
		}
	}
	if cat != "metric" {
		p = append(p, ". ", why)
	}
	return p
}

// joinOnStack is strings.Join(p, ""), joined in a buffer on the stack and
// copied out once: one allocation, as strings.Join makes, without its pass
// to add up the lengths. A text longer than the buffer spills to the heap
// (a second allocation, the same text).
func joinOnStack(p []string) string {
	var buf [512]byte
	b := buf[:0]
	for _, s := range p {
		b = append(b, s...)
	}
	return string(b)
}
