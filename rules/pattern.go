package rules

import (
	"errors"
	"strconv"
	"strings"
)

// Token patterns are what phrase, rewrite and conditional rules are written
// in. A pattern is a sequence of words matched against normalised tokens:
//
//	just checking in               literal words (case and apostrophes folded)
//	(checking|touching) base       alternatives, each may hold several words
//	just [wanted to] check in      an optional part
//	only {number} (spots|seats)    a token class
//	any update ?                   punctuation marks are literal tokens
//
// Every ( ) group and every {class} is a capture, numbered from 1 in the
// order it opens; replacements refer to them as $1, $2, ... A group written
// (?:a|b) does not capture.
//
// Classes: {number} (digits, $40, 20%, 1st, or a number word), {weekday}, {month}, {time}
// (10, 10am, 10:30, noon), {word} (any one word), {name} (any capitalised word).

// Class is a token class usable in patterns as {name}.
type Class int

// The token classes.
const (
	ClassNone Class = iota
	ClassNumber
	ClassWeekday
	ClassMonth
	ClassTime
	ClassWord
	ClassName
	numClasses
)

var classNames = map[string]Class{"number": ClassNumber, "weekday": ClassWeekday, "month": ClassMonth, "time": ClassTime, "word": ClassWord, "name": ClassName}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != ',' && r != ':' {
			return false
		}
	}
	return s[0] >= '0' && s[0] <= '9'
}

// isNumberToken reports whether a normalised token is a number, with an
// optional currency sign, percent sign or ordinal suffix: 3, 1,000, $40,
// 20%, 1st, 15th.
func isNumberToken(n string) bool {
	if n == "" || n[0] >= 'a' && n[0] <= 'z' {
		return false // the common case: a word
	}
	for _, c := range []string{"$", "\u20ac", "\u00a3", "\u00a5"} {
		n = strings.TrimPrefix(n, c)
	}
	n = strings.TrimSuffix(n, "%")
	if len(n) > 2 {
		switch n[len(n)-2:] {
		case "st", "nd", "rd", "th":
			if n[len(n)-3] >= '0' && n[len(n)-3] <= '9' {
				n = n[:len(n)-2]
			}
		}
	}
	return isDigits(n)
}

// matches reports whether token tok (in raw text raw) belongs to class c.
// The classes a lexicon flag answers are decided from classFlags (the trie
// scan reads it directly); the others read the token's text.
func (c Class) matches(tok *Token, raw string) bool {
	if tok.Punct || c <= ClassNone || c >= numClasses {
		return false
	}
	if f := classFlags[c]; f != 0 {
		return tok.flags&f != 0
	}
	return c == ClassWord || c.matchesText(tok, raw)
}

// classFlags are the lexicon flags that make a token a member of a class,
// for the classes they decide.
var classFlags = [numClasses]wordFlag{ClassNumber: flagNumberWord | flagNumeral, ClassWeekday: flagWeekday, ClassMonth: flagMonth}

// matchesText is matches for the classes a token's text decides.
func (c Class) matchesText(tok *Token, raw string) bool {
	n := tok.Norm
	switch c {
	case ClassTime:
		if n == "noon" || n == "midnight" {
			return true
		}
		t := strings.TrimSuffix(strings.TrimSuffix(n, "am"), "pm")
		return isDigits(t) && len(t) <= 5
	case ClassName:
		r := raw[tok.Start:tok.End]
		return len(r) > 0 && r[0] >= 'A' && r[0] <= 'Z'
	}
	return false
}

// span is the range of token positions [first, last] a capture covers in a
// match; first < 0 when the capture is absent (an optional part left out).
type span struct{ first, last int16 }

// patNode is the parsed form of a pattern.
type patNode struct {
	kind byte // 's' sequence, 'a' alternatives, 'o' optional, 'l' literal, 'c' class
	kids []*patNode
	// lit is the node's lead: the literal every match of it starts with,
	// or "" when it has none or none is worked out. A literal's is the
	// literal itself; seq sets that of each alternative, a sequence, when
	// it starts with a literal (not the top sequence's: nothing reads it);
	// alternatives, optional parts and classes have none. The binder skips
	// alternatives whose lead is not the next token.
	lit   string
	class Class
	cap   int // capture number for groups and classes, 0 for none
}

type patParser struct {
	src  string
	pos  int
	caps int
	// slab is where nodes come from, a few allocations per pattern.
	slab []patNode
}

// node returns a new node holding v.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func (p *patParser) node(v patNode) *patNode {
	if len(p.slab) == 0 {
		p.slab = make([]patNode, 32)
	}
	n := &p.slab[0]
	*n = v
	p.slab = p.slab[1:]
	return n
}

// plainWords reports whether s is only lower-case ASCII letters, digits and
// spaces, which tokenize splits at the spaces and leaves as they are.
func plainWords(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == ' ') {
			return false
		}
	}
	return true
}

// maxExpansions bounds how many literal sequences one pattern may expand to.
const maxExpansions = 512

// parsePattern parses a token pattern. It returns the pattern's tree and its
// number of captures. A pattern may stand for at most maxExpansions word
// sequences and must match at least one word.
func parsePattern(src string) (*patNode, int, error) {
	p := &patParser{src: src}
	n, err := p.seq(0)
	if err != nil {
		return nil, 0, err
	}
	if p.pos < len(p.src) {
		return nil, 0, errors.New("unexpected " + qc(p.src[p.pos]) + " at column " + strconv.Itoa(p.pos+1))
	}
	if countExpansions(n) > maxExpansions {
		return nil, 0, errors.New("pattern expands to more than " + strconv.Itoa(maxExpansions) + " phrases: split it into several patterns")
	}
	if maxWords(n) == 0 {
		return nil, 0, errors.New("pattern " + q(src) + " matches nothing: it needs at least one word")
	}
	return n, p.caps, nil
}

// countExpansions is how many word sequences n stands for (saturating just
// above maxExpansions).
func countExpansions(n *patNode) int {
	switch n.kind {
	case 'l', 'c':
		return 1
	case 'o':
		return min(1+countExpansions(n.kids[0]), maxExpansions+1)
	case 'a':
		total := 0
		for _, k := range n.kids {
			total = min(total+countExpansions(k), maxExpansions+1)
		}
		return total
	}
	total := 1
	for _, k := range n.kids {
		total = min(total*countExpansions(k), maxExpansions+1)
	}
	return total
}

// maxWords is the length of the longest sequence n matches.
func maxWords(n *patNode) int {
	switch n.kind {
	case 'l', 'c':
		return 1
	case 'o':
		return maxWords(n.kids[0])
	case 'a':
		best := 0
		for _, k := range n.kids {
			best = max(best, maxWords(k))
		}
		return best
	}
	total := 0
	for _, k := range n.kids {
		total += maxWords(k)
	}
	return total
}

// seq parses until a closing ')' or ']' or '|' (returned to the caller).
func (p *patParser) seq(depth int) (*patNode, error) {
	if depth > 8 {
		return nil, errors.New("groups nested more than 8 deep")
	}
	n := p.node(patNode{kind: 's'})
	lit := -1 // where the pending literal words start in p.src
	flush := func() {
		if lit < 0 {
			return
		}
		chunk := p.src[lit:p.pos]
		lit = -1
		if plainWords(chunk) {
			// Lower-case ASCII words and spaces tokenize to themselves.
			for len(chunk) > 0 {
				i := strings.IndexByte(chunk, ' ')
				if i < 0 {
					i = len(chunk)
				}
				if i > 0 {
					n.kids = append(n.kids, p.node(patNode{kind: 'l', lit: chunk[:i]}))
				}
				chunk = chunk[min(i+1, len(chunk)):]
			}
			return
		}
		// Only the tokens matter here: skip Analyze's lines, frame and
		// body flags.
		t := &Text{Raw: chunk}
		t.tokenize(lexiconWords)
		for _, tok := range t.Tokens {
			n.kids = append(n.kids, p.node(patNode{kind: 'l', lit: tok.Norm}))
		}
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch c {
		case '(', '[':
			flush()
			open := p.pos
			p.pos++
			g := p.node(patNode{kind: 'a'})
			if c == '(' && strings.HasPrefix(p.src[p.pos:], "?:") {
				p.pos += 2 // (?: ... ) groups without capturing
			} else if c == '(' {
				p.caps++
				g.cap = p.caps
			}
			for {
				alt, err := p.seq(depth + 1)
				if err != nil {
					return nil, err
				}
				if len(alt.kids) > 0 && alt.kids[0].kind == 'l' {
					// A sequence cannot match without its first part.
					alt.lit = alt.kids[0].lit
				}
				g.kids = append(g.kids, alt)
				if p.pos >= len(p.src) {
					return nil, errors.New(qc(c) + " opened at column " + strconv.Itoa(open+1) + " is never closed")
				}
				d := p.src[p.pos]
				p.pos++
				if d == '|' {
					continue
				}
				want := byte(')')
				if c == '[' {
					want = ']'
				}
				if d != want {
					return nil, errors.New(qc(c) + " opened at column " + strconv.Itoa(open+1) + " is closed by " + qc(d) + " at column " + strconv.Itoa(p.pos))
				}
				break
			}
			if c == '[' {
				g = p.node(patNode{kind: 'o', kids: []*patNode{g}})
			}
			n.kids = append(n.kids, g)
		case ')', ']', '|':
			flush()
			if depth == 0 {
				return nil, errors.New("unexpected " + qc(c) + " at column " + strconv.Itoa(p.pos+1))
			}
			return n, nil
		case '{':
			flush()
			end := strings.IndexByte(p.src[p.pos:], '}')
			if end < 0 {
				return nil, errors.New("'{' at column " + strconv.Itoa(p.pos+1) + " is never closed")
			}
			name := p.src[p.pos+1 : p.pos+end]
			cl, ok := classNames[name]
			if !ok {
				return nil, errors.New("unknown class {" + name + "} at column " + strconv.Itoa(p.pos+1) + " (known: {number} {weekday} {month} {time} {word} {name})")
			}
			p.caps++
			n.kids = append(n.kids, p.node(patNode{kind: 'c', class: cl, cap: p.caps}))
			p.pos += end + 1
		case '}':
			return nil, errors.New("unexpected '}' at column " + strconv.Itoa(p.pos+1))
		default:
			if lit < 0 {
				lit = p.pos
			}
			p.pos++
		}
	}
	flush()
	return n, nil
}

// bindCaptures finds how pattern n (with ncap captures) matched exactly the
// tokens toks and returns each capture's positions. Alternatives and
// optional parts are tried in the order they are written, an optional part
// first left out. Matching is cheap to redo: it only runs for the few
// matches a message has, which keeps the trie free of capture bookkeeping.
func bindCaptures(n *patNode, ncap int, toks []Token, raw string) []span {
	b := binder{toks: toks, raw: raw, caps: make([]span, ncap)}
	for i := range b.caps {
		b.caps[i] = span{-1, -1}
	}
	b.match(n, 0, &cont{kind: 'e'})
	return b.caps
}

// binder is bindCaptures' backtracking matcher. What remains to match after
// a node is a chain of cont frames on the Go stack (continuation passing
// without closures, so that binding allocates nothing but the result).
type binder struct {
	toks []Token
	raw  string
	caps []span
}

// cont is what to match after a node: the rest of sequence n from kid i
// ('s'), closing alternation n's capture opened at pos ('c'), or the end of
// the tokens ('e'); then next.
type cont struct {
	kind byte
	n    *patNode
	i    int
	pos  int
	next *cont
}

// match reports whether n matches from token pos and k then matches the
// rest, leaving the captures of the first way that does.
func (b *binder) match(n *patNode, pos int, k *cont) bool {
	switch n.kind {
	case 'l':
		return pos < len(b.toks) && b.toks[pos].Norm == n.lit && b.run(k, pos+1)
	case 'c':
		if pos >= len(b.toks) || !n.class.matches(&b.toks[pos], b.raw) {
			return false
		}
		old := b.caps[n.cap-1]
		b.caps[n.cap-1] = span{int16(pos), int16(pos)}
		if b.run(k, pos+1) {
			return true
		}
		b.caps[n.cap-1] = old
		return false
	case 'o':
		return b.run(k, pos) || b.match(n.kids[0], pos, k)
	case 'a':
		c := cont{kind: 'c', n: n, pos: pos, next: k}
		for _, kid := range n.kids {
			if l := kid.lit; l != "" && (pos >= len(b.toks) || len(b.toks[pos].Norm) != len(l) || b.toks[pos].Norm[0] != l[0]) {
				continue // its first token cannot match: it fails
			}
			if b.match(kid, pos, &c) {
				return true
			}
		}
		return false
	}
	c := cont{kind: 's', n: n, next: k}
	return b.run(&c, pos)
}

// run reports whether continuation k matches from token end.
func (b *binder) run(k *cont, end int) bool {
	switch k.kind {
	case 'e':
		return end == len(b.toks)
	case 'c':
		n, pos := k.n, k.pos
		if n.cap == 0 || end == pos {
			return b.run(k.next, end)
		}
		old := b.caps[n.cap-1]
		b.caps[n.cap-1] = span{int16(pos), int16(end - 1)}
		if b.run(k.next, end) {
			return true
		}
		b.caps[n.cap-1] = old
		return false
	}
	if k.i == len(k.n.kids) {
		return b.run(k.next, end)
	}
	c := cont{kind: 's', n: k.n, i: k.i + 1, next: k.next}
	return b.match(k.n.kids[k.i], end, &c)
}
