package rules

// matcher is one token trie holding every phrase-like pattern of a pack
// (phrase, rewrite and conditional patterns, and their exceptions). Matching
// walks the trie from each token, so its cost grows with the length of the
// text and the depth of the trie, not with the number of rules.
//
// Strictly it is a trie only at the front: the branches of an alternation or
// an optional word share the nodes that follow them ("before (we|i) can …"
// builds "can …" once, not twice), which keeps a pattern with many choices
// linear in size rather than the product of its choices. A pattern that walks
// into a shared node from only some of its parents gets a copy of its own
// first (copy on write; see step), so no insertion ever adds a path or an
// accept to a word sequence it does not stand for.
type matcher struct {
	root    *trieNode
	accepts []accept
	// gen numbers the insertions; a node records the last one that made,
	// copied or extended it (see own).
	gen int32
	// tree makes the current insertion build a plain trie (see shareable);
	// treeOnly makes every insertion do so; conflict records that a shared
	// insertion went wrong and the trie must be rebuilt.
	tree, treeOnly, conflict bool
	// scratch is the matcher shareable tries patterns in, pool the nodes it
	// reuses for each try and made how many nodes it has made.
	scratch *matcher
	pool    []trieNode
	made    int
	// slab is where new trie nodes come from, a chunk at a time, so that
	// compiling tens of thousands of nodes costs few allocations.
	slab []trieNode
	// flat is the trie frozen for scanning (see freeze); add drops it.
	flat *flatTrie
}

// slabSize is how many trie nodes the matcher allocates at once.
const slabSize = 512

// newNode returns a fresh, empty trie node.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func (m *matcher) newNode() *trieNode {
	if len(m.slab) == 0 {
		m.slab = make([]trieNode, slabSize)
	}
	n := &m.slab[0]
	m.slab = m.slab[1:]
	m.made++
	n.gen = m.gen
	return n
}

type trieNode struct {
	// Literal children, in the order they were added; once there are many,
	// also a map from word to child for lookups.
	few     []litEdge
	many    map[string]*trieNode
	classes []classEdge
	accepts []int32
	// refs is how many edges lead here; seen counts them while step runs;
	// gen is the last insertion that made, copied or extended the node.
	refs, seen, gen int32
	// flat numbers the node while freeze runs (see freeze).
	flat int32
}

type litEdge struct {
	lit  string
	next *trieNode
}

// maxFew is how many literal children a node looks up in its list; past
// that it also keeps a map.
const maxFew = 8

// child returns n's child for the literal word lit, or nil.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
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
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func (n *trieNode) addChild(lit string, next *trieNode) *trieNode {
	next.refs++
	n.few = append(n.few, litEdge{lit, next})
	switch {
	case n.many != nil:
		n.many[lit] = next
	case len(n.few) > maxFew:
		n.many = make(map[string]*trieNode, 2*maxFew)
		for _, e := range n.few {
			n.many[e.lit] = e.next
		}
	}
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
	m.flat = nil
	m.accepts = append(m.accepts, acc)
	m.place(int32(len(m.accepts)-1), m.treeOnly || !m.shareable(n))
	if m.conflict {
		m.rebuildAsTree()
	}
}

// place inserts the pattern of accept id, sharing the nodes that follow its
// choices unless tree is set.
func (m *matcher) place(id int32, tree bool) {
	m.gen++
	m.tree = tree
	for _, end := range m.insert([]*trieNode{m.root}, m.accepts[id].pat) {
		if end == m.root {
			continue
		}
		if k := len(end.accepts); k == 0 || end.accepts[k-1] != id {
			end.accepts = append(end.accepts, id)
		}
	}
}

// shareable reports whether pattern n can be inserted with shared nodes: it
// is not when one word sequence leads to two places in the pattern ("d [x] d
// d" reaches "d d" both before and after its optional part), because then a
// node the insertion already holds would have to be copied midway and the
// copy would miss the rest of the pattern. Such a pattern is inserted as a
// plain trie instead. The check inserts n alone into a scratch matcher.
func (m *matcher) shareable(n *patNode) bool {
	if !hasChoice(n) {
		return true // one path: nothing to share, nothing to conflict
	}
	s := m.scratch
	if s == nil {
		s = &matcher{pool: make([]trieNode, slabSize)}
		m.scratch = s
	}
	clear(s.pool[:min(s.made, len(s.pool))]) // reuse the nodes of the last try
	s.slab, s.made, s.conflict = s.pool, 0, false
	s.root = s.newNode()
	s.gen++
	s.insert([]*trieNode{s.root}, n)
	return !s.conflict
}

// hasChoice reports whether n has an alternation or an optional part.
func hasChoice(n *patNode) bool {
	if n.kind == 'a' && len(n.kids) > 1 || n.kind == 'o' {
		return true
	}
	for _, k := range n.kids {
		if hasChoice(k) {
			return true
		}
	}
	return false
}

// rebuildAsTree rebuilds the trie from every accept without shared nodes.
// Only a pattern whose conflict shareable did not foresee leads here; the
// result is larger but exact.
func (m *matcher) rebuildAsTree() {
	m.root, m.treeOnly, m.conflict = m.newNode(), true, false
	for id := range m.accepts {
		m.place(int32(id), true)
	}
}

// insert extends every node of from by pattern n and returns the nodes
// reached, without duplicates. The nodes of from that lack a child for a word
// all get the same new one.
func (m *matcher) insert(from []*trieNode, n *patNode) []*trieNode {
	switch n.kind {
	case 'l', 'c':
		return m.step(from, n)
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

// step extends every node of from by one word or class n (kind 'l' or 'c').
//
// A child that already exists is extended in place only when every edge into
// it comes from a node of from, that is when every word sequence reaching it
// is one the pattern being inserted is extending. Otherwise the nodes of from
// that lead to it get a copy of their own to extend, so other sequences (of
// this or another pattern) gain nothing.
func (m *matcher) step(from []*trieNode, n *patNode) []*trieNode {
	out := make([]*trieNode, 0, len(from))
	if m.tree {
		// Plain trie: every node of from gets a child of its own.
		for _, f := range from {
			next := edge(f, n)
			switch {
			case next == nil:
				next = m.newNode()
				link(f, n, next)
			case next.refs > 1:
				next = m.clone(next, 1)
				setEdge(f, n, next)
			}
			next.gen = m.gen
			out = append(out, next)
		}
		return out
	}
	var fresh *trieNode
	for _, f := range from {
		next := edge(f, n)
		if next == nil {
			if fresh == nil {
				fresh = m.newNode()
			}
			link(f, n, fresh)
			continue
		}
		if next.seen == 0 {
			out = append(out, next)
		}
		next.seen++
	}
	for i, y := range out {
		y.seen, out[i] = 0, m.own(from, n, y, y.seen)
	}
	if fresh != nil {
		out = append(out, fresh)
	}
	return out
}

// own returns y ready to be extended along n from the nodes of from, seen
// of which lead to it: y itself when every edge into y comes from one of
// them, else a copy that those nodes now lead to instead.
func (m *matcher) own(from []*trieNode, n *patNode, y *trieNode, seen int32) *trieNode {
	if seen == y.refs {
		y.gen = m.gen
		return y
	}
	if y.gen == m.gen {
		// This insertion already holds y as the end of an earlier part, and
		// the copy would not be extended with the rest from there.
		m.conflict = true
	}
	c := m.clone(y, seen)
	for _, f := range from {
		if edge(f, n) == y {
			setEdge(f, n, c)
		}
	}
	return c
}

// edge returns f's child along n (a word or a class), or nil.
func edge(f *trieNode, n *patNode) *trieNode {
	if n.kind == 'l' {
		return f.child(n.lit)
	}
	for _, e := range f.classes {
		if e.class == n.class {
			return e.next
		}
	}
	return nil
}

// link adds next as f's child along n.
func link(f *trieNode, n *patNode, next *trieNode) {
	if n.kind == 'l' {
		f.addChild(n.lit, next)
		return
	}
	next.refs++
	f.classes = append(f.classes, classEdge{n.class, next})
}

// setEdge points f's existing edge along n at next instead.
//
// Kept out of line (go:noinline): it is not on the analysis path, and
// inlined into its callers it grew the per-tab WebAssembly.
//
//go:noinline
func setEdge(f *trieNode, n *patNode, next *trieNode) {
	switch {
	case n.kind == 'c':
		for i := range f.classes {
			if f.classes[i].class == n.class {
				f.classes[i].next = next
			}
		}
	default:
		if f.many != nil {
			f.many[n.lit] = next
		}
		for i := range f.few {
			if f.few[i].lit == n.lit {
				f.few[i].next = next
			}
		}
	}
}

// clone returns a copy of n for refs of its parents' edges: the same
// children (now each with one more parent) and accepts.
func (m *matcher) clone(n *trieNode, refs int32) *trieNode {
	c := m.newNode()
	n.refs -= refs
	c.refs = refs
	if n.few != nil {
		c.few = append(make([]litEdge, 0, len(n.few)+1), n.few...)
		for _, e := range n.few {
			e.next.refs++
		}
	}
	if n.many != nil {
		c.many = make(map[string]*trieNode, len(n.many)+1)
		for k, v := range n.many {
			c.many[k] = v
		}
	}
	if n.classes != nil {
		c.classes = append([]classEdge(nil), n.classes...)
		for _, e := range n.classes {
			e.next.refs++
		}
	}
	if n.accepts != nil {
		c.accepts = append([]int32(nil), n.accepts...)
	}
	return c
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
