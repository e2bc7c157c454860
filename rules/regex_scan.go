package rules

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
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
	firsts     []byte     // the bytes of first
	// anchored is the expression matched at the window's start, after is
	// it matched after one byte of context.
	anchored, after *lazyRegexp
	// coreLed says matches begin with a run of lead bytes followed by a
	// match of the rule's core (see coreLed).
	coreLed bool
	lead    [256]bool
	// leads, for an expression with no other limit, are literals one of
	// which each match holds not far from its start (see leadsOf): it is
	// tried only just before their places (see leadCandidates).
	leads []coreLead
	// stop holds the bytes no match can hold (nil: none): a match tried at
	// p ends before the first of them after p, so the expression is given
	// the text only up to that byte (see matchAt).
	stop *[256]bool
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
	s := newStarts(src, re)
	if s == nil {
		return nil
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
	if nullable, ok := firstBytes(re, &set, false); !ok || nullable {
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
	for b, in := range set {
		if in {
			s.firsts = append(s.firsts, byte(b))
		}
	}
	return s
}

// newStarts returns the anchored variants of expression src, with no
// limit yet on where they are tried, or nil when they do not parse (e.g.
// an unclosed \Q would swallow the closing parenthesis).
func newStarts(src string, re *syntax.Regexp) *starts {
	s := &starts{
		anchored: &lazyRegexp{src: `\A(?:` + src + `)`},
		after:    &lazyRegexp{src: `\A(?s:.)(?:` + src + `)`},
	}
	// One parse tells for both: they differ only by the self-contained
	// (?s:.) in front.
	if !parses(s.anchored.src) {
		return nil
	}
	s.stop = stopBytes(re)
	return s
}

// stopBytes returns the bytes no match of re can hold, or nil when a
// match can hold any byte. Compile-time only, so kept small rather than
// fast (every tab's wasm carries it).
//
//go:noinline
func stopBytes(re *syntax.Regexp) *[256]bool {
	var can, stop [256]bool
	matchBytes(re, &can)
	some := false
	for b, in := range can {
		stop[b] = !in
		some = some || !in
	}
	if !some {
		return nil
	}
	return &stop
}

// matchBytes adds to set every byte a match of re (as parsed, case folding
// not yet applied to literals) can hold; all bytes of 0x80 and up stand
// for any non-ASCII character.
//
//go:noinline
func matchBytes(re *syntax.Regexp, set *[256]bool) {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			f := r
			for { // r and, when case is folded, every rune it folds to
				addByteOf(set, f)
				if re.Flags&syntax.FoldCase == 0 {
					break
				}
				if f = unicode.SimpleFold(f); f == r {
					break
				}
			}
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if addByteOf(set, r); r >= utf8.RuneSelf {
					break // every byte of 0x80 and up is in
				}
			}
		}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		for b := range set {
			set[b] = set[b] || b != '\n' || re.Op == syntax.OpAnyChar
		}
	default: // assertions add nothing; groups and repeats what they hold
		for _, sub := range re.Sub {
			matchBytes(sub, set)
		}
	}
}

// addByteOf adds r to set: an ASCII byte, or every byte of 0x80 and up for
// any other rune.
//
//go:noinline
func addByteOf(set *[256]bool, r rune) {
	if 0 <= r && r < utf8.RuneSelf {
		set[r] = true
		return
	}
	for b := utf8.RuneSelf; b < 256; b++ {
		set[b] = true
	}
}

// coreLed returns s (made if nil) marked as led by its rule's common core
// (see commonCore) when every match of tree, the expression parsed from
// src, is a run of bytes from a small alphabet of punctuation and space
// followed by a match of core: the rule's variants "^[ \t]*core…",
// "\bcore…", "([.!?;:])[ \t]+core…". Such an expression can only begin
// just before a place where the core matches, and is tried only there (see
// coreCandidates). Otherwise s is returned as it is.
func coreLed(s *starts, src string, tree, core *syntax.Regexp) *starts {
	parts := concatParts(tree)
	at := runAt(parts, concatParts(core))
	if at < 0 {
		return s
	}
	var alpha [256]bool
	for _, p := range parts[:at] {
		matchBytes(p, &alpha)
	}
	for b, in := range alpha {
		if c := byte(b); in && (c >= utf8.RuneSelf || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return s // a lead of words (or of any character) would make the walk back long
		}
	}
	if s == nil {
		if nullable(tree) {
			return nil // empty matches would need FindAll's rules for them
		}
		if s = newStarts(src, tree); s == nil {
			return nil
		}
	}
	s.coreLed, s.lead = true, alpha
	return s
}

// coreCandidates appends to out (empty), in order, the places in window w where a
// core-led expression may begin, given cores, the places (in order) where
// the rule's core matches: each of those and the run of lead bytes before
// it.
func (s *starts) coreCandidates(out []int, raw string, w [2]int, cores []int) []int {
	sorted := true
	for _, c := range cores {
		j := c
		for j > w[0] && s.lead[raw[j-1]] {
			j--
		}
		for p := j; p <= c; p++ {
			if n := len(out); n > 0 && p <= out[n-1] {
				if p == out[n-1] {
					continue
				}
				sorted = false
			}
			out = append(out, p)
		}
	}
	if !sorted {
		out = sortedUnique(out)
	}
	return out
}

// leadCandidates appends to out (empty), in order, the places in window w
// where an expression whose matches hold one of leads may begin: at most
// each lead's before bytes ahead of its places (pos), on rune starts.
func leadCandidates(out []int, raw string, w [2]int, leads []coreLead, pos *literalHits) []int {
	sorted := true
	for _, l := range leads {
		for _, p32 := range pos.of(l.id) {
			p := int(p32)
			if p < w[0] || p+len(l.lit) > w[1] {
				continue
			}
			for s := max(w[0], p-l.before); s <= p; s++ {
				if !utf8.RuneStart(raw[s]) {
					continue
				}
				if n := len(out); n > 0 && s <= out[n-1] {
					if s == out[n-1] {
						continue
					}
					sorted = false
				}
				out = append(out, s)
			}
		}
	}
	if !sorted {
		out = sortedUnique(out)
	}
	return out
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
// when a match can begin with any character, or, unless loose, with a
// non-ASCII character or a letter matched in either case (some fold to
// non-ASCII: K, ſ). When loose, such a letter adds both its cases, and a
// non-ASCII character every byte from 0x80 up, which holds its first byte.
func firstBytes(re *syntax.Regexp, set *[256]bool, loose bool) (nullable, ok bool) {
	nonASCII := func() bool {
		for b := utf8.RuneSelf; b < len(set); b++ {
			set[b] = true
		}
		return loose
	}
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true, true
		}
		r := re.Rune[0]
		if r >= utf8.RuneSelf {
			return false, loose && nonASCII()
		}
		if re.Flags&syntax.FoldCase != 0 && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			set[r|0x20], set[r&^0x20] = true, true
			return false, loose && nonASCII()
		}
		set[r] = true
		return false, true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= min(re.Rune[i+1], utf8.RuneSelf-1); r++ {
				set[r] = true
			}
			if re.Rune[i+1] >= utf8.RuneSelf && !(loose && nonASCII()) {
				return false, false
			}
		}
		return false, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, true
	case syntax.OpCapture, syntax.OpPlus:
		return firstBytes(re.Sub[0], set, loose)
	case syntax.OpStar, syntax.OpQuest:
		_, ok := firstBytes(re.Sub[0], set, loose)
		return true, ok
	case syntax.OpRepeat:
		n, ok := firstBytes(re.Sub[0], set, loose)
		return n || re.Min == 0, ok
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			n, ok := firstBytes(sub, set, loose)
			if !ok || !n {
				return false, ok
			}
		}
		return true, true
	case syntax.OpAlternate:
		nullable := false
		for _, sub := range re.Sub {
			n, ok := firstBytes(sub, set, loose)
			if !ok {
				return false, false
			}
			nullable = nullable || n
		}
		return nullable, true
	}
	return false, false // any character, no match
}

// mayBeginWith returns the set of bytes a match of re can begin with, or
// nil when that can be any byte or the empty string matches: firstBytes'
// loose set, which letters matched in either case and non-ASCII characters
// do not refuse.
func mayBeginWith(re *syntax.Regexp) *[256]bool {
	var set [256]bool
	if nullable, ok := firstBytes(re, &set, true); !ok || nullable {
		return nil
	}
	return &set
}

// findAll returns the matches of the expression in raw[w[0]:w[1]] as
// FindAllStringSubmatchIndex on that window would (at most 64), with
// offsets in raw, trying only the places s allows and, when cands is not
// nil, only those of cands (in order) as well.
func (s *starts) findAll(raw string, w [2]int, cands []int) [][]int {
	var out [][]int
	last := w[0]
	var next [maxFirst]int // per byte of s.firsts: its next place, -1 for none
	var firsts []byte
	if cands == nil {
		firsts = s.firsts
		for k := range firsts {
			next[k] = -2 // not looked for yet
		}
	}
	for i := 0; len(out) < 64; i++ {
		var p int
		switch {
		case cands != nil:
			if i == len(cands) {
				return out
			}
			if p = cands[i]; p < last || !s.allows(raw, w, p) {
				continue
			}
		case s.lineStarts:
			p = last
			if p > w[0] && raw[p-1] != '\n' {
				nl := strings.IndexByte(raw[p:w[1]], '\n')
				if nl < 0 {
					return out
				}
				p += nl + 1
			}
		case firsts != nil:
			// The nearest of the first bytes' next places at or after last,
			// each found with IndexByte once per place.
			p = -1
			for k, b := range firsts {
				if next[k] == -2 || next[k] >= 0 && next[k] < last {
					if at := strings.IndexByte(raw[last:w[1]], b); at >= 0 {
						next[k] = last + at
					} else {
						next[k] = -1
					}
				}
				if next[k] >= 0 && (p < 0 || next[k] < p) {
					p = next[k]
				}
			}
		default:
			p = last
		}
		if p < 0 || p >= w[1] {
			return out
		}
		if !utf8.RuneStart(raw[p]) {
			last = p + 1 // FindAll never starts inside a character
			continue
		}
		loc := s.matchAt(raw, w, p)
		if loc == nil {
			last = p + 1
			continue
		}
		out = append(out, loc)
		last = loc[1] // matches are never empty: startsOf refuses nullable expressions
	}
	return out
}

// allows reports whether a match may begin at p in window w as far as the
// line-start and first-byte limits go.
func (s *starts) allows(raw string, w [2]int, p int) bool {
	switch {
	case s.lineStarts:
		return p == w[0] || raw[p-1] == '\n'
	case s.first != nil:
		return s.first[raw[p]]
	}
	return true
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
	// A match ends before the first byte after p that it cannot hold; that
	// byte is kept, as what assertions at the match's end look at. The
	// backtracker clears state for every byte it is given: a short text
	// is much cheaper than the rest of the window.
	end := w[1]
	if s.stop != nil {
		for k := p; k < end; k++ {
			if s.stop[raw[k]] {
				end = k + 1
				break
			}
		}
	}
	loc := re.FindStringSubmatchIndex(raw[from:end])
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

// coreLead is a literal (lower case) that a match of a rule's core may
// hold, with the most bytes the match can span before it.
type coreLead struct {
	lit    string
	before int
	id     int // the literal's id in the engine's literalIndex
}

// leadsOf returns literals one of which every match of an expression
// holds, each with the most bytes a match can span before it, when there
// are such (the first literal of each branch, at least 3 bytes long,
// with only bounded parts before it). plain is the expression as written
// (the literals come from it) and folded the same one as it is matched
// (with its case-folding flag; the lengths come from it); where their
// shapes differ, there is no answer.
func leadsOf(plain, folded *syntax.Regexp) ([]coreLead, bool) {
	if plain.Op != folded.Op || len(plain.Sub) != len(folded.Sub) {
		return nil, false
	}
	switch plain.Op {
	case syntax.OpLiteral:
		if l := strings.ToLower(string(plain.Rune)); len(l) >= 3 {
			return []coreLead{{lit: l}}, true
		}
	case syntax.OpCapture:
		return leadsOf(plain.Sub[0], folded.Sub[0])
	case syntax.OpAlternate:
		var out []coreLead
		for i := range plain.Sub {
			l, ok := leadsOf(plain.Sub[i], folded.Sub[i])
			if !ok {
				return nil, false
			}
			out = append(out, l...)
		}
		return out, true
	case syntax.OpConcat:
		before := 0
		for i := range plain.Sub {
			if l, ok := leadsOf(plain.Sub[i], folded.Sub[i]); ok {
				for k := range l {
					l[k].before += before
				}
				return l, true
			}
			n, ok := maxLength(folded.Sub[i])
			switch folded.Sub[i].Op {
			case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
				syntax.OpWordBoundary, syntax.OpNoWordBoundary:
				n, ok = 0, true // an assertion spans nothing
			}
			if !ok {
				return nil, false
			}
			before += n
		}
	}
	return nil, false
}

// concatParts returns the parts of a sequence, or re alone.
func concatParts(re *syntax.Regexp) []*syntax.Regexp {
	if re.Op == syntax.OpConcat {
		return re.Sub
	}
	return []*syntax.Regexp{re}
}
