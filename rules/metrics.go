package rules

import (
	"math"
	"strings"
)

// Metrics are the message-level signals of a message body (greeting,
// sign-off and quoted lines left out).
type Metrics struct {
	Words     int `json:"words"`
	Sentences int `json:"sentences"`
	// ReadingSeconds assumes 238 words a minute, the average adult silent
	// reading speed.
	ReadingSeconds int `json:"reading_seconds"`
	Questions      int `json:"questions"`
	// Asks counts sentences that ask the reader for something: questions and
	// requests ("let me know", "can you", "please").
	Asks        int `json:"asks"`
	ReaderWords int `json:"reader_words"`
	WriterWords int `json:"writer_words"`
	// ReaderRatio is reader words (you, your) over reader plus writer words
	// (I, we, our), rounded to hundredths; 0.5 (neutral) when there are
	// neither. WriteJSON writes it to two decimals.
	ReaderRatio  float64 `json:"reader_ratio"`
	Exclamations int     `json:"exclamations"`
	// Grade is the Flesch-Kincaid grade level, at least 0 and rounded to
	// tenths. WriteJSON writes it to one decimal.
	Grade float64 `json:"grade"`
	Links int     `json:"links"`
}

// MetricNames are the metrics a metric rule can test.
var MetricNames = []string{"words", "sentences", "reading_seconds", "questions", "asks", "reader_words", "writer_words", "reader_ratio", "exclamations", "grade", "links"}

// Value returns the metric called name.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func (m Metrics) Value(name string) (float64, bool) {
	switch name {
	case "words":
		return float64(m.Words), true
	case "sentences":
		return float64(m.Sentences), true
	case "reading_seconds":
		return float64(m.ReadingSeconds), true
	case "questions":
		return float64(m.Questions), true
	case "asks":
		return float64(m.Asks), true
	case "reader_words":
		return float64(m.ReaderWords), true
	case "writer_words":
		return float64(m.WriterWords), true
	case "reader_ratio":
		return m.ReaderRatio, true
	case "exclamations":
		return float64(m.Exclamations), true
	case "grade":
		return m.Grade, true
	case "links":
		return float64(m.Links), true
	}
	return 0, false
}

// askMarkers make a sentence a request; the pack's matcher finds them in the
// same pass as the rules (see newMatcher).
var askMarkers = []string{"let me know", "can you", "could you", "would you", "will you", "please", "let's", "are you free", "do you have time", "send me", "get back to me"}

// computeMetrics measures the body of a's text into a.metrics;
// askSentences[i] says whether an ask marker occurs in sentence i.
//
// The same pass gathers what the signals of conditional rules need from
// the body's tokens (see computeSignals), which costs less than a second
// pass when they are needed: whether the body shows a link at all (see
// linksIn), the signals its tokens show whatever the rules found
// (a.tokenSignals), and the tokens that are a number signal unless a
// pressure phrase holds them (a.numbers).
func (a *analysis) computeMetrics(askSentences []bool) {
	t := a.text
	var m Metrics
	var sig signals
	numbers := a.numbers[:0]
	syllables := 0
	lastSentence := -1
	words := 0
	question := false
	flush := func() {
		if words == 0 {
			return
		}
		m.Sentences++
		if question {
			m.Questions++
		}
		if question || (lastSentence >= 0 && lastSentence < len(askSentences) && askSentences[lastSentence]) {
			m.Asks++
		}
		words, question = 0, false
	}
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		if !tok.Body {
			continue
		}
		if int(tok.Sentence) != lastSentence {
			flush()
			lastSentence = int(tok.Sentence)
		}
		if tok.Punct {
			for i := 0; i < len(tok.Norm); i++ { // a mark or a short run of them
				switch tok.Norm[i] {
				case '?':
					question = true
					sig |= sigQuestion
				case '!':
					m.Exclamations++
				}
			}
			continue
		}
		m.Words++
		words++
		if n := tok.syllables; n > 0 {
			syllables += int(n) // known word: counted once, when the dictionary was built
		} else {
			syllables += countSyllables(tok.Norm)
		}
		fl := tok.flags
		if fl == 0 {
			continue // no lexicon word: no reader or writer word, no signal
		}
		switch {
		case fl&flagReader != 0:
			m.ReaderWords++
		case fl&flagWriter != 0:
			m.WriterWords++
		}
		if (fl&flagNumeral != 0 || fl&flagNumberWord != 0 && fl&flagVagueNumber == 0) && !durationAfter(t, i) {
			numbers = append(numbers, int32(i))
		}
		if fl&flagWeekday != 0 || fl&flagMonth != 0 && fl&flagAmbiguousMonth == 0 {
			sig |= sigDate
		}
		if fl&flagAttachment != 0 {
			sig |= sigAttachment
		}
		if fl&flagResource != 0 {
			sig |= sigResource
		}
	}
	flush()
	var anyLink bool
	m.Links, anyLink = linksIn(t.Raw[t.BodyStart:t.BodyEnd])
	if anyLink {
		sig |= sigLink
	}
	if m.Words > 0 {
		m.ReadingSeconds = int(math.Ceil(float64(m.Words) / 238 * 60))
		sentences := m.Sentences
		if sentences == 0 {
			sentences = 1
		}
		g := 0.39*float64(m.Words)/float64(sentences) + 11.8*float64(syllables)/float64(m.Words) - 15.59
		m.Grade = math.Round(math.Max(0, g)*10) / 10
	}
	m.ReaderRatio = 0.5
	if n := m.ReaderWords + m.WriterWords; n > 0 {
		m.ReaderRatio = math.Round(float64(m.ReaderWords)/float64(n)*100) / 100
	}
	a.metrics, a.tokenSignals, a.numbers = m, sig, numbers
}

// countSyllables estimates the syllables of an English word by its vowel
// groups, the usual heuristic for readability formulas.
func countSyllables(w string) int {
	if isDigits(w) {
		return 1
	}
	// Only ASCII vowels count, so the bytes can be read directly: a byte of
	// a multi-byte rune is never one of them.
	n, prevVowel := 0, false
	for i := 0; i < len(w); i++ {
		v := false
		switch w[i] {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			v = true
		}
		if v && !prevVowel {
			n++
		}
		prevVowel = v
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && n > 1 {
		n--
	}
	if n == 0 {
		n = 1
	}
	return n
}

// linksIn counts the links in body (occurrences of "http://", "https://"
// and "www.", a "://www." counted once) and reports whether it shows a
// link at all, capitals included ("HTTP", "WWW."). Most messages have no
// "://" and few full stops, so it looks for those first instead of
// searching the whole body once per form.
func linksIn(body string) (n int, any bool) {
	scheme := false // "http://" or "https://"
	if strings.Contains(body, "://") {
		http, https := strings.Count(body, "http://"), strings.Count(body, "https://")
		n, scheme = http+https-strings.Count(body, "://www."), http+https > 0
	}
	www, wwwUpper := 0, false
	for i := 0; ; {
		dot := strings.IndexByte(body[i:], '.')
		if dot < 0 {
			break
		}
		i += dot + 1
		if i >= 4 {
			switch body[i-4 : i-1] {
			case "www":
				www++
			case "WWW":
				wwwUpper = true
			}
		}
	}
	return n + www, scheme || www > 0 || wwwUpper || strings.Contains(body, "HTTP")
}
