package rules

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The text model as it was before the tokenizer's fast paths (byte classes,
// sentence ranges kept as they go, the one-pass line facts): the fuzz test
// below checks that the fast model gives exactly the Text this one does.

func refAnalyzeText(t *Text, text string, dict *dictionary) {
	if len(text) > maxTextBytes {
		cut := maxTextBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	*t = Text{
		Raw: text, Greeting: -1, SignOff: -1, dict: dict,
		Tokens: t.Tokens[:0], Sentences: t.Sentences[:0], Paragraphs: t.Paragraphs[:0],
		Lines: t.Lines[:0], lineStarts: t.lineStarts[:0], lineFacts: t.lineFacts[:0], pending: t.pending[:0],
	}
	refSplitLines(t)
	refFindFrame(t)
	refTokenize(t, dict)
}

func refTokenize(t *Text, dict *dictionary) {
	s := t.Raw
	sentence := 0
	endSentence := false
	if want := len(s)/4 + 4; cap(t.Tokens) < want {
		t.Tokens = make([]Token, 0, want)
	}
	i := 0
	li := 0      // the line of byte i
	lowered := 0 // bytes of the words left to lower-case (see lowerPending)
	// body says whether a token starting at byte i is in the body (see
	// findFrame), as far as its line goes.
	body := func(i int) bool {
		return i >= t.BodyStart && i < t.BodyEnd && t.lineFacts[li]&lineQuoted == 0
	}
	for i < len(s) {
		if s[i] == ' ' {
			i++ // the commonest byte between tokens
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == '\n':
			// A blank line ends a sentence; so does a line break after
			// a greeting-like short line, handled by the blank-line rule
			// and by explicit punctuation.
			if next := li + 1; next < len(t.lineFacts) && t.lineFacts[next]&(lineBlank|lineBroken) == lineBlank|lineBroken {
				endSentence = true
			}
			if li < len(t.lineFacts) && t.lineFacts[li]&lineEnds != 0 { // none when only tokenizing
				endSentence = true
			}
			li++
			i += size
		case isWordRune(r) || (isCurrency(r) && i+size < len(s) && s[i+size] >= '0' && s[i+size] <= '9'):
			// While the word is read, its dictionary hash is worked out
			// (foldHash) as long as it is plain ASCII, which spares the
			// lookup a second pass over it.
			start := i
			h, plain, upper := uint32(fnvOffset), r < utf8.RuneSelf, false
			if plain {
				if 'A' <= r && r <= 'Z' {
					upper, r = true, r+'a'-'A'
				}
				h = (h ^ uint32(r)) * fnvPrime
			}
			i += size
			for i < len(s) {
				if c := s[i]; 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
					h = (h ^ uint32(c)) * fnvPrime
					i++ // ASCII lower-case letters and digits: the common case
					continue
				} else if 'A' <= c && c <= 'Z' {
					h = (h ^ uint32(c+'a'-'A')) * fnvPrime
					upper = true
					i++
					continue
				}
				if c := s[i]; c < utf8.RuneSelf && c != '\'' && c != '`' && c != '.' && c != ':' && c != ',' {
					break // a space or a mark that never joins: the word ends
				}
				r2, sz2 := utf8.DecodeRuneInString(s[i:])
				if isWordRune(r2) {
					plain = false
					i += sz2
					continue
				}
				// Internal apostrophe (don't, we're), or digit separators
				// (3.5, 10:30, 1,000) joined when followed by a word rune.
				if i+sz2 < len(s) {
					next, _ := utf8.DecodeRuneInString(s[i+sz2:])
					fr := foldRune(r2)
					joined := fr == '\'' && unicode.IsLetter(next)
					if !joined && (r2 == '.' || r2 == ':' || r2 == ',') {
						prev, _ := utf8.DecodeLastRuneInString(s[:i])
						joined = unicode.IsDigit(prev) && unicode.IsDigit(next)
					}
					if joined {
						if r2 == '\'' || r2 == '.' || r2 == ':' || r2 == ',' {
							h = (h ^ uint32(r2)) * fnvPrime
						} else {
							plain = false // a typographic apostrophe, or `
						}
						i += sz2
						continue
					}
				}
				break
			}
			// "20%" is one number token.
			if i < len(s) && s[i] == '%' && s[i-1] >= '0' && s[i-1] <= '9' {
				h = (h ^ '%') * fnvPrime
				i++
			}
			if endSentence {
				if len(t.Tokens) > 0 { // the first sentence is number 0, blank lines before it or not
					sentence++
				}
				endSentence = false
			}
			var norm string
			var info wordInfo
			if plain {
				var known bool
				if info, known = refProbe(dict, s[start:i], nonZero(h), upper); known {
					norm = info.norm
				} else if upper {
					// Lower-cased after the loop, with every other such word,
					// into one string (see lowerPending).
					lowered += i - start
					t.pending = append(t.pending, int32(len(t.Tokens)))
				} else {
					norm = s[start:i]
				}
			} else {
				norm, info = refLookupWord(s[start:i], dict)
			}
			flags := info.flags
			if c := s[start]; (c < 'a' || c > 'z') && isNumberToken(norm) { // a word in lower case is no number
				flags |= flagNumeral
			}
			t.addToken(norm, start, i, sentence, false, body(start), flags, info.id, info.syllables)
		case isPunctToken(r):
			start := i
			i += size
			// Runs like "?!" or "..." are one token.
			for i < len(s) {
				r2, sz2 := utf8.DecodeRuneInString(s[i:])
				if !isPunctToken(r2) || r2 == ',' || r2 == ';' || r2 == ':' {
					break
				}
				i += sz2
			}
			norm, info := refLookupWord(s[start:i], dict)
			if endSentence {
				if len(t.Tokens) > 0 { // the first sentence is number 0, blank lines before it or not
					sentence++
				}
				endSentence = false
			}
			t.addToken(norm, start, i, sentence, true, body(start), 0, info.id, 0)
			if strings.ContainsAny(norm, ".?!\u2026") && !refAbbreviationBefore(t.Tokens, s) {
				endSentence = true
			}
		default:
			i += size
		}
	}
	if lowered > 0 {
		refLowerPending(t, lowered)
	}
	// Sentence ranges: sentences are numbered from 0 in token order, so
	// each starts where the number changes.
	start := 0
	for k := 1; k <= len(t.Tokens); k++ {
		if k == len(t.Tokens) || t.Tokens[k].Sentence != t.Tokens[start].Sentence {
			t.Sentences = append(t.Sentences, [2]int{start, k})
			start = k
		}
	}
}

func refLowerPending(t *Text, n int) {
	var b strings.Builder
	b.Grow(n)
	for _, k := range t.pending {
		tok := &t.Tokens[k]
		for _, c := range []byte(t.Raw[tok.Start:tok.End]) {
			b.WriteByte(lowerASCII(c))
		}
	}
	all := b.String()
	for _, k := range t.pending {
		tok := &t.Tokens[k]
		n := tok.End - tok.Start
		tok.Norm, all = all[:n], all[n:]
		if isNumberToken(tok.Norm) {
			tok.flags |= flagNumeral
		}
	}
}

func refLineEndsSentence(line string) bool {
	if line == "" {
		return false
	}
	if strings.HasSuffix(line, ",") {
		return true // "Hi Sam," and "Best," end their line's sentence.
	}
	words, inWord := 0, false
	for i := 0; i < len(line) && words <= 3; i++ {
		sp := line[i] == ' ' || line[i] == '\t'
		if !sp && !inWord {
			words++
		}
		inWord = !sp
	}
	return words <= 3
}

func refAbbreviationBefore(toks []Token, raw string) bool {
	n := len(toks)
	if n < 2 || toks[n-1].Norm != "." {
		return false
	}
	prev := toks[n-2]
	if prev.Punct || prev.End != toks[n-1].Start {
		return false
	}
	if prev.Norm != "" {
		return refAbbreviations[prev.Norm]
	}
	var buf [4]byte // longer than any abbreviation
	w := raw[prev.Start:prev.End]
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		buf[i] = lowerASCII(w[i])
	}
	return refAbbreviations[string(buf[:len(w)])]
}

func refSplitLines(t *Text) {
	s := t.Raw
	start := 0
	for {
		t.lineStarts = append(t.lineStarts, start)
		j := strings.IndexByte(s[start:], '\n')
		if j < 0 {
			t.Lines = append(t.Lines, Line{start, len(s)})
			break
		}
		t.Lines = append(t.Lines, Line{start, start + j})
		start += j + 1
	}
	for _, l := range t.Lines {
		var f lineFact
		line := s[l.Start:l.End]
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), ">") {
			f |= lineQuoted
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			f |= lineBlank
		}
		if l.End < len(s) {
			f |= lineBroken
			if refLineEndsSentence(trimmed) {
				f |= lineEnds
			}
		}
		t.lineFacts = append(t.lineFacts, f)
	}
	// Paragraphs: runs of non-blank lines.
	pstart := -1
	for k, l := range t.Lines {
		blank := t.lineFacts[k]&lineBlank != 0
		if !blank && pstart < 0 {
			pstart = l.Start
		}
		if blank && pstart >= 0 {
			t.Paragraphs = append(t.Paragraphs, [2]int{pstart, l.Start})
			pstart = -1
		}
	}
	if pstart >= 0 {
		t.Paragraphs = append(t.Paragraphs, [2]int{pstart, len(s)})
	}
}

func refFindFrame(t *Text) {
	s := t.Raw
	first := -1
	for i := range t.Lines {
		if t.lineFacts[i]&lineBlank == 0 {
			first = i
			break
		}
	}
	if first >= 0 {
		line := Normalize(s[t.Lines[first].Start:t.Lines[first].End])
		words := strings.FieldsFunc(line, func(r rune) bool { return !isWordRune(r) && r != '\'' })
		if len(words) > 0 && len(words) <= 5 && greetingWords[words[0]] && (len(t.Lines) > first+1) {
			t.Greeting = first
		}
	}
	looked := 0
	for i := len(t.Lines) - 1; i >= 0 && i > t.Greeting && looked < 6; i-- {
		l := t.Lines[i]
		if l.End-l.Start > 40 {
			looked++
			continue // a sign-off is a short line
		}
		line := strings.TrimRight(Normalize(s[l.Start:l.End]), ",.!- ")
		if line == "" {
			continue
		}
		looked++
		for _, so := range signOffs {
			if line == so {
				// Only a sign-off near the end: at most 4 non-blank lines follow.
				rest := 0
				for _, f := range t.lineFacts[i+1:] {
					if f&lineBlank == 0 {
						rest++
					}
				}
				if rest <= 4 {
					t.SignOff = i
				}
			}
		}
		if t.SignOff >= 0 {
			break
		}
	}
	t.BodyStart, t.BodyEnd = 0, len(s)
	if t.Greeting >= 0 {
		t.BodyStart = t.Lines[t.Greeting].End
	}
	if t.SignOff >= 0 {
		t.BodyEnd = t.Lines[t.SignOff].Start
	}
	if t.BodyEnd < t.BodyStart {
		t.BodyEnd = t.BodyStart
	}
}

func refProbe(d *dictionary, s string, h uint32, fold bool) (wordInfo, bool) {
	for i := h & d.mask; ; i = (i + 1) & d.mask {
		slot := &d.slots[i]
		switch slot.hash {
		case 0:
			return wordInfo{}, false
		case h:
			info := &slot.info
			if len(info.norm) == len(s) && (!fold && info.norm == s || fold && equalFoldASCII(info.norm, s)) {
				return *info, true
			}
		}
	}
}

func refLookupWord(w string, dict *dictionary) (string, wordInfo) {
	upper := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || c == '`' {
			n := Normalize(w)
			return n, dict.words[n]
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if info, ok := refProbe(dict, w, foldHash(w), true); ok {
		return info.norm, info
	}
	if upper {
		return strings.ToLower(w), wordInfo{}
	}
	return w, wordInfo{}
}

func refAnalyze(text string, dict *dictionary) *Text {
	t := &Text{}
	refAnalyzeText(t, text, dict)
	return t
}

// FuzzTextAgainstReference: Analyze gives the same Text as the reference
// model above, for any input.
func FuzzTextAgainstReference(f *testing.F) {
	for _, s := range []string{"", "\n\n", "Hi Sam,\n\nJust checking in. Any update?\n\nBest,\nDana", "> quoted\n  > too\nshort",
		"Don't DON'T don’t we`re 3.5 10:30 1,000 $40 €40 20% 1st ZOË Zoë's I'M I’m O'Neil x-ray e.g. U.S. 3x 2pm 1ST",
		"Dr. Who vs. Mr. X, e.g. this… and that?! ... ？！ etc.\r\n\v> x\n\u00a0\n Hi\tthere you all\n", "\xff\xfeact now", "a\u0301b 𝔘 ½ ² ٣"} {
		f.Add(s)
	}
	f.Add(corpusMessage(f, 4<<10))
	dicts := []*dictionary{lexiconWords, builtinEngine(f).matcher.flat.dict}
	f.Fuzz(func(t *testing.T, text string) {
		for _, dict := range dicts {
			got, want := analyzeWith(text, dict), refAnalyze(text, dict)
			if !reflect.DeepEqual(emptyAsNil(*got), emptyAsNil(*want)) {
				t.Fatalf("Text of %q:\n got %+v\nwant %+v", text, *got, *want)
			}
			tk, rk := &Text{Raw: text}, &Text{Raw: text}
			tk.tokenize(dict)
			refTokenize(rk, dict)
			if !reflect.DeepEqual(emptyAsNil(*tk), emptyAsNil(*rk)) {
				t.Fatalf("tokens only of %q differ", text)
			}
		}
	})
}

var refAbbreviations = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "e.g": true, "i.e": true, "etc": true, "vs": true, "inc": true, "st": true, "jr": true, "sr": true, "e": true, "i": true, "g": true}
