package rules

import (
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
				probs = append(probs, Problem{Field: indexed(field, i), Message: "unknown signal " + q(s) + " (want one of " + strings.Join(Signals, ", ") + ")"})
			}
		}
	}
	for _, s := range w.Lacks {
		c.lacks |= signalBit(s)
	}
	for _, s := range w.Has {
		c.has |= signalBit(s)
	}
	for group, list := range [][]string{1: w.LacksPhrases, 2: w.HasPhrases} {
		field := map[int]string{1: "when.lacks_phrases", 2: "when.has_phrases"}[group]
		for i, p := range list {
			pat, ncap, err := parsePattern(p)
			if err != nil {
				probs = append(probs, Problem{Field: indexed(field, i), Message: err.Error()})
				continue
			}
			m.add(pat, ncap, accept{rule: c.index, condGroup: group})
		}
	}
	return probs
}

func (conditionalKind) find(c *compiled, a *analysis, out []Finding) []Finding {
	if h := a.ruleHits(c.index); h == nil || len(h.matches) == 0 {
		return out // nothing to report, whatever the conditions say
	}
	if !c.conditionHolds(a) {
		return out
	}
	return patternFindings(c, a, out)
}

func (c *compiled) conditionHolds(a *analysis) bool {
	if a.signals == 0 {
		a.signals = a.computeSignals()
	}
	w := c.When
	if a.signals&c.lacks != 0 || len(w.Has) > 0 && a.signals&c.has == 0 {
		return false
	}
	var cond [3]bool
	if h := a.ruleHits(c.index); h != nil {
		cond = h.cond
	}
	if len(w.LacksPhrases) > 0 && cond[1] {
		return false
	}
	if len(w.HasPhrases) > 0 && !cond[2] {
		return false
	}
	return true
}

// signals are the message-level facts conditions test, one bit per name in
// Signals.
type signals uint16

const (
	sigLink signals = 1 << iota
	sigNumber
	sigAttachment
	sigResource
	sigQuestion
	sigAnswer
	sigDate
	sigValue
	sigComputed
)

func signalBit(name string) signals {
	for i, s := range Signals {
		if s == name {
			return 1 << i
		}
	}
	return 0
}

// answerPhrases say the message answers something, resourcePhrases that it
// carries a resource; both are matched by the pack's own matcher (see
// newMatcher), so they cost no extra pass.
var (
	answerPhrases   = []string{"you asked", "your question", "to answer", "good question", "the answer", "answered", "you mentioned", "as promised", "you wanted"}
	resourcePhrases = []string{"case (study|studies)", "one pager", "demo video", "white paper", "price list", "pricing sheet"}
)

// computeSignals finds the signals in the body of a's text: the greeting,
// the sign-off with the signature under it, and quoted lines carry none of
// the writer's value. The phrases found them in part (a.phraseSignals),
// computeMetrics' pass over the tokens the rest (a.tokenSignals), but for
// the numbers it noted (a.numbers).
//
// Numbers inside pushy phrases ("20% off if you sign today", "only 3 spots
// left") are pressure, not information: a number is a signal unless
// pressureTokens marks it, which is only worked out when there are numbers.
func (a *analysis) computeSignals() signals {
	s := sigComputed | a.phraseSignals | a.tokenSignals
	if len(a.numbers) > 0 {
		pressure := a.pressureTokens()
		for _, i := range a.numbers {
			if !pressure[i] {
				s |= sigNumber
				break
			}
		}
	}
	if s&(sigLink|sigNumber|sigAttachment|sigResource|sigAnswer) != 0 {
		s |= sigValue
	}
	return s
}

// durationAfter reports whether token i, a number, counts time ("30
// minutes", "a 15-minute call"), which is an ask of the reader's time rather
// than information.
func durationAfter(t *Text, i int) bool {
	if i+1 < len(t.Tokens) {
		next := &t.Tokens[i+1]
		return !next.Punct && next.flags&flagDuration != 0
	}
	return false
}

// pressureCategories are the categories whose phrases make a number in them
// pressure rather than information.
var pressureCategories = []string{"closing-pressure", "manipulation", "forced-process"}

// pressureTokens marks the tokens of every sentence holding an occurrence of
// a phrase or rewrite rule of the pressure categories (exceptions apart):
// in "This offer expires Friday, so sign today and get 20% off" the number is
// part of the push. Conditional rules are left out: their own conditions
// depend on the signals.
func (a *analysis) pressureTokens() []bool {
	a.pressure = zeroed(a.pressure, len(a.text.Tokens))
	mask := a.pressure
	for i, g := range a.engine.gates {
		if g&(gateOff|gatePressure) != gatePressure {
			continue
		}
		h := a.ruleHits(i)
		if h == nil {
			continue
		}
		c := a.engine.rules[i]
		for _, m := range h.matches {
			if a.excepted(c, m.first, m.last) {
				continue
			}
			sent := a.text.Tokens[m.first].Sentence
			r := a.text.Sentences[sent]
			for i := r[0]; i < r[1]; i++ {
				mask[i] = true
			}
		}
	}
	return mask
}
