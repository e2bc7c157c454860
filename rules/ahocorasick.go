package rules

import "strings"

// acMatcher finds every occurrence of a set of byte strings in one pass over
// a text (Aho–Corasick). The regex rules' required literals use it: one scan
// of the lower-cased message replaces a substring search per literal.
//
// The automaton is a dense table with the failure links folded in, so each
// byte of the text costs one table read. Bytes are first mapped to columns:
// only bytes some literal holds get a column of their own, which keeps the
// table small (states × columns).
type acMatcher struct {
	column [256]uint16 // byte → column; 0 for bytes no literal holds
	width  int         // columns per state
	delta  []int32     // state*width + column → next state's row (see newACMatcher)
	out    [][]int32   // literal ids ending at each state (suffixes included)
	lens   []int
	maxLen int // the longest literal's length
}

// newACMatcher builds the automaton for lits; ids are positions in lits.
func newACMatcher(lits []string) *acMatcher {
	m := &acMatcher{lens: make([]int, len(lits))}
	for _, lit := range lits {
		for i := 0; i < len(lit); i++ {
			if c := lowerASCII(lit[i]); m.column[c] == 0 {
				m.width++
				m.column[c] = uint16(m.width)
			}
		}
	}
	// ASCII letters match in either case.
	for c := byte('A'); c <= 'Z'; c++ {
		m.column[c] = m.column[c+'a'-'A']
	}
	m.width++ // column 0 too
	// The goto trie, in the same table: 0 means no edge yet (the root is
	// never a target).
	m.delta = make([]int32, m.width)
	m.out = [][]int32{nil}
	states := 1
	for id, lit := range lits {
		m.lens[id] = len(lit)
		m.maxLen = max(m.maxLen, len(lit))
		s := int32(0)
		for i := 0; i < len(lit); i++ {
			c := int(m.column[lowerASCII(lit[i])])
			next := m.delta[int(s)*m.width+c]
			if next == 0 {
				next = int32(states)
				states++
				m.delta = append(m.delta, make([]int32, m.width)...)
				m.out = append(m.out, nil)
				m.delta[int(s)*m.width+c] = next
			}
			s = next
		}
		if len(lit) > 0 {
			m.out[s] = append(m.out[s], int32(id))
		}
	}
	// Failure links, breadth first; a missing edge becomes the edge of the
	// state's failure state.
	fail := make([]int32, states)
	var queue []int32
	for c := 0; c < m.width; c++ {
		if s := m.delta[c]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		row := m.delta[int(s)*m.width : int(s+1)*m.width]
		frow := m.delta[int(fail[s])*m.width : int(fail[s]+1)*m.width]
		for c, next := range row {
			if next == 0 {
				row[c] = frow[c]
				continue
			}
			fail[next] = frow[c]
			m.out[next] = append(m.out[next], m.out[fail[next]]...)
			queue = append(queue, next)
		}
	}
	// Edges now lead to the target's row, negated when the target ends a
	// literal: the scan needs no multiplication and no output lookup for
	// the other states.
	for k, next := range m.delta {
		m.delta[k] = next * int32(m.width)
		if len(m.out[next]) > 0 {
			m.delta[k] = -m.delta[k]
		}
	}
	return m
}

// literalHits holds where each literal occurs, for every literal in one
// array.
type literalHits struct {
	offs []int32 // per literal id, where its places begin in at (and the end)
	at   []int32
}

// of returns the start offsets of literal id's occurrences, in order.
func (h *literalHits) of(id int) []int32 {
	if h.offs == nil {
		return nil
	}
	return h.at[h.offs[id]:h.offs[id+1]]
}

// find returns where each literal occurs in text (overlapping occurrences
// included), ASCII letters matching in either case; and where text's first
// non-ASCII byte is (-1: none).
func (m *acMatcher) find(text string) (hits literalHits, high int) {
	// Occurrences are gathered as (id, offset) pairs, then laid out per
	// literal in one array.
	var buf, buf2 [128]int32
	pairs, pairs2 := buf[:0], buf2[:0]
	var bits byte                       // every byte of text or-ed: is any ≥ 0x80?
	delta, column := m.delta, &m.column // locals: the loop need not reload them
	// Two walks at once, over the two halves of the text: each step of a
	// walk waits for the last, so two independent ones take about the
	// time of one. The second starts early enough (maxLen-1 bytes before
	// the middle) to see every literal ending in its half, and keeps only
	// those; the first keeps those ending before the middle.
	mid, from := len(text), len(text) // short: one walk
	if len(text) >= 256 {
		mid = len(text) / 2
		from = max(0, mid-m.maxLen+1) // where the second walk starts
	}
	row, row2 := 0, 0
	for i := 0; i < mid; i++ {
		c, c2 := text[i], byte(0)
		j := from + i
		if j < len(text) {
			c2 = text[j]
		}
		bits |= c | c2
		next, next2 := delta[row+int(column[c])], int32(0)
		if j < len(text) {
			next2 = delta[row2+int(column[c2])]
		}
		if next >= 0 {
			row = int(next)
		} else {
			row = int(-next)
			for _, id := range m.out[row/m.width] {
				pairs = append(pairs, id, int32(i+1-m.lens[id]))
			}
		}
		if next2 >= 0 {
			row2 = int(next2)
		} else {
			row2 = int(-next2)
			if j >= mid {
				for _, id := range m.out[row2/m.width] {
					pairs2 = append(pairs2, id, int32(j+1-m.lens[id]))
				}
			}
		}
	}
	// The second walk's rest (it started early, so it has more to go).
	for j := from + mid; mid < len(text) && j < len(text); j++ {
		c := text[j]
		bits |= c
		next := delta[row2+int(column[c])]
		if next >= 0 {
			row2 = int(next)
			continue
		}
		row2 = int(-next)
		if j >= mid {
			for _, id := range m.out[row2/m.width] {
				pairs2 = append(pairs2, id, int32(j+1-m.lens[id]))
			}
		}
	}
	if mid < len(text) {
		pairs = append(pairs, pairs2...)
	}
	high = -1
	if bits >= 0x80 {
		for high = 0; text[high] < 0x80; high++ {
		}
	}
	if len(pairs) == 0 {
		return hits, high
	}
	offs := make([]int32, len(m.lens)+1)
	for k := 0; k < len(pairs); k += 2 {
		offs[pairs[k]+1]++
	}
	for id := range m.lens {
		offs[id+1] += offs[id]
	}
	at := make([]int32, len(pairs)/2)
	fill := make([]int32, len(m.lens))
	copy(fill, offs)
	for k := 0; k < len(pairs); k += 2 {
		id := pairs[k]
		at[fill[id]] = pairs[k+1]
		fill[id]++
	}
	return literalHits{offs: offs, at: at}, high
}

// lowerASCII lowers an ASCII capital letter and returns any other byte as
// it is.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// containsFold reports whether s holds lit (lower case), ASCII letters of s
// matching in either case. Places to compare are found with IndexByte for
// one byte of lit in each case: its first byte that is not a space, as
// spaces are everywhere.
func containsFold(s, lit string) bool {
	n := len(lit)
	if n == 0 {
		return true
	}
	at := 0 // the byte of lit looked for
	for at < n-1 && lit[at] == ' ' {
		at++
	}
	lo, up := lit[at], lit[at]
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	// Where lit may start: from 0 to len(s)-n; its byte at is then at
	// from at to len(s)-n+at.
	end := len(s) - n + at + 1
	nextLo, nextUp := -1, -1 // next place of each, looked for from i on
	for i := at; i < end; {
		if nextLo < i {
			if nextLo = strings.IndexByte(s[i:end], lo); nextLo >= 0 {
				nextLo += i
			} else {
				nextLo = end
			}
		}
		if nextUp < i {
			if nextUp = nextLo; up != lo {
				if nextUp = strings.IndexByte(s[i:end], up); nextUp >= 0 {
					nextUp += i
				} else {
					nextUp = end
				}
			}
		}
		p := min(nextLo, nextUp)
		if p >= end {
			return false
		}
		k, start := 0, p-at
		for k < n && lowerASCII(s[start+k]) == lit[k] {
			k++
		}
		if k == n {
			return true
		}
		i = p + 1
	}
	return false
}
