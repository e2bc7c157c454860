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
// included), ASCII letters matching in either case.
func (m *acMatcher) find(text string) literalHits {
	// Occurrences are gathered as (id, offset) pairs, then laid out per
	// literal in one array.
	var buf, buf2 [256]int32
	pairs, pairs2 := buf[:0], buf2[:0]
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
	var row, row2 int32
	for i := 0; i < mid; {
		var next, next2 int32
		if from < len(text) {
			i, next, next2 = m.walk2(text[:mid], text[from:from+mid], i, row, row2)
		} else {
			i, next = m.walk(text[:mid], i, row)
		}
		if i == mid {
			row2 = next2 // where the second walk goes on from
			break
		}
		// Byte i of the first walk, or from+i of the second, ended a
		// literal (or both did).
		if row = next; next < 0 {
			row = -next
			pairs = m.outputs(pairs, row, i)
		}
		if row2 = next2; next2 < 0 {
			row2 = -next2
			if from+i >= mid {
				pairs2 = m.outputs(pairs2, row2, from+i)
			}
		}
		i++
	}
	// The second walk's rest (it started early, so it has more to go).
	for j := from + mid; j < len(text); {
		var next int32
		if j, next = m.walk(text, j, row2); j == len(text) {
			break
		}
		row2 = -next
		if j >= mid {
			pairs2 = m.outputs(pairs2, row2, j)
		}
		j++
	}
	pairs = append(pairs, pairs2...)
	if len(pairs) == 0 {
		return literalHits{}
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
	return literalHits{offs: offs, at: at}
}

// walk steps the automaton from row over text[i:] and stops at the first
// byte whose state ends a literal: it returns that byte's index and the
// (negated) row reached, or len(text) when no byte does.
func (m *acMatcher) walk(text string, i int, row int32) (int, int32) {
	delta, column := m.delta, &m.column
	// Compared unsigned, i is known not negative: its reads need no check.
	for ; uint(i) < uint(len(text)); i++ {
		next := delta[int(row)+int(column[text[i]])]
		if next < 0 {
			return i, next
		}
		row = next
	}
	return i, row
}

// walk2 is walk over two texts of the same length at once (two
// independent walks, from row and row2): it stops at the first index
// where either ends a literal and returns the rows both reached there.
func (m *acMatcher) walk2(a, b string, i int, row, row2 int32) (int, int32, int32) {
	delta, column := m.delta, &m.column
	b = b[:len(a)]
	// Compared unsigned, i is known not negative: its reads need no check.
	for ; uint(i) < uint(len(a)); i++ {
		next := delta[int(row)+int(column[a[i]])]
		next2 := delta[int(row2)+int(column[b[i]])]
		if next < 0 || next2 < 0 { // two tests: next|next2 would cost a copy of each row
			return i, next, next2
		}
		row, row2 = next, next2
	}
	return i, row, row2
}

// outputs appends an (id, start) pair for every literal ending at byte end
// of the text in the state whose row is row.
func (m *acMatcher) outputs(pairs []int32, row int32, end int) []int32 {
	for _, id := range m.out[int(row)/m.width] {
		pairs = append(pairs, id, int32(end+1-m.lens[id]))
	}
	return pairs
}

// byteCommonness ranks bytes by how often they occur in English text: a
// space most, then the letters from e down to z; any other byte ranks 0.
var byteCommonness = func() (rank [256]uint8) {
	const byFrequency = "zqxjkvbpygfwmucldrhsnioate "
	for i := range len(byFrequency) {
		rank[byFrequency[i]] = uint8(i + 1)
	}
	return rank
}()

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
// one byte of lit in each case: its rarest in English text (see
// byteCommonness), so that the search stops at few places that fail.
func containsFold(s, lit string) bool {
	n := len(lit)
	if n == 0 {
		return true
	}
	at := 0 // the byte of lit looked for
	for k := 1; k < n; k++ {
		if byteCommonness[lit[k]] < byteCommonness[lit[at]] {
			at = k
		}
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
