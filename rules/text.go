package rules

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word, number or punctuation mark of a text, with its byte span
// in the original (un-normalised) input.
type Token struct {
	// Norm is the normalised form used for matching: lower case, typographic
	// apostrophes and quotes folded to ASCII.
	Norm string
	// Start and End are UTF-8 byte offsets into the original text.
	Start, End int32
	// Sentence is the index of the sentence the token belongs to.
	Sentence int32
	// Punct reports whether the token is a punctuation mark.
	Punct bool
	// Body reports whether the token is in the body (see Text.InBody).
	Body bool
	// flags is what the lexicon knows about Norm and word the number of Norm
	// in the engine's trie (0: none); both come from one dictionary lookup.
	flags wordFlag
	word  int32
	// syllables is Norm's syllable count when the dictionary knows it, else
	// 0 (see countSyllables).
	syllables uint8
}

// Line is one line of the text with its byte span (End excludes the newline).
type Line struct {
	Start, End int
}

// Text is the analysed form of a message: tokens, sentences, paragraphs and
// the greeting and sign-off lines that metrics leave out.
type Text struct {
	// Raw is the original input.
	Raw    string
	Tokens []Token
	// Sentences holds, per sentence, the index range [first, last+1) into Tokens.
	Sentences [][2]int
	// Paragraphs holds the byte spans of blank-line separated paragraphs.
	Paragraphs [][2]int
	Lines      []Line
	// Greeting and SignOff are line indexes into Lines, or -1 when absent.
	Greeting, SignOff int
	// BodyStart and BodyEnd bound the body in bytes: the text without the
	// greeting line, the sign-off and everything after it, and quoted lines.
	BodyStart, BodyEnd int
	lineStarts         []int
	// pending lists the tokens left for lowerPending.
	pending []int32
	// lineFacts holds per line what splitLines found out (lineQuoted…).
	lineFacts []lineFact
	// dict is the dictionary the tokens' words were looked up in.
	dict *dictionary
}

// foldRune maps typographic variants to the ASCII form used for matching.
func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u02bc', '\u2032', '`', '\u00b4':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u2033':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
		return '-'
	case '\u00a0', '\u2007', '\u202f', '\u2009', '\u200a':
		return ' '
	case '\uff1f':
		return '?'
	case '\uff01':
		return '!'
	}
	return unicode.ToLower(r)
}

// Normalize folds case, apostrophes, quotes, dashes and spaces of s and
// collapses runs of white space to one space. It is what patterns and tokens
// are compared on.
func Normalize(s string) string {
	if n, ok := normalizeASCII(s); ok {
		return n
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = foldRune(r)
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// normalizeASCII is Normalize's fast path for ASCII text without runs of
// white space: it returns s itself when nothing changes.
func normalizeASCII(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80 || c == '`':
			return "", false
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return "", false
			}
		case c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			return "", false
		case c >= 'A' && c <= 'Z':
			upper = true
		}
	}
	if upper {
		return strings.ToLower(s), true
	}
	return s, true
}

func isCurrency(r rune) bool {
	return r == '$' || r == '\u20ac' || r == '\u00a3' || r == '\u00a5'
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// The classes of bytes that tokenize tells apart with one look-up in
// byteClasses, sparing the commonest bytes the tests of isWordRune,
// isCurrency and isPunctToken (and a call). Bytes from 0x80 on are
// classNonASCII until their rune is decoded and sorted by runeClass. Each
// class is a digit, so that byteClasses can be written as a string.
const (
	classOther      uint8 = '0' + iota
	classSpace            // ' '
	classNewline          // '\n'
	classPunct            // a token of its own that never joins a word: ? ! ;
	classCurrency         // '$', the start of a word when a digit follows
	classLower            // a word rune: a-z, 0-9 (or a non-ASCII one)
	classUpper            // A-Z
	classApostrophe       // ' and `: from here on, bytes a word may go on over (don't)
	classSeparator        // . : and , (3.5, 10:30, 1,000), else marks
	classNonASCII         // 0x80 and up
)

// byteClasses is the class of every byte (byteClasses[c] for byte c), 16
// bytes a row. A string, not an array built at start-up: no code in the
// wasm for it (TestByteClasses checks it).
const byteClasses = "" +
	"0000000000200000" + // 0x00: '\n'
	"0000000000000000" + // 0x10
	"1300400700008080" + // 0x20: ' ' ! $ ' , .
	"5555555555830003" + // 0x30: 0-9 : ; ?
	"0666666666666666" + // 0x40: A-O
	"6666666666600000" + // 0x50: P-Z
	"7555555555555555" + // 0x60: ` a-o
	"5555555555500000" + // 0x70: p-z
	"9999999999999999" + "9999999999999999" + "9999999999999999" + "9999999999999999" + // 0x80-0xbf
	"9999999999999999" + "9999999999999999" + "9999999999999999" + "9999999999999999" // 0xc0-0xff

// runeClass sorts rune r, followed by the text rest, for tokenize: the
// start of a word (classLower: a word rune, or a currency sign before a
// digit), a punctuation token (classPunct) or neither (classOther).
func runeClass(r rune, rest string) uint8 {
	switch {
	case isWordRune(r) || isCurrency(r) && rest != "" && rest[0] >= '0' && rest[0] <= '9':
		return classLower
	case isPunctToken(r):
		return classPunct
	}
	return classOther
}

// sentencePunct are the marks that are tokens of their own and may end a
// sentence.
func isPunctToken(r rune) bool {
	switch r {
	case '?', '!', '.', ',', ';', ':', '\uff1f', '\uff01', '\u2026':
		return true
	}
	return false
}

// MaxTextBytes is the longest text analysed: tokens keep their offsets in
// 32 bits. Of a longer text, the first MaxTextBytes bytes (to the last whole
// character) are analysed.
const MaxTextBytes = math.MaxInt32

// maxTextBytes is MaxTextBytes, lowered by tests.
var maxTextBytes = MaxTextBytes

// Analyze tokenises text and finds its sentences, paragraphs, greeting and
// sign-off. It never fails: any UTF-8 (or invalid UTF-8) input gives a Text.
func Analyze(text string) *Text {
	return analyzeWith(text, lexiconWords)
}

// analyzeWith is Analyze with the tokens' words looked up in dict (an
// engine's dictionary numbers the words of its trie as well).
func analyzeWith(text string, dict *dictionary) *Text {
	t := &Text{}
	t.analyze(text, dict)
	return t
}

// analyze makes t the analysis of text, reusing the memory of t's slices
// (an engine keeps Texts for reuse, so that analysing a message as the
// person types allocates little).
func (t *Text) analyze(text string, dict *dictionary) {
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
	t.splitLines()
	t.findFrame()
	t.tokenize(dict)
}

// lineFact is a set of facts about one line of a text.
type lineFact uint8

const (
	lineQuoted lineFact = 1 << iota // it starts with ">" (after spaces)
	lineBlank                       // only white space
	lineBroken                      // a line break ends it (it is not the last line)
	lineEnds                        // it ends its sentence (see lineEndsSentence)
)

// addToken appends a token, writing its fields in place: a Token built
// apart and copied in costs a second write of it, and a bulk write barrier
// while the garbage collector runs.
func (t *Text) addToken(norm string, start, end, sentence int, punct, body bool, flags wordFlag, word int32, syllables uint8) {
	n := len(t.Tokens)
	if n == cap(t.Tokens) {
		t.Tokens = append(t.Tokens, Token{})
	} else {
		t.Tokens = t.Tokens[:n+1]
	}
	tk := &t.Tokens[n]
	tk.Start, tk.End, tk.Sentence = int32(start), int32(end), int32(sentence)
	tk.Punct, tk.Body, tk.flags, tk.word, tk.syllables = punct, body, flags, word, syllables
	// Norm, the one pointer, last: before the other fields, its write
	// barrier check made the compiler reload more of them from the stack
	// (measured: some 6 instructions a token).
	tk.Norm = norm
}

func (t *Text) tokenize(dict *dictionary) {
	s := t.Raw
	endSentence := false
	if want := len(s)/4 + 4; cap(t.Tokens) < want {
		t.Tokens = make([]Token, 0, want)
	}
	i := 0
	li := 0 // the line of byte i
	// body says whether the tokens of line li are in the body (InBody):
	// the body starts at a line's end and ends at a line's start (see
	// findFrame), so a line's tokens are in it if its start is.
	body := t.lineInBody(0, 0)
	for i < len(s) {
		class := byteClasses[s[i]]
		if class == classSpace {
			i++ // the commonest byte between tokens
			continue
		}
		r, size := rune(s[i]), 1
		switch class {
		case classNonASCII:
			r, size = utf8.DecodeRuneInString(s[i:])
			class = runeClass(r, s[i+size:])
		case classCurrency:
			class = runeClass(r, s[i+size:])
		}
		switch class {
		case classNewline:
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
			body = t.lineInBody(li, i)
		case classLower, classUpper:
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
				// ASCII lower-case letters and digits, the common case, in
				// a loop of their own, which changes only i and h: the
				// compiler keeps it in registers (it stored plain and upper
				// at every byte of the one loop for all cases).
				for i < len(s) && ('a' <= s[i] && s[i] <= 'z' || '0' <= s[i] && s[i] <= '9') {
					h = (h ^ uint32(s[i])) * fnvPrime
					i++
				}
				if i == len(s) {
					break
				}
				if c := s[i]; 'A' <= c && c <= 'Z' {
					h = (h ^ uint32(c+'a'-'A')) * fnvPrime
					upper = true
					i++
					continue
				}
				if byteClasses[s[i]] < classApostrophe {
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
				t.endSentence()
				endSentence = false
			}
			// info points at what the dictionary knows (read only), so
			// that its fields are read where needed, not copied first.
			norm, info := "", &noWord
			if plain {
				if known := dict.probe(s[start:i], nonZero(h)); known != nil {
					norm, info = known.norm, known
				} else if upper {
					// Lower-cased after the loop, with every other such word,
					// into one string (see lowerPending).
					t.pending = append(t.pending, int32(len(t.Tokens)))
				} else {
					norm = s[start:i]
				}
			} else {
				var w wordInfo
				norm, w = lookupWord(s[start:i], dict)
				info = &w
			}
			flags := info.flags
			// A word starting with a letter is no number: its norm starts
			// with a lower-case letter (or is left to lowerPending).
			if c := s[start]; (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && isNumberToken(norm) {
				flags |= flagNumeral
			}
			t.addToken(norm, start, i, len(t.Sentences), false, body, flags, info.id, info.syllables)
			if i < len(s) && s[i] == ' ' {
				i++ // the space after a word, the commonest, spared a turn of the loop
			}
		case classPunct, classSeparator:
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
			var norm string
			var info wordInfo
			var ends bool // it may end the sentence: it holds . ? ! or …
			if c := s[start]; i == start+1 {
				// One ASCII mark, the commonest case: looked up with its
				// foldHash, one step, and told apart by its byte.
				norm = s[start:i]
				if known := dict.probe(norm, nonZero((fnvOffset^uint32(c))*fnvPrime)); known != nil {
					norm, info = known.norm, *known
				}
				ends = c == '.' || c == '?' || c == '!'
			} else {
				norm, info = lookupWord(s[start:i], dict)
				ends = strings.ContainsAny(norm, ".?!\u2026")
			}
			if endSentence {
				t.endSentence()
				endSentence = false
			}
			t.addToken(norm, start, i, len(t.Sentences), true, body, 0, info.id, 0)
			if ends && !abbreviationBefore(t.Tokens, s) {
				endSentence = true
			}
		default:
			i += size
		}
	}
	if len(t.pending) > 0 {
		t.lowerPending()
	}
	t.endSentence()
}

// lineInBody reports whether line li, which starts at byte start, is in
// the body and not quoted.
func (t *Text) lineInBody(li, start int) bool {
	return start >= t.BodyStart && start < t.BodyEnd && t.lineFacts[li]&lineQuoted == 0
}

// endSentence ends the sentence being read, if it has a token (blank lines
// before the first one or not, the first sentence is number 0): its token
// range goes to t.Sentences, whose length is thus the number of the
// sentence a token added next belongs to.
func (t *Text) endSentence() {
	first := 0
	if k := len(t.Sentences); k > 0 {
		first = t.Sentences[k-1][1]
	}
	if n := len(t.Tokens); n > first {
		t.Sentences = append(t.Sentences, [2]int{first, n})
	}
}

// lowerPending gives the word tokens left without a normalised form (plain
// ASCII words with capitals the dictionary does not hold; t.pending) their
// lower-cased text, all made as one string: one allocation, not one per
// name.
func (t *Text) lowerPending() {
	n := int32(0)
	for _, k := range t.pending {
		n += t.Tokens[k].End - t.Tokens[k].Start
	}
	var b strings.Builder
	b.Grow(int(n))
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

// lineFactsOf returns the facts about line, which a line break ends when
// broken is set.
func lineFactsOf(line string, broken bool) lineFact {
	var f lineFact
	j := 0 // quoted: ">" after spaces and tabs
	for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
		j++
	}
	if j < len(line) && line[j] == '>' {
		f |= lineQuoted
	}
	trimmed := strings.TrimSpace(line[j:]) // line[:j] is white space too
	if trimmed == "" {
		f |= lineBlank
	}
	if broken {
		f |= lineBroken
		if lineEndsSentence(trimmed) {
			f |= lineEnds
		}
	}
	return f
}

// noWord is what is known of a word no dictionary holds: nothing. (Read
// only.)
var noWord wordInfo

// lineEndsSentence reports whether a line ended by a line break ends a
// sentence even without punctuation: a short line such as a greeting ("Hi
// Sam") or a list item. line is the line with white space trimmed.
func lineEndsSentence(line string) bool {
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

var abbreviations = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "e.g": true, "i.e": true, "etc": true, "vs": true, "inc": true, "st": true, "jr": true, "sr": true, "e": true, "i": true, "g": true}

// isAbbreviation reports whether normalised word w is an abbreviation that
// a '.' follows without ending the sentence. Most words are longer than
// any abbreviation and answered without hashing them.
func isAbbreviation(w string) bool {
	return len(w) <= 3 && abbreviations[w]
}

// abbreviationBefore reports whether the last token, a '.', follows an
// abbreviation such as "Dr" or "e.g", so that it does not end the sentence.
// A word whose normalised form is still to be made (see lowerPending) is
// lower-cased from raw, the text, here.
func abbreviationBefore(toks []Token, raw string) bool {
	n := len(toks)
	if n < 2 || toks[n-1].Norm != "." {
		return false
	}
	prev := toks[n-2]
	if prev.Punct || prev.End != toks[n-1].Start {
		return false
	}
	if prev.Norm != "" {
		return isAbbreviation(prev.Norm)
	}
	var buf [4]byte // longer than any abbreviation
	w := raw[prev.Start:prev.End]
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		buf[i] = lowerASCII(w[i])
	}
	return isAbbreviation(string(buf[:len(w)]))
}

func (t *Text) splitLines() {
	s := t.Raw
	for start := 0; ; {
		end := len(s)
		if j := strings.IndexByte(s[start:], '\n'); j >= 0 {
			end = start + j
		}
		t.lineStarts = append(t.lineStarts, start)
		t.Lines = append(t.Lines, Line{start, end})
		t.lineFacts = append(t.lineFacts, lineFactsOf(s[start:end], end < len(s)))
		if end == len(s) {
			break
		}
		start = end + 1
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

var greetingWords = map[string]bool{"hi": true, "hello": true, "hey": true, "dear": true, "greetings": true, "morning": true, "afternoon": true, "evening": true, "good": true, "hiya": true, "yo": true}

var signOffs = []string{"best", "best regards", "kind regards", "regards", "warm regards", "warmly", "thanks", "thank you", "thanks again", "many thanks", "cheers", "sincerely", "yours", "yours truly", "all the best", "talk soon", "speak soon", "thanks so much", "with thanks", "take care", "respectfully", "cordially"}

// findFrame finds the greeting line, the sign-off line and the body span.
func (t *Text) findFrame() {
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

// InBody reports whether byte offset off lies in the body and not on a
// quoted ("> ") line.
func (t *Text) InBody(off int) bool {
	if off < t.BodyStart || off >= t.BodyEnd {
		return false
	}
	return t.lineFacts[t.lineOf(off)]&lineQuoted == 0
}

func (t *Text) lineOf(off int) int {
	lo, hi := 0, len(t.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// Position returns the 1-based line and column (in runes) of byte offset off.
func (t *Text) Position(off int) (line, col int) {
	li := t.lineOf(off)
	start := t.lineStarts[li]
	if off > len(t.Raw) {
		off = len(t.Raw)
	}
	return li + 1, utf8.RuneCountInString(t.Raw[start:off]) + 1
}
