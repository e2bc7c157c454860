package rules

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
	delta  []int32     // state*width + column → next state
	out    [][]int32   // literal ids ending at each state (suffixes included)
	lens   []int
}

// newACMatcher builds the automaton for lits; ids are positions in lits.
func newACMatcher(lits []string) *acMatcher {
	m := &acMatcher{lens: make([]int, len(lits))}
	for _, lit := range lits {
		for i := 0; i < len(lit); i++ {
			if m.column[lit[i]] == 0 {
				m.width++
				m.column[lit[i]] = uint16(m.width)
			}
		}
	}
	m.width++ // column 0 too
	// The goto trie, in the same table: 0 means no edge yet (the root is
	// never a target).
	m.delta = make([]int32, m.width)
	m.out = [][]int32{nil}
	states := 1
	for id, lit := range lits {
		m.lens[id] = len(lit)
		s := int32(0)
		for i := 0; i < len(lit); i++ {
			c := int(m.column[lit[i]])
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
	return m
}

// find returns, per literal id, the start offsets of its occurrences in
// text (overlapping ones included), in increasing order.
func (m *acMatcher) find(text string) [][]int {
	pos := make([][]int, len(m.lens))
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = m.delta[int(s)*m.width+int(m.column[text[i]])]
		if s == 0 {
			continue
		}
		for _, id := range m.out[s] {
			pos[id] = append(pos[id], i+1-m.lens[id])
		}
	}
	return pos
}
