package rules

// acMatcher finds every occurrence of a set of byte strings in one pass over
// a text (Aho–Corasick). The regex rules' required literals use it: one scan
// of the lower-cased message replaces a substring search per literal.
type acMatcher struct {
	root  [256]int32 // goto from the root state; 0 = stay at the root
	edges [][]acEdge // goto from the other states
	fail  []int32
	out   [][]int32 // literal ids ending at each state (suffixes included)
	lens  []int
}

type acEdge struct {
	b    byte
	next int32
}

func (m *acMatcher) step(state int32, b byte) (int32, bool) {
	if state == 0 {
		return m.root[b], m.root[b] != 0
	}
	for _, e := range m.edges[state] {
		if e.b == b {
			return e.next, true
		}
	}
	return 0, false
}

// newACMatcher builds the automaton for lits; ids are positions in lits.
func newACMatcher(lits []string) *acMatcher {
	m := &acMatcher{edges: [][]acEdge{nil}, fail: []int32{0}, out: [][]int32{nil}}
	for id, lit := range lits {
		m.lens = append(m.lens, len(lit))
		s := int32(0)
		for i := 0; i < len(lit); i++ {
			next, ok := m.step(s, lit[i])
			if !ok {
				next = int32(len(m.edges))
				m.edges = append(m.edges, nil)
				m.fail = append(m.fail, 0)
				m.out = append(m.out, nil)
				if s == 0 {
					m.root[lit[i]] = next
				} else {
					m.edges[s] = append(m.edges[s], acEdge{lit[i], next})
				}
			}
			s = next
		}
		if len(lit) > 0 {
			m.out[s] = append(m.out[s], int32(id))
		}
	}
	// Failure links, breadth first.
	var queue []int32
	for b := 0; b < 256; b++ {
		if s := m.root[b]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range m.edges[s] {
			f := m.fail[s]
			for {
				if next, ok := m.step(f, e.b); ok && next != e.next {
					m.fail[e.next] = next
					break
				}
				if f == 0 {
					break
				}
				f = m.fail[f]
			}
			m.out[e.next] = append(m.out[e.next], m.out[m.fail[e.next]]...)
			queue = append(queue, e.next)
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
		b := text[i]
		for {
			if next, ok := m.step(s, b); ok {
				s = next
				break
			}
			if s == 0 {
				break
			}
			s = m.fail[s]
		}
		for _, id := range m.out[s] {
			pos[id] = append(pos[id], i+1-m.lens[id])
		}
	}
	return pos
}
