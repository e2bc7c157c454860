package rules

import (
	"strconv"
	"strings"

	"github.com/alwaysbehelping/abh/rules/packjson"
)

// metricKind fires on a message-level signal crossing a threshold: length,
// reading time, questions, asks, reader-vs-writer focus, exclamation marks,
// reading grade. The finding spans the message body; {value} in the message
// is the measured value.
type metricKind struct{}

func (metricKind) compile(c *compiled, _ *matcher) []Problem {
	var probs []Problem
	if !contains(MetricNames, c.Metric) {
		probs = append(probs, Problem{Field: "metric", Message: "unknown metric " + strconv.Quote(c.Metric) + " (want one of " + strings.Join(MetricNames, ", ") + ")"})
	}
	if c.Above == nil && c.Below == nil {
		probs = append(probs, Problem{Field: "above", Message: "a metric rule needs a threshold: above, below or both"})
	}
	if len(c.Patterns) > 0 {
		probs = append(probs, Problem{Field: "patterns", Message: "a metric rule takes no patterns"})
	}
	return probs
}

func (metricKind) find(c *compiled, a *analysis, out []Finding) []Finding {
	m := a.metrics
	if m.Words < c.MinWords || m.Words == 0 {
		return out
	}
	v, _ := m.Value(c.Metric)
	if !((c.Above != nil && v > *c.Above) || (c.Below != nil && v < *c.Below)) {
		return out
	}
	start, end := a.bodySpan()
	if start < 0 {
		return out
	}
	f := c.spanFinding(a.text, start, end, nil)
	f.Message = strings.ReplaceAll(f.Message, "{value}", formatValue(v))
	return append(out, f)
}

// formatValue writes a metric value for a message: counts as integers, the
// grade to one decimal and ratios to two, as Metrics rounds them.
func formatValue(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10) // small ones need no allocation
	}
	var buf [24]byte
	b, err := packjson.AppendDecimal(buf[:0], v, 2)
	if err != nil {
		// Unreachable: metric values count a text's bytes at most (< 2^31).
		return "?"
	}
	return string(b)
}

// bodySpan is the byte span from the first to the last body token, or -1s
// when the body is empty. Metric findings cover it.
func (a *analysis) bodySpan() (start, end int) {
	if !a.bodyKnown {
		a.bodyStart, a.bodyEnd = -1, -1
		toks := a.text.Tokens
		for i := range toks { // the first body token, from the front
			if toks[i].Body {
				a.bodyStart = int(toks[i].Start)
				break
			}
		}
		for i := len(toks) - 1; a.bodyStart >= 0 && i >= 0; i-- { // the last, from the back
			if toks[i].Body {
				a.bodyEnd = int(toks[i].End)
				break
			}
		}
		a.bodyKnown = true
	}
	return a.bodyStart, a.bodyEnd
}
