package rules

import (
	"regexp"
	"regexp/syntax"
)

// A regex normally runs over a window with FindAll, which tries every
// position. On a long window that an anchored expression keeps whole (a
// pasted paragraph is one line, and "(?m)^…" or "…$" cannot be cut to the
// sentences around its literal) that is a scan of thousands of bytes per
// expression. Two facts about an expression let it try far fewer places,
// with exactly the matches FindAll would give:
//
//   - it begins with (?m)^: every match starts at a line start;
//   - its matches can only begin with one of a few punctuation or space
//     bytes (",", ".!?;:"): every match starts at one of them.
//
// At each such place the expression is matched anchored there, with the
// byte before as context (so ^, \b and the like see what they would see),
// and the next try starts after the match, as FindAll's does. Such an
// expression is run this way on every window, short ones included: a
// handful of anchored tries costs less than a scan of the window.

// starts says where an expression's matches can begin.
type starts struct {
	lineStarts bool       // only at line starts
	first      *[256]bool // only at these bytes (nil: anywhere)
	// anchored is the expression matched at the window's start, after is
	// it matched after one byte of context.
	anchored, after *lazyRegexp
}

// maxFirst is how many distinct bytes a match may begin with for the
// expression to be tried only at them.
const maxFirst = 8

// startsOf works out where matches of re (parsed from src) can begin, or
// returns nil when they can begin anywhere worth trying.
func startsOf(src string, re *syntax.Regexp) *starts {
	if nullable(re) {
		return nil // an empty match would need FindAll's rules for empty matches
	}
	s := &starts{
		anchored: &lazyRegexp{src: `\A(?:` + src + `)`},
		after:    &lazyRegexp{src: `\A(?s:.)(?:` + src + `)`},
	}
	if !parses(s.anchored.src) || !parses(s.after.src) {
		return nil // e.g. an unclosed \Q would swallow the closing parenthesis
	}
	lead := re
	for lead.Op == syntax.OpConcat && len(lead.Sub) > 0 || lead.Op == syntax.OpCapture {
		lead = lead.Sub[0]
	}
	if lead.Op == syntax.OpBeginLine {
		s.lineStarts = true
		return s
	}
	var set [256]bool
	if nullable, ok := firstBytes(re, &set); !ok || nullable {
		return nil
	}
	n := 0
	for b, in := range set {
		if in {
			n++
			if c := byte(b); 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				return nil // letters and digits are everywhere: no gain
			}
		}
	}
	if n == 0 || n > maxFirst {
		return nil
	}
	s.first = &set
	return s
}

// parses reports whether src is a valid expression, so that the lazily
// compiled variants of an expression can never fail when first used.
func parses(src string) bool {
	_, err := syntax.Parse(src, syntax.Perl)
	return err == nil
}

// nullable reports whether re can match an empty string somewhere: unlike
// matchesEmpty (the empty text), every zero-width assertion counts as
// possibly true, as it is at some position of some text.
func nullable(re *syntax.Regexp) bool {
	return emptyMatch(re, func(syntax.Op) bool { return true })
}

// firstBytes adds to set the bytes a match of re can begin with and reports
// whether re can match without consuming anything (zero-width assertions
// are passed through: they only narrow where a match starts). ok is false
// when a match can begin with a non-ASCII character or any character.
func firstBytes(re *syntax.Regexp, set *[256]bool) (nullable, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true, true
		}
		r := re.Rune[0]
		if r >= 0x80 {
			return false, false
		}
		if re.Flags&syntax.FoldCase != 0 && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false, false // letters (some fold to non-ASCII: K, ſ) are everywhere anyway
		}
		set[r] = true
		return false, true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1] >= 0x80 {
				return false, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				set[r] = true
			}
		}
		return false, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, true
	case syntax.OpCapture, syntax.OpPlus:
		return firstBytes(re.Sub[0], set)
	case syntax.OpStar, syntax.OpQuest:
		_, ok := firstBytes(re.Sub[0], set)
		return true, ok
	case syntax.OpRepeat:
		n, ok := firstBytes(re.Sub[0], set)
		return n || re.Min == 0, ok
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			n, ok := firstBytes(sub, set)
			if !ok {
				return false, false
			}
			if !n {
				return false, true
			}
		}
		return true, true
	case syntax.OpAlternate:
		nullable := false
		for _, sub := range re.Sub {
			n, ok := firstBytes(sub, set)
			if !ok {
				return false, false
			}
			nullable = nullable || n
		}
		return nullable, true
	}
	return false, false // any character, no match
}

// findAll returns the matches of the expression in raw[w[0]:w[1]] as
// FindAllStringSubmatchIndex on that window would (at most 64), with
// offsets in raw, trying only the places s allows.
func (s *starts) findAll(raw string, w [2]int) [][]int {
	var out [][]int
	last := w[0]
	for p := w[0]; p < w[1] && len(out) < 64; p++ {
		if p < last {
			continue
		}
		switch {
		case s.lineStarts:
			if p > w[0] && raw[p-1] != '\n' {
				continue
			}
		case !s.first[raw[p]]:
			continue
		}
		loc := s.matchAt(raw, w, p)
		if loc == nil {
			continue
		}
		out = append(out, loc)
		last = loc[1]
		p = loc[1] - 1 // matches are never empty: startsOf refuses nullable expressions
	}
	return out
}

// matchAt matches the expression anchored at p in window w, the byte
// before p (if in the window) serving as context, and returns the match
// with offsets in raw, or nil.
func (s *starts) matchAt(raw string, w [2]int, p int) []int {
	var re *regexp.Regexp
	from := p
	if p == w[0] {
		re = s.anchored.get()
	} else {
		re, from = s.after.get(), p-1
	}
	loc := re.FindStringSubmatchIndex(raw[from:w[1]])
	if loc == nil {
		return nil
	}
	if from < p {
		loc[0] = 1 // the context byte is not part of the match
	}
	for i := range loc {
		if loc[i] >= 0 {
			loc[i] += from
		}
	}
	return loc
}

// maxLength returns the most bytes a match of re can span, and false when
// that is unbounded or the expression holds a zero-width assertion (whose
// answer would depend on text outside a slice cut around a literal).
func maxLength(re *syntax.Regexp) (int, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += runeLenFold(r, re.Flags&syntax.FoldCase != 0)
		}
		return n, true
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return 0, true
		}
		return runeLenFold(re.Rune[len(re.Rune)-1], false), true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 4, true
	case syntax.OpEmptyMatch:
		return 0, true
	case syntax.OpCapture, syntax.OpQuest:
		return maxLength(re.Sub[0])
	case syntax.OpRepeat:
		if re.Max < 0 {
			return 0, false
		}
		n, ok := maxLength(re.Sub[0])
		return n * re.Max, ok
	case syntax.OpConcat, syntax.OpAlternate:
		total := 0
		for _, sub := range re.Sub {
			n, ok := maxLength(sub)
			if !ok {
				return 0, false
			}
			if re.Op == syntax.OpConcat {
				total += n
			} else if n > total {
				total = n
			}
		}
		return total, true
	}
	return 0, false // star, plus, assertions
}

// runeLenFold is the most bytes rune r (or, folding case, any rune it
// folds to) takes in UTF-8.
func runeLenFold(r rune, fold bool) int {
	if fold {
		switch {
		case r == 'k' || r == 'K':
			return 3 // K, the Kelvin sign
		case r == 's' || r == 'S':
			return 2 // ſ
		case r < 0x80:
			return 1
		}
		return 4
	}
	switch {
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r < 0x10000:
		return 3
	}
	return 4
}

// literalLead returns the literals one of which every match of an
// expression holds (as requiredLiterals does) together with the most bytes
// a match can span before that literal, when both are known. plain is the
// expression as written (the literals come from it) and folded the same
// one as it is matched (with its case-folding flag; the lengths come from
// it); both must be sequences of the same shape. The parts before the
// chosen one must be bounded, and the chosen part must start with its
// literal (a literal, or a choice of literals).
func literalLead(plain, folded *syntax.Regexp) ([]string, int, bool) {
	parts, fparts := concatParts(plain), concatParts(folded)
	if len(parts) != len(fparts) {
		return nil, 0, false
	}
	best, bestLen, at := []string(nil), 0, -1
	for i, sub := range parts {
		if !startsWithLiteral(sub) {
			continue
		}
		l := literalsOf(sub)
		if l == nil {
			continue
		}
		if m := minLen(l); m > bestLen {
			best, bestLen, at = l, m, i
		}
	}
	if at < 0 || bestLen < 3 {
		return nil, 0, false
	}
	before := 0
	for i, sub := range fparts[:at+1] {
		if sub.Op != parts[i].Op {
			return nil, 0, false // not the same shape: the lengths would not line up
		}
		if i == at {
			break
		}
		n, ok := maxLength(sub)
		if !ok {
			return nil, 0, false
		}
		before += n
	}
	return best, before, true
}

// concatParts returns the parts of a sequence, or re alone.
func concatParts(re *syntax.Regexp) []*syntax.Regexp {
	if re.Op == syntax.OpConcat {
		return re.Sub
	}
	return []*syntax.Regexp{re}
}

// startsWithLiteral reports whether every match of re begins with one of
// the literals literalsOf(re) gives.
func startsWithLiteral(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return true
	case syntax.OpCapture:
		return startsWithLiteral(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !startsWithLiteral(sub) {
				return false
			}
		}
		return true
	}
	return false
}
