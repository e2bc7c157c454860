package rules

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
)

// refEnds is a reference matcher straight from the pattern tree: the token
// positions just past every way n can match toks starting at j.
func refEnds(n *patNode, t *Text, j int) []int {
	toks := t.Tokens
	switch n.kind {
	case 'l':
		if j < len(toks) && toks[j].Norm == n.lit {
			return []int{j + 1}
		}
		return nil
	case 'c':
		if j < len(toks) && n.class.matches(&toks[j], t.Raw) {
			return []int{j + 1}
		}
		return nil
	case 'o':
		return append([]int{j}, refEnds(n.kids[0], t, j)...)
	case 'a':
		var out []int
		for _, k := range n.kids {
			out = append(out, refEnds(k, t, j)...)
		}
		return out
	}
	cur := []int{j}
	for _, k := range n.kids {
		var next []int
		for _, c := range cur {
			next = append(next, refEnds(k, t, c)...)
		}
		cur = next
	}
	return cur
}

// randPattern writes a random pattern over a tiny vocabulary, so that
// patterns share prefixes and suffixes and the shared nodes of the matcher
// are exercised hard.
func randPattern(r *rand.Rand, depth int) string {
	words := []string{"a", "b", "c", "d"}
	n := 1 + r.IntN(4)
	parts := make([]string, 0, n)
	for range n {
		switch k := r.IntN(10); {
		case k < 5 || depth > 1:
			parts = append(parts, words[r.IntN(len(words))])
		case k < 6:
			// Every class, so that nodes hold several class edges (the
			// scan tests a token against a node's set of classes).
			classes := []string{"{number}", "{number}", "{word}", "{weekday}", "{month}", "{time}", "{name}"}
			parts = append(parts, classes[r.IntN(len(classes))])
		case k < 8:
			alts := make([]string, 2+r.IntN(2))
			for i := range alts {
				alts[i] = randPattern(r, depth+1)
			}
			parts = append(parts, "("+strings.Join(alts, "|")+")")
		default:
			parts = append(parts, "["+randPattern(r, depth+1)+"]")
		}
	}
	return strings.Join(parts, " ")
}

// The matcher, with its shared and copied nodes, finds exactly the
// occurrences a direct walk of each pattern's tree finds, however many
// overlapping patterns it holds.
func TestMatcherAgreesWithPatternTrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var plain, shared, rebuilt int
	defer func() {
		t.Logf("%d patterns inserted with shared nodes, %d as a plain trie; %d matchers rebuilt", shared, plain, rebuilt)
		if shared == 0 || plain == 0 {
			t.Error("the random patterns did not exercise both ways of inserting")
		}
	}()
	for round := range 300 {
		m := &matcher{}
		m.root = m.newNode()
		var pats []*patNode
		var srcs []string
		for len(pats) < 1+r.IntN(40) {
			src := randPattern(r, 0)
			n, ncap, err := parsePattern(src)
			if err != nil {
				continue
			}
			if m.shareable(n) {
				shared++
			} else {
				plain++
			}
			m.add(n, ncap, accept{rule: len(pats)})
			pats = append(pats, n)
			srcs = append(srcs, src)
		}
		if m.treeOnly {
			rebuilt++
		}
		// The same patterns again, rebuilt as a plain trie (what add falls
		// back to), must match the same.
		plainTrie := &matcher{}
		plainTrie.root = plainTrie.newNode()
		for i, p := range pats {
			plainTrie.add(p, 0, accept{rule: i})
		}
		plainTrie.rebuildAsTree()
		vocab := []string{"a", "b", "c", "d", "7", "e", "Monday", "May", "10am", "B", "two", "."}
		for range 10 {
			words := make([]string, 1+r.IntN(12))
			for i := range words {
				words[i] = vocab[r.IntN(len(vocab))]
			}
			text := Analyze(strings.Join(words, " "))
			var got, want, gotPlain []string
			for _, x := range m.scan(text, nil) {
				got = append(got, key(m.accepts[x.acc].rule, x.first, x.last))
			}
			for _, x := range plainTrie.scan(text, nil) {
				gotPlain = append(gotPlain, key(plainTrie.accepts[x.acc].rule, x.first, x.last))
			}
			for i, p := range pats {
				for first := range text.Tokens {
					for _, end := range refEnds(p, text, first) {
						if end > first {
							want = append(want, key(i, first, end-1))
						}
					}
				}
			}
			got, want, gotPlain = dedupSorted(got), dedupSorted(want), dedupSorted(gotPlain)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("round %d, text %q:\n got %v\nwant %v\npatterns:\n%s", round, text.Raw, got, want, strings.Join(srcs, "\n"))
			}
			if strings.Join(gotPlain, " ") != strings.Join(want, " ") {
				t.Fatalf("round %d, plain trie, text %q:\n got %v\nwant %v\npatterns:\n%s", round, text.Raw, gotPlain, want, strings.Join(srcs, "\n"))
			}
		}
	}
}

func key(rule, first, last int) string {
	return strings.Join([]string{itoa(rule), itoa(first), itoa(last)}, ":")
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func dedupSorted(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// The parser's shortcut for plain lower-case words splits them exactly as
// the tokenizer would.
func TestPlainWordsTokenizeToThemselves(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const alphabet = "abz09 "
	for range 5000 {
		b := make([]byte, 1+r.IntN(20))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		src := string(b)
		if !plainWords(src) {
			t.Fatalf("plainWords(%q) = false", src)
		}
		n, _, err := parsePattern(src)
		if err != nil {
			continue // only spaces: no word
		}
		var got []string
		for _, k := range n.kids {
			got = append(got, k.lit)
		}
		tx := &Text{Raw: src}
		tx.tokenize(lexiconWords)
		var want []string
		for _, tok := range tx.Tokens {
			want = append(want, tok.Norm)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("%q: parsed %q, tokenized %q", src, got, want)
		}
	}
}

// The scan's class sets (tokenClasses, refined by textClassesOf) say of
// every token and class what Class.matches says.
func TestTokenClassesAgreeWithMatches(t *testing.T) {
	var all wordFlag
	for _, f := range classFlags {
		all |= f
	}
	if all != anyClassFlag {
		t.Fatalf("anyClassFlag is %b, classFlags hold %b", anyClassFlag, all)
	}
	text := Analyze("Monday may 10am, noon: Bob met 3 of $40 twenty several today. March 10:30 Zed 1st midnight x")
	for k := range text.Tokens {
		tok := &text.Tokens[k]
		var cs classSet
		if !tok.Punct {
			cs = textClassesOf(tokenClasses(tok), tok, text.Raw)
		}
		for c := ClassNone; c < numClasses; c++ {
			if got, want := cs&(1<<c) != 0, c.matches(tok, text.Raw); got != want {
				t.Errorf("token %q, class %d: in the set %v, matches %v", tok.Norm, c, got, want)
			}
		}
	}
}

// The binder's shortcut, skipping alternatives whose lead is not the next
// token, binds exactly what trying every alternative binds, and accepts
// exactly the same token runs.
func TestBinderLeadsChangeNothing(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	bind := func(n *patNode, ncap int, toks []Token, raw string) (bool, []span) {
		b := binder{toks: toks, raw: raw, caps: make([]span, ncap)}
		for i := range b.caps {
			b.caps[i] = span{-1, -1}
		}
		return b.match(n, 0, &cont{kind: 'e'}), b.caps
	}
	var clearLeads func(n *patNode)
	clearLeads = func(n *patNode) {
		if n.kind != 'l' {
			n.lit = ""
		}
		for _, k := range n.kids {
			clearLeads(k)
		}
	}
	var leads func(n *patNode) int // how many alternatives have a lead
	leads = func(n *patNode) int {
		k := 0
		for _, kid := range n.kids {
			if n.kind == 'a' && kid.lit != "" {
				k++
			}
			k += leads(kid)
		}
		return k
	}
	vocab := []string{"a", "b", "c", "d", "7", "Monday", "May", "10am", "B", "."}
	matched, skipped := 0, 0
	for range 2000 {
		src := randPattern(r, 0)
		n, ncap, err := parsePattern(src)
		if err != nil {
			continue
		}
		plain, _, _ := parsePattern(src)
		clearLeads(plain)
		words := make([]string, 1+r.IntN(8))
		for i := range words {
			words[i] = vocab[r.IntN(len(vocab))]
		}
		text := Analyze(strings.Join(words, " "))
		for i := range text.Tokens {
			for j := i + 1; j <= len(text.Tokens); j++ {
				toks := text.Tokens[i:j]
				ok, caps := bind(n, ncap, toks, text.Raw)
				wantOK, want := bind(plain, ncap, toks, text.Raw)
				if ok != wantOK || fmt.Sprint(caps) != fmt.Sprint(want) {
					t.Fatalf("pattern %q on %q: got %v %v, want %v %v", src, text.Raw[toks[0].Start:toks[len(toks)-1].End], ok, caps, wantOK, want)
				}
				if ok {
					matched++
				}
			}
		}
		if leads(n) > 0 {
			skipped++
		}
	}
	if matched < 200 || skipped == 0 {
		t.Errorf("only %d matches bound, %d patterns with leads: the test exercises too little", matched, skipped)
	}
	t.Logf("%d matches bound, %d patterns with leads", matched, skipped)
}
