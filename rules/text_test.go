package rules

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// randomJoin concatenates n of parts, each picked at random with r: the
// random texts of the property tests.
func randomJoin(r *rand.Rand, parts []string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(parts[r.IntN(len(parts))])
	}
	return b.String()
}

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

// lookupWord must give every word the same normalised form and flags as
// Normalize and the lexicon, whichever of its paths (lower-case ASCII,
// capitalised ASCII found or not found, long, typographic) the word takes.
func TestLookupWordAgreesWithNormalize(t *testing.T) {
	words := []string{"you", "You", "YOU", "monday", "MONDAY", "Friday", "checking", "Checking",
		"Zoë", "ZOË", "I’ve", "I've", "we`re", "Acme", "ACMEINDUSTRIESINTERNATIONALHOLDINGS",
		"Supercalifragilisticexpialidociousness", "3", "1st", "x"}
	known := map[string]wordInfo{}
	for w, info := range lexiconWords.words {
		known[w] = info
	}
	known["checking"] = wordInfo{norm: "checking", id: 7}
	known["acmeindustriesinternationalholdings"] = wordInfo{id: 8}
	dict := newDictionary(known)
	for _, w := range words {
		norm, info := lookupWord(w, dict)
		if want := Normalize(w); norm != want {
			t.Errorf("lookupWord(%q) norm = %q, want %q", w, norm, want)
		}
		if info.flags != flagsOf(Normalize(w)) {
			t.Errorf("lookupWord(%q) flags = %b, want %b", w, info.flags, flagsOf(Normalize(w)))
		}
		if want := dict.words[Normalize(w)].id; info.id != want {
			t.Errorf("lookupWord(%q) id = %d, want %d", w, info.id, want)
		}
		if info.syllables != 0 && int(info.syllables) != countSyllables(norm) {
			t.Errorf("lookupWord(%q) syllables = %d, want %d", w, info.syllables, countSyllables(norm))
		}
		if _, known := dict.words[Normalize(w)]; known && info.syllables == 0 {
			t.Errorf("lookupWord(%q): a known word has no syllable count", w)
		}
	}
}

// A Text reused for another message must hold exactly what a fresh analysis
// of that message holds.
func TestTextReuse(t *testing.T) {
	msgs := []string{"Hi Sam,\n\nJust checking in. Any update?\n\nBest,\nDana", "", "> quoted\nshort", strings.Repeat("Word ", 300)}
	reused := &Text{}
	for round := 0; round < 2; round++ {
		for _, m := range msgs {
			reused.analyze(m, lexiconWords)
			fresh := Analyze(m)
			if !reflect.DeepEqual(emptyAsNil(*reused), emptyAsNil(*fresh)) {
				t.Fatalf("reused Text for %q differs from a fresh one", m)
			}
		}
	}
}

// emptyAsNil returns t with its empty slices nil, so that reflect.DeepEqual
// compares contents only.
func emptyAsNil(t Text) Text {
	t.Tokens, t.Sentences, t.Paragraphs = nilIfEmpty(t.Tokens), nilIfEmpty(t.Sentences), nilIfEmpty(t.Paragraphs)
	t.Lines, t.lineStarts, t.lineFacts = nilIfEmpty(t.Lines), nilIfEmpty(t.lineStarts), nilIfEmpty(t.lineFacts)
	t.pending = nil // scratch of the tokenizer
	return t
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// The tokenizer works a plain ASCII word's hash out as it reads it and
// looks the word up with that (lookupHashed): every token must get exactly
// what lookupWord gives for its text.
func TestTokensAgreeWithLookupWord(t *testing.T) {
	e := builtinEngine(t)
	dict := e.matcher.flat.dict
	texts := []string{corpusMessage(t, 20<<10),
		"Don't DON'T don’t we`re 3.5 10:30 1,000 $40 €40 20% 1st ZOË Zoë's I'M I’m O'Neil x-ray e.g. U.S. 3x 2pm"}
	for _, text := range texts {
		for _, tok := range analyzeWith(text, dict).Tokens {
			norm, info := lookupWord(text[tok.Start:tok.End], dict)
			if tok.Punct {
				info.syllables = 0 // marks are not counted
			}
			if tok.Norm != norm || tok.word != info.id || tok.syllables != info.syllables || tok.flags&^flagNumeral != info.flags {
				t.Errorf("token %q: norm %q word %d syllables %d flags %b; lookupWord gives %q %d %d %b",
					text[tok.Start:tok.End], tok.Norm, tok.word, tok.syllables, tok.flags, norm, info.id, info.syllables, info.flags)
			}
		}
	}
}

// linksIn answers as the searches it replaces: a count of "http://",
// "https://" and "www." less "://www.", and whether any of those or "HTTP"
// or "WWW." occurs.
func TestLinksIn(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	bits := []string{"http://", "https://", "www.", "WWW.", "HTTP", "://", "ww", "w.", ".", ":", "/", "h", "x ", "ttp", "s"}
	for range 5000 {
		body := randomJoin(r, bits, r.IntN(8))
		wantN := strings.Count(body, "http://") + strings.Count(body, "https://") + strings.Count(body, "www.") - strings.Count(body, "://www.")
		wantAny := strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "www.") || strings.Contains(body, "HTTP") || strings.Contains(body, "WWW.")
		if n, any := linksIn(body); n != wantN || any != wantAny {
			t.Fatalf("linksIn(%q) = %d, %v; want %d, %v", body, n, any, wantN, wantAny)
		}
	}
}

// An engine analyses messages concurrently, each analysis in memory of its
// own (the engine pools it): results from eight goroutines at once equal
// those of one at a time. Run with -race to check the pooling.
func TestConcurrentAnalyses(t *testing.T) {
	e := builtinEngine(t)
	texts := scanTexts(t)[:40]
	want := make([]Result, len(texts))
	for i, text := range texts {
		want[i] = e.Analyze(text, Options{})
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 5 {
				for k := range texts {
					i := (k + g + round) % len(texts)
					if got := e.Analyze(texts[i], Options{}); !reflect.DeepEqual(got, want[i]) {
						errs <- texts[i]
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for text := range errs {
		t.Errorf("a concurrent analysis of %q differs from the sequential one", text)
	}
}

// A message may start with blank lines (a reply typed below the quote, a
// draft begun with Enter): its first sentence is still sentence 0, and the
// engine finds what it finds without them. Sentence numbers used to start
// at 1 there, and a pressure phrase in the last sentence made the
// conditional rules index past the sentences and panic.
func TestLeadingBlankLines(t *testing.T) {
	e := builtinEngine(t)
	for _, msg := range []string{
		"Just checking in. Are you ready to sign today?",
		"Just checking in on this. Only 3 spots left, sign today!",
		"Hi Sam,\n\nJust following up. This offer expires Friday, so act now.",
	} {
		want := e.Analyze(msg, Options{})
		for _, lead := range []string{"\n", "\n\n", " \n \n", "\r\n\r\n"} {
			text := lead + msg
			tx := Analyze(text)
			if len(tx.Tokens) == 0 || tx.Tokens[0].Sentence != 0 || int(tx.Tokens[len(tx.Tokens)-1].Sentence) != len(tx.Sentences)-1 {
				t.Fatalf("%q: sentences numbered from %d to %d, with %d ranges", text, tx.Tokens[0].Sentence, tx.Tokens[len(tx.Tokens)-1].Sentence, len(tx.Sentences))
			}
			got := e.Analyze(text, Options{})
			var g, w []string
			for _, f := range got.Findings {
				g = append(g, f.Rule+":"+f.Match)
			}
			for _, f := range want.Findings {
				w = append(w, f.Rule+":"+f.Match)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%q: findings %q, want %q as without the blank lines", text, g, w)
			}
		}
	}
}

// A pattern is tokenized without the rest of the text model (no lines):
// one holding a line break must be parsed, not crash.
func TestPatternWithLineBreak(t *testing.T) {
	if _, _, err := parsePattern("checking\nin"); err != nil {
		t.Logf("parsePattern: %v", err) // an error is fine; a panic is not
	}
	e := engineFor(t, Rule{Kind: "phrase", Patterns: []string{"just\nchecking in"}})
	if n := len(e.Analyze("Just checking in on this.", Options{}).Findings); n != 1 {
		t.Errorf("a pattern with a line break in it: %d findings, want 1 (it reads as a space)", n)
	}
}

// Offsets are 32-bit: a text longer than MaxTextBytes is analysed up to
// its last whole character within the limit (here lowered to 20 bytes).
func TestTextLongerThanMax(t *testing.T) {
	defer func(n int) { maxTextBytes = n }(maxTextBytes)
	maxTextBytes = 20
	tx := Analyze("Just checking in on zoë's draft today.")
	if tx.Raw != "Just checking in on " {
		t.Fatalf("Raw = %q", tx.Raw)
	}
	tx = Analyze("Just checking in ëë") // the second ë is bytes 19 and 20
	if tx.Raw != "Just checking in ë" || tx.Tokens[len(tx.Tokens)-1].Norm != "ë" {
		t.Fatalf("cut inside ë: Raw = %q, last token %q", tx.Raw, tx.Tokens[len(tx.Tokens)-1].Norm)
	}
}

// byteClasses sorts every byte as tokenize's tests of runes would.
func TestByteClasses(t *testing.T) {
	if len(byteClasses) != 256 {
		t.Fatalf("byteClasses has %d bytes", len(byteClasses))
	}
	for c := 0; c < 256; c++ {
		r := rune(c)
		want := classOther
		switch {
		case c >= utf8.RuneSelf:
			want = classNonASCII
		case r == ' ':
			want = classSpace
		case r == '\n':
			want = classNewline
		case 'A' <= r && r <= 'Z':
			want = classUpper
		case isWordRune(r):
			want = classLower
		case isCurrency(r):
			want = classCurrency
		case r == '.' || r == ':' || r == ',':
			want = classSeparator
		case isPunctToken(r):
			want = classPunct
		case foldRune(r) == '\'':
			want = classApostrophe
		}
		if byteClasses[c] != want {
			t.Errorf("byte %#x (%q): class %c, want %c", c, r, byteClasses[c], want)
		}
	}
}

// The dictionary's probe compares a word's text folded to lower case with
// the stored word as it is, so no stored word may hold an ASCII capital,
// whatever case a pack writes its patterns in; and a capitalised pattern
// still finds its words in any case.
func TestDictionaryWordsHaveNoASCIICapitals(t *testing.T) {
	e := engineFor(t, Rule{Kind: "phrase", Patterns: []string{"ASAP", "Call The CEO", "ZOË’S Team", "Q4 Numbers", "(Monday|FRIDAY) at {time}"}})
	e.Analyze("x", Options{})
	for _, s := range e.matcher.flat.dict.slots {
		if s.hash != 0 && strings.ContainsAny(s.info.norm, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("dictionary word %q holds a capital", s.info.norm)
		}
	}
	if got := matches(e, "asap, please call the ceo about zoë's team and the q4 numbers by FRIDAY at 3pm"); strings.Count(got, "|")+1 != 5 {
		t.Errorf("matches = %q, want all five patterns", got)
	}
}

// FuzzTextModel checks the text model's invariants, which the tokenizer's
// shortcuts rely on: tokens in order inside the text; each token's Body
// flag as InBody answers for its start (the tokenizer decides it once per
// line); sentences that cover the tokens as consecutive runs numbered from
// 0, each token's Sentence its run's number (the trie scan walks them).
func FuzzTextModel(f *testing.F) {
	for _, s := range []string{"", "Hi Sam,\n\nJust checking in. Are you free?\n\nBest,\nAl\n> quoted\n", "e.g. this. And Dr. Who!?", "a\r\n\r\nb", "  > x\n\nHi,\nyes", "Zoë’s 3.5 10:30 1,000 $20 20% …", "\xff\xfe x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		tx := Analyze(raw)
		prevEnd := 0
		for i, tok := range tx.Tokens {
			if int(tok.Start) < prevEnd || tok.Start >= tok.End || int(tok.End) > len(raw) {
				t.Fatalf("token %d [%d,%d) out of order or bounds (previous ends at %d)", i, tok.Start, tok.End, prevEnd)
			}
			prevEnd = int(tok.End)
			if tok.Body != tx.InBody(int(tok.Start)) {
				t.Fatalf("token %d %q: Body %v, InBody %v", i, raw[tok.Start:tok.End], tok.Body, !tok.Body)
			}
		}
		next := 0
		for k, s := range tx.Sentences {
			if s[0] != next || s[1] <= s[0] {
				t.Fatalf("sentence %d is tokens %v, want a non-empty run from %d", k, s, next)
			}
			for i := s[0]; i < s[1]; i++ {
				if int(tx.Tokens[i].Sentence) != k {
					t.Fatalf("token %d is in sentence %d's run but says %d", i, k, tx.Tokens[i].Sentence)
				}
			}
			next = s[1]
		}
		if next != len(tx.Tokens) {
			t.Fatalf("sentences cover %d of %d tokens", next, len(tx.Tokens))
		}
	})
}
