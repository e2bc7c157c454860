package rules

// matcher is one token trie holding every phrase-like pattern of a pack
// (phrase, rewrite and conditional patterns, and their exceptions). Matching
// walks the trie from each token, so its cost grows with the length of the
// text and the depth of the trie, not with the number of rules.
type matcher struct {
	root    *trieNode
	accepts []accept
	// slab is where new trie nodes come from, a chunk at a time, so that
	// compiling tens of thousands of nodes costs few allocations.
	slab []trieNode
}

// slabSize is how many trie nodes the matcher allocates at once.
const slabSize = 512

// newNode returns a fresh, empty trie node.
func (m *matcher) newNode() *trieNode {
	if len(m.slab) == 0 {
		m.slab = make([]trieNode, slabSize)
	}
	n := &m.slab[0]
	m.slab = m.slab[1:]
	return n
}

type trieNode struct {
	// Literal children: a short list while small, a map once it grows.
	few     []litEdge
	many    map[string]*trieNode
	classes []classEdge
	accepts []int32
}

type litEdge struct {
	lit  string
	next *trieNode
}

// maxFew is how many literal children a node keeps in a list before it
// switches to a map.
const maxFew = 8

func (n *trieNode) child(lit string) *trieNode {
	if n.many != nil {
		return n.many[lit]
	}
	for i := range n.few {
		if n.few[i].lit == lit {
			return n.few[i].next
		}
	}
	return nil
}

// addChild links next under n as the child for lit and returns it.
func (n *trieNode) addChild(lit string, next *trieNode) *trieNode {
	if n.many == nil && len(n.few) < maxFew {
		n.few = append(n.few, litEdge{lit, next})
		return next
	}
	if n.many == nil {
		n.many = make(map[string]*trieNode, 2*maxFew)
		for _, e := range n.few {
			n.many[e.lit] = e.next
		}
		n.few = nil
	}
	n.many[lit] = next
	return next
}

func (n *trieNode) leaf() bool { return n.few == nil && n.many == nil && n.classes == nil }

type classEdge struct {
	class Class
	next  *trieNode
}

// accept says which rule pattern a trie node completes.
type accept struct {
	rule      int
	exception bool
	// pat is the pattern, to find its captures in a match (bindCaptures),
	// and ncap its number of captures.
	pat  *patNode
	ncap int
	// condGroup is 1 for a conditional rule's lacks_phrases, 2 for its
	// has_phrases, 0 otherwise.
	condGroup int
}

// Pseudo-rules the engine itself registers in every matcher.
const (
	answerRule   = -1 // a phrase saying the message answers something
	askRule      = -2 // a phrase making its sentence a request
	resourceRule = -3 // a phrase naming a resource the message carries
)

// rawMatch is one pattern occurrence: token range [first, last] and the
// accept it came from.
type rawMatch struct {
	first, last int
	acc         int32
}

func newMatcher() *matcher {
	m := &matcher{}
	m.root = m.newNode()
	for rule, list := range map[int][]string{answerRule: answerPhrases, askRule: askMarkers, resourceRule: resourcePhrases} {
		for _, p := range list {
			n, ncap, err := parsePattern(p)
			if err != nil {
				panic("rules: built-in phrase " + p + ": " + err.Error())
			}
			m.add(n, ncap, accept{rule: rule})
		}
	}
	return m
}

// add inserts every word sequence pattern n stands for into the trie, walking
// the pattern's tree rather than listing its sequences, and marks the nodes
// where one ends as accepting acc.
func (m *matcher) add(n *patNode, ncap int, acc accept) {
	acc.pat, acc.ncap = n, ncap
	m.accepts = append(m.accepts, acc)
	id := int32(len(m.accepts) - 1)
	for _, end := range m.insert([]*trieNode{m.root}, n) {
		if end == m.root {
			continue
		}
		if k := len(end.accepts); k == 0 || end.accepts[k-1] != id {
			end.accepts = append(end.accepts, id)
		}
	}
}

// insert extends every node of from by pattern n and returns the nodes
// reached, without duplicates.
func (m *matcher) insert(from []*trieNode, n *patNode) []*trieNode {
	switch n.kind {
	case 'l':
		out := make([]*trieNode, 0, len(from))
		for _, f := range from {
			next := f.child(n.lit)
			if next == nil {
				next = f.addChild(n.lit, m.newNode())
			}
			out = append(out, next) // distinct parents give distinct children
		}
		return out
	case 'c':
		out := make([]*trieNode, 0, len(from))
		for _, f := range from {
			out = append(out, m.classChild(f, n.class))
		}
		return out
	case 'o':
		return union(from, m.insert(from, n.kids[0]))
	case 'a':
		var out []*trieNode
		for _, k := range n.kids {
			out = union(out, m.insert(from, k))
		}
		return out
	}
	cur := from
	for _, k := range n.kids {
		cur = m.insert(cur, k)
	}
	return cur
}

func (m *matcher) classChild(f *trieNode, c Class) *trieNode {
	for _, e := range f.classes {
		if e.class == c {
			return e.next
		}
	}
	next := m.newNode()
	f.classes = append(f.classes, classEdge{c, next})
	return next
}

// union appends the nodes of b missing from a.
func union(a, b []*trieNode) []*trieNode {
	if len(a) == 0 {
		return append([]*trieNode(nil), b...)
	}
	if len(a)*len(b) <= 256 {
		for _, n := range b {
			found := false
			for _, x := range a {
				if x == n {
					found = true
					break
				}
			}
			if !found {
				a = append(a, n)
			}
		}
		return a
	}
	seen := make(map[*trieNode]bool, len(a)+len(b))
	for _, n := range a {
		seen[n] = true
	}
	for _, n := range b {
		if !seen[n] {
			seen[n] = true
			a = append(a, n)
		}
	}
	return a
}

// scan returns every pattern occurrence in t. Matches never cross a sentence
// boundary.
func (m *matcher) scan(t *Text, out []rawMatch) []rawMatch {
	type state struct {
		n *trieNode
		j int
	}
	var stack [64]state
	toks := t.Tokens
	for i := range toks {
		sp := stack[:0]
		sp = append(sp, state{m.root, i})
		for len(sp) > 0 {
			st := sp[len(sp)-1]
			sp = sp[:len(sp)-1]
			if st.j >= len(toks) || toks[st.j].Sentence != toks[i].Sentence {
				continue
			}
			tok := &toks[st.j]
			if next := st.n.child(tok.Norm); next != nil {
				for _, a := range next.accepts {
					out = append(out, rawMatch{i, st.j, a})
				}
				if !next.leaf() {
					sp = append(sp, state{next, st.j + 1})
				}
			}
			for _, e := range st.n.classes {
				if e.class.matches(tok, t.Raw) {
					for _, a := range e.next.accepts {
						out = append(out, rawMatch{i, st.j, a})
					}
					if !e.next.leaf() {
						sp = append(sp, state{e.next, st.j + 1})
					}
				}
			}
		}
	}
	return out
}
