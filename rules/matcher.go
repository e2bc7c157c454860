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
	// caps holds the positions of each capture in the matched sequence.
	caps []span
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
			seqs, _, _ := parsePattern(p)
			for _, s := range seqs {
				m.add(s, accept{rule: rule})
			}
		}
	}
	return m
}

func (m *matcher) add(s seq, acc accept) {
	if len(s.atoms) == 0 {
		return
	}
	n := m.root
	for _, a := range s.atoms {
		if a.class != ClassNone {
			var next *trieNode
			for _, e := range n.classes {
				if e.class == a.class {
					next = e.next
				}
			}
			if next == nil {
				next = m.newNode()
				n.classes = append(n.classes, classEdge{a.class, next})
			}
			n = next
			continue
		}
		next := n.child(a.lit)
		if next == nil {
			next = n.addChild(a.lit, m.newNode())
		}
		n = next
	}
	acc.caps = s.caps
	m.accepts = append(m.accepts, acc)
	n.accepts = append(n.accepts, int32(len(m.accepts)-1))
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
