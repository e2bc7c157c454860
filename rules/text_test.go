package rules

import (
	"strings"
	"testing"
)

func norms(t *Text) []string {
	var out []string
	for _, tok := range t.Tokens {
		out = append(out, tok.Norm)
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Just checking in!", "just checking in !"},
		{"We’re here — don't worry", "we're here don't worry"},
		{"Call at 10:30, costs $1,000.50?", "call at 10:30 , costs $1,000.50 ?"},
		{"Save 20% by the 1st; $ sign", "save 20% by the 1st ; sign"},
		{"follow-up", "follow up"},
		{"Zoë’s café… ok?!", "zoë's café … ok ?!"},
		{"e.g. this", "e . g . this"},
	}
	for _, tt := range tests {
		got := strings.Join(norms(Analyze(tt.in)), " ")
		if got != tt.want {
			t.Errorf("Analyze(%q) tokens = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenSpansMatchRaw(t *testing.T) {
	in := "Hi José,\n\nWe’re 100% sure 🚀 you’ll love it. Really?"
	tx := Analyze(in)
	for _, tok := range tx.Tokens {
		if Normalize(in[tok.Start:tok.End]) != tok.Norm {
			t.Errorf("token %q spans %q", tok.Norm, in[tok.Start:tok.End])
		}
	}
}

func TestSentences(t *testing.T) {
	tx := Analyze("Hi Sam,\nThanks for the call. Dr. Lee agreed! Can we meet? Sure\n\nnext paragraph here")
	var got []string
	for _, s := range tx.Sentences {
		var words []string
		for _, tok := range tx.Tokens[s[0]:s[1]] {
			words = append(words, tok.Norm)
		}
		got = append(got, strings.Join(words, " "))
	}
	want := []string{"hi sam ,", "thanks for the call .", "dr . lee agreed !", "can we meet ?", "sure", "next paragraph here"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences:\n got %q\nwant %q", got, want)
	}
}

func TestGreetingAndSignOff(t *testing.T) {
	in := "Hi Sam,\n\nHere is the report you asked for.\n\nBest regards,\nJo Smith\nAcme"
	tx := Analyze(in)
	if tx.Greeting != 0 {
		t.Errorf("greeting line = %d, want 0", tx.Greeting)
	}
	if tx.SignOff != 4 {
		t.Errorf("sign-off line = %d, want 4", tx.SignOff)
	}
	body := in[tx.BodyStart:tx.BodyEnd]
	if strings.TrimSpace(body) != "Here is the report you asked for." {
		t.Errorf("body = %q", body)
	}
	// A message that is only "Hi there" has no greeting line to skip.
	if Analyze("Hi there").Greeting != -1 {
		t.Error("a one-line message must not be taken as a greeting")
	}
}

func TestQuotedLinesAreNotBody(t *testing.T) {
	in := "Sounds good.\n> Just checking in on this\n> thanks"
	tx := Analyze(in)
	if tx.InBody(strings.Index(in, "Just")) {
		t.Error("quoted line counted as body")
	}
	if !tx.InBody(0) {
		t.Error("first line must be body")
	}
}

func TestPosition(t *testing.T) {
	in := "ab\nçd ef"
	tx := Analyze(in)
	line, col := tx.Position(strings.Index(in, "ef"))
	if line != 2 || col != 4 {
		t.Errorf("Position = %d:%d, want 2:4", line, col)
	}
}
