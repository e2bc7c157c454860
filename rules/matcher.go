package rules

// matcher is one token trie holding every phrase-like pattern of a pack
// (phrase, rewrite and conditional patterns, and their exceptions). Matching
// walks the trie from each token, so its cost grows with the length of the
// text and the depth of the trie, not with the number of rules.
type matcher struct {
	root    *trieNode
	accepts []accept
}

type trieNode struct {
	lit     map[string]*trieNode
	classes []classEdge
	accepts []int32
}

type classEdge struct {
	class Class
	next  *trieNode
}

// accept says which rule pattern a trie node completes.
type accept struct {
	rule      int
	exception bool
	// caps lists, per position of the sequence, the captures it belongs to.
	caps [][]int
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
	m := &matcher{root: &trieNode{}}
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

func (m *matcher) add(seq []atom, acc accept) {
	if len(seq) == 0 {
		return
	}
	n := m.root
	caps := make([][]int, len(seq))
	for i, a := range seq {
		caps[i] = a.caps
		if a.class != ClassNone {
			var next *trieNode
			for _, e := range n.classes {
				if e.class == a.class {
					next = e.next
				}
			}
			if next == nil {
				next = &trieNode{}
				n.classes = append(n.classes, classEdge{a.class, next})
			}
			n = next
			continue
		}
		if n.lit == nil {
			n.lit = map[string]*trieNode{}
		}
		next := n.lit[a.lit]
		if next == nil {
			next = &trieNode{}
			n.lit[a.lit] = next
		}
		n = next
	}
	acc.caps = caps
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
			if next := st.n.lit[tok.Norm]; next != nil {
				for _, a := range next.accepts {
					out = append(out, rawMatch{i, st.j, a})
				}
				if next.lit != nil || next.classes != nil {
					sp = append(sp, state{next, st.j + 1})
				}
			}
			for _, e := range st.n.classes {
				if e.class.matches(tok, t.Raw) {
					for _, a := range e.next.accepts {
						out = append(out, rawMatch{i, st.j, a})
					}
					if e.next.lit != nil || e.next.classes != nil {
						sp = append(sp, state{e.next, st.j + 1})
					}
				}
			}
		}
	}
	return out
}
