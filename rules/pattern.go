package rules

import (
	"fmt"
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
func (c Class) matches(tok *Token, raw string) bool {
	if tok.Punct {
		return false
	}
	n := tok.Norm
	switch c {
	case ClassNumber:
		return isNumberToken(n) || flagsOf(n)&flagNumberWord != 0
	case ClassWeekday:
		return flagsOf(n)&flagWeekday != 0
	case ClassMonth:
		return flagsOf(n)&flagMonth != 0
	case ClassTime:
		if n == "noon" || n == "midnight" {
			return true
		}
		t := strings.TrimSuffix(strings.TrimSuffix(n, "am"), "pm")
		return isDigits(t) && len(t) <= 5
	case ClassWord:
		return true
	case ClassName:
		r := raw[tok.Start:tok.End]
		return len(r) > 0 && r[0] >= 'A' && r[0] <= 'Z'
	}
	return false
}

// atom is one position of an expanded pattern: a literal token or a class.
type atom struct {
	lit   string
	class Class
}

// span is the range of positions [first, last] a capture covers in an
// expanded sequence; first < 0 when the capture is absent (an optional part
// left out).
type span struct{ first, last int16 }

// seq is one literal sequence a pattern expands to, with the positions of
// its captures (indexed by capture number - 1).
type seq struct {
	atoms []atom
	caps  []span
}

// patNode is the parsed form of a pattern.
type patNode struct {
	kind  byte // 's' sequence, 'a' alternatives, 'o' optional, 'l' literal, 'c' class
	kids  []*patNode
	lit   string
	class Class
	cap   int // capture number for groups and classes, 0 for none
}

type patParser struct {
	src  string
	pos  int
	caps int
}

// maxExpansions bounds how many literal sequences one pattern may expand to.
const maxExpansions = 512

// parsePattern parses a token pattern and expands it into the literal
// sequences it matches. It returns the sequences and the number of captures.
func parsePattern(src string) ([]seq, int, error) {
	p := &patParser{src: src}
	n, err := p.seq(0)
	if err != nil {
		return nil, 0, err
	}
	if p.pos < len(p.src) {
		return nil, 0, fmt.Errorf("unexpected %q at column %d", p.src[p.pos], p.pos+1)
	}
	seqs, err := expand(n, p.caps)
	if err != nil {
		return nil, 0, err
	}
	for _, s := range seqs {
		if len(s.atoms) > 0 {
			return seqs, p.caps, nil
		}
	}
	return nil, 0, fmt.Errorf("pattern %q matches nothing: it needs at least one word", src)
}

// seq parses until a closing ')' or ']' or '|' (returned to the caller).
func (p *patParser) seq(depth int) (*patNode, error) {
	if depth > 8 {
		return nil, fmt.Errorf("groups nested more than 8 deep")
	}
	n := &patNode{kind: 's'}
	var lit strings.Builder
	flush := func() {
		if lit.Len() == 0 {
			return
		}
		// Only the tokens matter here: skip Analyze's lines, frame and
		// body flags.
		t := &Text{Raw: lit.String()}
		t.tokenize()
		for _, tok := range t.Tokens {
			n.kids = append(n.kids, &patNode{kind: 'l', lit: tok.Norm})
		}
		lit.Reset()
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch c {
		case '(', '[':
			flush()
			open := p.pos
			p.pos++
			g := &patNode{kind: 'a'}
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
				g.kids = append(g.kids, alt)
				if p.pos >= len(p.src) {
					return nil, fmt.Errorf("%q opened at column %d is never closed", c, open+1)
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
					return nil, fmt.Errorf("%q opened at column %d is closed by %q at column %d", c, open+1, d, p.pos)
				}
				break
			}
			if c == '[' {
				g = &patNode{kind: 'o', kids: []*patNode{g}}
			}
			n.kids = append(n.kids, g)
		case ')', ']', '|':
			flush()
			if depth == 0 {
				return nil, fmt.Errorf("unexpected %q at column %d", c, p.pos+1)
			}
			return n, nil
		case '{':
			flush()
			end := strings.IndexByte(p.src[p.pos:], '}')
			if end < 0 {
				return nil, fmt.Errorf("'{' at column %d is never closed", p.pos+1)
			}
			name := p.src[p.pos+1 : p.pos+end]
			cl, ok := classNames[name]
			if !ok {
				return nil, fmt.Errorf("unknown class {%s} at column %d (known: {number} {weekday} {month} {time} {word} {name})", name, p.pos+1)
			}
			p.caps++
			n.kids = append(n.kids, &patNode{kind: 'c', class: cl, cap: p.caps})
			p.pos += end + 1
		case '}':
			return nil, fmt.Errorf("unexpected '}' at column %d", p.pos+1)
		default:
			lit.WriteByte(c)
			p.pos++
		}
	}
	flush()
	return n, nil
}

// expand turns a parsed pattern into every literal sequence it matches.
// ncap is the pattern's number of captures.
func expand(n *patNode, ncap int) ([]seq, error) {
	absent := func() []span {
		caps := make([]span, ncap)
		for i := range caps {
			caps[i] = span{-1, -1}
		}
		return caps
	}
	switch n.kind {
	case 'l':
		return []seq{{atoms: []atom{{lit: n.lit}}, caps: absent()}}, nil
	case 'c':
		caps := absent()
		caps[n.cap-1] = span{0, 0}
		return []seq{{atoms: []atom{{class: n.class}}, caps: caps}}, nil
	case 'o':
		inner, err := expand(n.kids[0], ncap)
		if err != nil {
			return nil, err
		}
		return append([]seq{{caps: absent()}}, inner...), nil
	case 'a':
		var out []seq
		for _, k := range n.kids {
			e, err := expand(k, ncap)
			if err != nil {
				return nil, err
			}
			for _, s := range e {
				if n.cap > 0 && len(s.atoms) > 0 {
					s.caps[n.cap-1] = span{0, int16(len(s.atoms) - 1)}
				}
				out = append(out, s)
			}
			if len(out) > maxExpansions {
				return nil, fmt.Errorf("pattern expands to more than %d phrases: split it into several patterns", maxExpansions)
			}
		}
		return out, nil
	}
	// Sequence: the cartesian product of its parts.
	out := []seq{{caps: absent()}}
	for _, k := range n.kids {
		e, err := expand(k, ncap)
		if err != nil {
			return nil, err
		}
		if len(out)*len(e) > maxExpansions {
			return nil, fmt.Errorf("pattern expands to more than %d phrases: split it into several patterns", maxExpansions)
		}
		next := make([]seq, 0, len(out)*len(e))
		for _, a := range out {
			for _, b := range e {
				atoms := make([]atom, 0, len(a.atoms)+len(b.atoms))
				atoms = append(append(atoms, a.atoms...), b.atoms...)
				caps := make([]span, ncap)
				off := int16(len(a.atoms))
				for i := range caps {
					switch {
					case b.caps[i].first >= 0:
						caps[i] = span{b.caps[i].first + off, b.caps[i].last + off}
					default:
						caps[i] = a.caps[i]
					}
				}
				next = append(next, seq{atoms: atoms, caps: caps})
			}
		}
		out = next
	}
	return out, nil
}
