package rules

import "github.com/alwaysbehelping/abh/internal/order"

// flatTrie is the matcher's trie frozen for scanning: nodes are indexes into
// one slice and words are numbers, so a step along a token is an integer
// comparison (or, at the root, one slice index) instead of a string map
// lookup, and the whole trie is a handful of allocations the garbage
// collector never has to walk. Compile freezes the matcher once it holds
// every pattern; scan reads only the frozen form.
type flatTrie struct {
	// dict numbers every word that labels an edge, from 1, and holds the
	// lexicon's words too: analysis looks each token up in it once (see
	// analyzeWith). A token whose word has no number (0) can only follow a
	// class edge.
	dict *dictionary
	// nwords is how many words are numbered.
	nwords int32
	// rootNext is the root's child per word id (0: none; the root, node 0,
	// is never a child).
	rootNext []int32
	nodes    []flatNode
	// Each node's word edges (sorted by word id), class edges and accepts
	// are contiguous runs of these.
	edges   []wordEdge
	classes []flatClass
	accepts []int32
	filters []wordFilter
}

type flatNode struct {
	edge, nedge   int32
	class, nclass int32
	acc, nacc     int32
	// classes holds the classes of its class edges.
	classes classSet
	// filter, for a node with more than maxScan word edges, indexes its
	// bit set in filters (-1: none).
	filter int32
}

// maxScan is how many word edges child compares one by one; a node with
// more searches them by halves, after a bit set over their words says
// the word may be there at all.
const maxScan = 8

// wordFilter is a bit set over word ids modulo its size.
type wordFilter [16]uint64

func (b *wordFilter) has(w int32) bool { return b[w>>6&15]&(1<<(w&63)) != 0 }
func (b *wordFilter) add(w int32)      { b[w>>6&15] |= 1 << (w & 63) }

// wordEdge is an edge labelled by a word id.
type wordEdge struct{ word, next int32 }

// flatClass is an edge labelled by a class; bit is the class as a set.
type flatClass struct {
	class Class
	next  int32
	bit   classSet
}

func (n *flatNode) leaf() bool { return n.nedge == 0 && n.nclass == 0 }

// child returns node n's child for word id w, or 0.
func (f *flatTrie) child(n *flatNode, w int32) int32 {
	edges := f.edges[n.edge : n.edge+n.nedge]
	if len(edges) <= maxScan {
		for _, e := range edges {
			if e.word == w {
				return e.next
			}
		}
		return 0
	}
	if !f.filters[n.filter].has(w) {
		return 0
	}
	lo, hi := 0, len(edges)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch x := edges[mid].word; {
		case x == w:
			return edges[mid].next
		case x < w:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0
}

// worthVisiting reports whether node n may lead anywhere from token j (of
// a sentence ending before token end): it is no leaf, j is in the
// sentence, and if n's only way on is a word edge that its filter says
// token j's word is not on, it cannot. Not pushing such a state spares a
// visit per token to the node after the root's {word} edge.
func (f *flatTrie) worthVisiting(n *flatNode, j, end int, toks []Token) bool {
	switch {
	case n.leaf() || j >= end:
		return false
	case n.nclass == 0 && n.filter >= 0:
		return f.filters[n.filter].has(toks[j].word)
	}
	return true
}

// freeze builds the flat form of m's trie. The order of each node's class
// edges and accepts is kept, so scan reports matches in the same order the
// pointer trie would.
func (m *matcher) freeze() *flatTrie {
	f := &flatTrie{dict: &dictionary{words: lexiconWords.copyWords()}}
	// Nodes are numbered breadth first; a node's number is kept in its
	// flat field (plus one, so that 0 means not yet numbered). Children are
	// numbered before their parent is written out.
	queue := []*trieNode{m.root}
	m.root.flat = 1
	defer func() {
		for _, n := range queue {
			n.flat = 0 // the matcher may grow and be frozen again
		}
	}()
	// made bounds the number of nodes (some were replaced by copies).
	f.nodes = make([]flatNode, 0, m.made)
	f.edges = make([]wordEdge, 0, m.made)
	var edges []wordEdge
	for k := 0; k < len(queue); k++ {
		n := queue[k]
		edges = edges[:0]
		for _, e := range n.few { // every word edge, in insertion order
			edges = append(edges, wordEdge{f.wordID(e.lit), number(&queue, e.next)})
		}
		// By word, for child's search; most nodes have one or two edges, so
		// a plain insertion sort, with order.Sort only for the wide ones.
		if len(edges) > 16 {
			order.Sort(edges, func(a, b *wordEdge) bool { return a.word < b.word })
		} else {
			for i := 1; i < len(edges); i++ {
				for j := i; j > 0 && edges[j].word < edges[j-1].word; j-- {
					edges[j], edges[j-1] = edges[j-1], edges[j]
				}
			}
		}
		fn := flatNode{edge: int32(len(f.edges)), nedge: int32(len(edges)), filter: -1}
		if len(edges) > maxScan {
			var b wordFilter
			for _, e := range edges {
				b.add(e.word)
			}
			fn.filter = int32(len(f.filters))
			f.filters = append(f.filters, b)
		}
		f.edges = append(f.edges, edges...)
		fn.class, fn.nclass = int32(len(f.classes)), int32(len(n.classes))
		for _, e := range n.classes {
			fc := flatClass{class: e.class, next: number(&queue, e.next)}
			if e.class > ClassNone && e.class < numClasses {
				fc.bit = 1 << e.class
			}
			fn.classes |= fc.bit
			f.classes = append(f.classes, fc)
		}
		fn.acc, fn.nacc = int32(len(f.accepts)), int32(len(n.accepts))
		f.accepts = append(f.accepts, n.accepts...)
		f.nodes = append(f.nodes, fn)
	}
	f.dict = newDictionary(f.dict.words) // every word numbered: build the table
	f.rootNext = make([]int32, f.nwords+1)
	root := &f.nodes[0]
	for _, e := range f.edges[root.edge : root.edge+root.nedge] {
		f.rootNext[e.word] = e.next
	}
	return f
}

// number returns n's number in the frozen trie, appending it to queue if
// it has none yet.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func number(queue *[]*trieNode, n *trieNode) int32 {
	if n.flat == 0 {
		*queue = append(*queue, n)
		n.flat = int32(len(*queue))
	}
	return n.flat - 1
}

// wordID returns the number of word lit, numbering it if new.
func (f *flatTrie) wordID(lit string) int32 {
	info := f.dict.words[lit]
	if info.id == 0 {
		f.nwords++
		info.norm, info.id = lit, f.nwords
		f.dict.words[lit] = info
	}
	return info.id
}

// scan returns every pattern occurrence in t. Matches never cross a sentence
// boundary.
func (m *matcher) scan(t *Text, out []rawMatch) []rawMatch {
	if m.flat == nil {
		m.flat = m.freeze()
	}
	f := m.flat
	if t.dict != f.dict {
		t = analyzeWith(t.Raw, f.dict) // words numbered by this trie
	}
	toks := t.Tokens
	// The matches are appended through a pointer, which keeps that slice
	// in memory: the walk holds more values than there are registers, and
	// out in registers was spilled and reloaded around every step
	// (callgrind: 148k -> 129k instructions a scan).
	found := &out
	// A state is a node and the token to read next from it.
	type state struct{ n, j int32 }
	var stack [64]state
	sp := stack[:0]
	// Matches never cross a sentence boundary. The sentences are read from
	// t, not ranged over: the range's three values, live through the walk,
	// cost more spills than the loads (callgrind: 130k -> 125k a scan).
	for k := 0; k < len(t.Sentences); k++ {
		end := t.Sentences[k][1]
		for i := t.Sentences[k][0]; i < end; i++ {
			// Every token starts a walk at the root: it is visited first
			// rather than pushed and popped at once.
			st := state{0, int32(i)}
			for {
				j := int(st.j)
				tok := &toks[j]
				n := &f.nodes[st.n]
				// The root's word child is one index; deeper nodes have few.
				var next int32
				if st.n == 0 {
					next = f.rootNext[tok.word]
				} else if tok.word != 0 { // a word no edge holds
					next = f.child(n, tok.word)
				}
				if next != 0 {
					nn := &f.nodes[next]
					if nn.nacc > 0 {
						for _, a := range f.accepts[nn.acc : nn.acc+nn.nacc] {
							*found = append(*found, rawMatch{i, j, a})
						}
					}
					if f.worthVisiting(nn, j+1, end, toks) {
						sp = append(sp, state{next, st.j + 1})
					}
				}
				// Most nodes have no class edge; the others try theirs
				// against the set of classes the token is in.
				if cs := n.classes; cs != 0 && !tok.Punct {
					cs &= tokenClasses(tok)
					if cs&textClasses != 0 {
						cs = textClassesOf(cs, tok, t.Raw)
					}
					for _, e := range f.classes[n.class : n.class+n.nclass] {
						if cs&e.bit == 0 {
							continue
						}
						nn := &f.nodes[e.next]
						if nn.nacc > 0 {
							for _, a := range f.accepts[nn.acc : nn.acc+nn.nacc] {
								*found = append(*found, rawMatch{i, j, a})
							}
						}
						if f.worthVisiting(nn, j+1, end, toks) {
							sp = append(sp, state{e.next, st.j + 1})
						}
					}
				}
				if len(sp) == 0 {
					break
				}
				st = sp[len(sp)-1]
				sp = sp[:len(sp)-1]
			}
		}
	}
	return out
}

// textClassesOf returns class set cs without the textClasses that token
// tok (in raw text raw) is not in.
func textClassesOf(cs classSet, tok *Token, raw string) classSet {
	for c := ClassNone; c < numClasses; c++ {
		if bit := classSet(1) << c; cs&bit&textClasses != 0 && !c.matchesText(tok, raw) {
			cs &^= bit
		}
	}
	return cs
}

// classSet is a set of classes, bit c for class c. It is 32 bits wide
// only so that flatNode and flatClass have no padding: padded, each needs
// a generated equality function in the wasm.
type classSet uint32

const _ = classSet(1 << (numClasses - 1)) // every class has a bit

// textClasses are the classes a token's text decides (matchesText).
const textClasses classSet = 1<<ClassTime | 1<<ClassName

// anyClassFlag is every flag in classFlags.
const anyClassFlag = flagNumberWord | flagNumeral | flagWeekday | flagMonth

// tokenClasses returns the classes word token tok is in, as Class.matches
// says, plus textClasses, which it may be in.
func tokenClasses(tok *Token) classSet {
	s := classSet(1)<<ClassWord | textClasses
	if fl := tok.flags; fl&anyClassFlag != 0 {
		for c, cf := range classFlags {
			if fl&cf != 0 {
				s |= 1 << c
			}
		}
	}
	return s
}
