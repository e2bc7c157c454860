package rules

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// plainSignals is computeSignals as a pass of its own over the tokens, the
// way it was before computeMetrics gathered its part: the reference for
// TestSignalsFromMetricsPass.
func plainSignals(t *Text, phrases signals, anyLink bool, pressure []bool) signals {
	s := sigComputed | phrases
	if anyLink {
		s |= sigLink
	}
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		if !tok.Body {
			continue
		}
		if tok.Punct {
			if strings.IndexByte(tok.Norm, '?') >= 0 {
				s |= sigQuestion
			}
			continue
		}
		fl := tok.flags
		if (fl&flagNumeral != 0 || fl&flagNumberWord != 0 && fl&flagVagueNumber == 0) && !durationAfter(t, i) && !pressure[i] {
			s |= sigNumber
		}
		if fl == 0 {
			continue
		}
		if fl&flagWeekday != 0 || fl&flagMonth != 0 && fl&flagAmbiguousMonth == 0 {
			s |= sigDate
		}
		if fl&flagAttachment != 0 {
			s |= sigAttachment
		}
		if fl&flagResource != 0 {
			s |= sigResource
		}
	}
	if s&(sigLink|sigNumber|sigAttachment|sigResource|sigAnswer) != 0 {
		s |= sigValue
	}
	return s
}

// The signals computeMetrics' pass gathers, completed by computeSignals,
// are those a pass of their own finds, pressure and durations included.
func TestSignalsFromMetricsPass(t *testing.T) {
	e, err := Compile(&Pack{Name: "t", Version: "1", Rules: []Rule{
		{ID: "push", Kind: "phrase", Category: "closing-pressure", Severity: "warning", Message: "m", Why: "w",
			Patterns: []string{"sign today", "only {number} spots left"}, Exceptions: []string{"no need to sign today"}, Examples: Examples{Fire: []string{"sign today"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	sentences := []string{
		"Hi Dana,", "Sign today and get 20% off.", "Only 3 spots left!", "No need to sign today, 12 people asked.",
		"We spent 40 hours on it.", "Can we talk for 30 minutes?", "Several teams use it.", "See www.example.com for more.",
		"Details at HTTP://EXAMPLE.COM.", "I attached the case study.", "Here is the price list you asked for.",
		"Are you free on Tuesday?", "Maybe in May.", "It costs $3,200 a year.", "Two of them agreed.",
		"Thanks!", "Best,", "Sam", "> 5 quoted lines on Monday", "The answer is yes.", "Whatever works",
	}
	r := rand.New(rand.NewPCG(5, 6))
	a := &analysis{text: &Text{}}
	seen := map[signals]bool{}
	for range 500 {
		msg := make([]string, 1+r.IntN(8))
		for i := range msg {
			msg[i] = sentences[r.IntN(len(sentences))]
			if r.IntN(3) == 0 {
				msg[i] += "\n"
			}
		}
		text := strings.Join(msg, " ")
		a.reset(e)
		a.text.analyze(text, e.matcher.flat.dict)
		a.gatherHits()
		a.computeMetrics(a.asks)
		got := a.computeSignals()
		_, anyLink := linksIn(a.text.Raw[a.text.BodyStart:a.text.BodyEnd])
		want := plainSignals(a.text, a.phraseSignals, anyLink, a.pressureTokens())
		if got != want {
			t.Fatalf("%q: signals %b, want %b", text, got, want)
		}
		seen[got] = true
	}
	if len(seen) < 20 {
		t.Errorf("only %d sets of signals seen: the messages exercise too little", len(seen))
	}
}
