package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// rewriteKind is a phrase rule whose point is its rewrite: it must have
// replacements and at least one exact rewrite example.
type rewriteKind struct{}

func (rewriteKind) compile(c *compiled, m *matcher) []Problem {
	probs := compilePatterns(c, m)
	if len(c.Replacements) == 0 {
		probs = append(probs, Problem{Field: "replacements", Message: "a rewrite rule needs at least one replacement (use kind: phrase to only flag)"})
	}
	if len(c.Examples.Rewrite) == 0 {
		probs = append(probs, Problem{Field: "examples.rewrite", Message: "a rewrite rule needs at least one {in, out} example"})
	}
	return probs
}

func (rewriteKind) find(c *compiled, a *analysis, out []Finding) []Finding {
	return patternFindings(c, a, out)
}

// expandCaptures replaces $1..$9 and ${n} in tmpl with capture(n); $$ is a
// dollar sign.
func expandCaptures(tmpl string, capture func(int) string) string {
	if !strings.Contains(tmpl, "$") {
		return tmpl
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 32) // room for a capture or two: one allocation
	for i := 0; i < len(tmpl); i++ {
		ch := tmpl[i]
		if ch == '$' {
			switch n, width := captureRef(tmpl[i:]); {
			case n > 0:
				b.WriteString(capture(n))
				i += width - 1
				continue
			case width == 2: // "$$": one dollar sign
				i++
			}
		}
		// One place that writes a byte: the builder's writes are inlined,
		// and every copy of them grew the per-tab WebAssembly.
		b.WriteByte(ch)
	}
	return b.String()
}

// captureRef reads the reference at the start of s, which starts with '$':
// for $1..$9 and ${n} (n > 0) it returns n and the reference's width in
// bytes; for "$$", 0 and 2; for a '$' that starts no reference, 0 and 1.
func captureRef(s string) (n, width int) {
	if len(s) < 2 {
		return 0, 1
	}
	switch next := s[1]; {
	case next == '$':
		return 0, 2
	case next >= '1' && next <= '9':
		return int(next - '0'), 2
	case next == '{':
		end := strings.IndexByte(s, '}')
		if end <= 2 {
			return 0, 1 // no '}', or "${}"
		}
		for _, d := range s[2:end] {
			if d < '0' || d > '9' {
				return 0, 1
			}
			n = n*10 + int(d-'0')
		}
		if n <= 0 {
			return 0, 1
		}
		return n, end + 1
	}
	return 0, 1
}

// maxCaptureRef is the highest $n a replacement refers to.
func maxCaptureRef(tmpl string) int {
	max := 0
	expandCaptures(tmpl, func(n int) string {
		if n > max {
			max = n
		}
		return ""
	})
	return max
}

// Suggestions keep the case of the matched text (caseOf, then apply):
//   - a match in capitals stays loud only when loud is set (KeepLoud);
//     otherwise it reads as a sentence start;
//   - a match that starts a sentence gives a replacement starting with a
//     capital;
//   - a match starting with a capital mid-sentence keeps it, unless its first
//     word is "I" (which is capital anywhere, so says nothing);
//   - otherwise the replacement starts in lower case, unless its first word
//     is "I", a name of a day or month, or an acronym.

// matchCase is what apply needs to know about a match's letters, worked
// out once for all of a finding's replacements.
type matchCase struct {
	letters bool // it has a letter at all
	loud    bool // all capitals, two letters or more, and not "I…"
	capital bool // its first letter is a capital, and it is not "I…"
}

// caseOf reads match's case. It stops at the first letter that is not a
// capital after the first letter: the match is then not loud, and nothing
// further changes the answer.
func caseOf(match string) matchCase {
	letters := 0
	var first rune = -1
	for _, r := range match {
		var letter, isUpper bool
		if r < utf8.RuneSelf { // ASCII: no table lookups
			letter, isUpper = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z', 'A' <= r && r <= 'Z'
		} else {
			letter, isUpper = unicode.IsLetter(r), unicode.IsUpper(r)
		}
		if !letter {
			continue
		}
		if first < 0 {
			first = r
		}
		letters++
		if !isUpper {
			return matchCase{letters: true, capital: unicode.IsUpper(first) && !isIWord(match)}
		}
	}
	if first < 0 {
		return matchCase{}
	}
	i := isIWord(match)
	return matchCase{letters: true, loud: letters >= 2 && !i, capital: !i}
}

// apply gives replacement repl the case described above for a match of
// case m; sentenceStart says the match starts a sentence. f, when not nil,
// holds repl's forms worked out beforehand (formsOf).
func (m matchCase) apply(repl string, f *replForms, loud, sentenceStart bool) string {
	if repl == "" || !m.letters {
		return repl
	}
	if m.loud {
		if loud {
			return strings.ToUpper(repl)
		}
	} else if !sentenceStart && !m.capital {
		if f != nil {
			return f.mid
		}
		if keepsCapital(repl) {
			return repl
		}
		return lowerFirst(repl)
	}
	if f != nil {
		return f.upper
	}
	return upperFirst(repl)
}

// replForms are the two forms apply gives a replacement whatever the match
// (loud matches with KeepLoud apart): with a capital, and as it reads
// mid-sentence. A rule's replacements are mostly fixed text, so the engine
// works them out once, when it compiles the rule, instead of once per
// finding.
type replForms struct {
	upper, mid string
	// _ makes replForms incomparable: no equality function is generated
	// for it, which grew the per-tab WebAssembly.
	_ [0]func()
}

// formsOf returns the forms of each replacement in repls, as apply gives
// them when it has none.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func formsOf(repls []string) []replForms {
	if len(repls) == 0 {
		return nil
	}
	capital, mid := matchCase{letters: true, capital: true}, matchCase{letters: true}
	forms := make([]replForms, len(repls))
	for i, r := range repls {
		forms[i].upper, forms[i].mid = capital.apply(r, nil, false, false), mid.apply(r, nil, false, false)
	}
	return forms
}

// isIWord reports whether s starts with the word "I" or a contraction of it.
func isIWord(s string) bool {
	i := firstLetterIndex(s)
	if i < 0 || (s[i] != 'I' && s[i] != 'i') {
		return false
	}
	rest := s[i+1:]
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// startsSentence reports whether byte offset off of raw begins a sentence:
// only spaces, quotes or brackets stand between it and the start of the
// text, a line break, or a sentence-ending mark.
func startsSentence(raw string, off int) bool {
	for off > 0 {
		r, size := utf8.DecodeLastRuneInString(raw[:off])
		switch {
		case r == '\n' || r == '.' || r == '!' || r == '?' || r == '\u2026':
			return true
		case r == ' ' || r == '\t' || r == '\r' || r == '"' || r == '\'' || r == '(' || r == '\u201c' || r == '\u2018' || r == '*' || r == '\u00a0':
			off -= size
		default:
			return false
		}
	}
	return true
}

func firstLetterIndex(s string) int {
	for i, r := range s {
		if unicode.IsLetter(r) {
			return i
		}
	}
	return -1
}

func upperFirst(s string) string {
	i := firstLetterIndex(s)
	if i < 0 {
		return s
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if u := unicode.ToUpper(r); u != r {
		return s[:i] + string(u) + s[i+n:]
	}
	return s // already a capital: no copy
}

func lowerFirst(s string) string {
	i := firstLetterIndex(s)
	if i < 0 {
		return s
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if l := unicode.ToLower(r); l != r {
		return s[:i] + string(l) + s[i+n:]
	}
	return s // already lower case: no copy
}

// keepsCapital reports whether the first word of s keeps its capital in the
// middle of a sentence.
func keepsCapital(s string) bool {
	i := firstLetterIndex(s)
	if i < 0 {
		return false
	}
	word := s[i:]
	if j := strings.IndexFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }); j >= 0 {
		word = word[:j]
	}
	norm := Normalize(word)
	if norm == "i" || strings.HasPrefix(norm, "i'") || flagsOf(norm)&(flagWeekday|flagMonth)&^flagRelativeDay != 0 && flagsOf(norm)&flagRelativeDay == 0 {
		return word != strings.ToLower(word)
	}
	caps := 0
	for _, r := range word {
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return caps >= 2
}
