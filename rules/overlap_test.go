package rules

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

// sortKeys orders by x, then y, and keeps equal keys in their order, for
// the few keys sorted by insertion and the many sorted by sortStable.
func TestSortKeysIsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for n := range 120 {
		keys := make([]overlapKey, n)
		for i := range keys {
			keys[i] = overlapKey{x: uint64(r.IntN(4)), y: uint64(r.IntN(4)), i: i}
		}
		want := slices.Clone(keys)
		sort.SliceStable(want, func(a, b int) bool {
			return want[a].x < want[b].x || want[a].x == want[b].x && want[a].y < want[b].y
		})
		sortKeys(keys)
		if !slices.Equal(keys, want) {
			t.Fatalf("%d keys: sortKeys = %v, want %v", n, keys, want)
		}
	}
}

// placeHits visits only the hits in the slab, not every rule's slot: each
// rule's matches and exceptions must still be exactly what the matcher
// found for it, in order, with more rules hit than a small slab holds.
func TestPlaceHitsGivesEveryRuleItsHits(t *testing.T) {
	var rs []Rule
	var text []string
	for i := range 70 {
		w := fmt.Sprintf("zork%c%c", 'a'+i/26, 'a'+i%26)
		rs = append(rs, Rule{ID: w, Kind: "phrase", Category: "closing-pressure", Severity: "warning", Message: "m", Why: "w",
			Patterns: []string{w, w + " now"}, Exceptions: []string{"not " + w}, Examples: Examples{Fire: []string{w}}})
		text = append(text, w, w+" now", "not "+w+".")
	}
	e, err := Compile(&Pack{Name: "t", Version: "1", Rules: rs})
	if err != nil {
		t.Fatal(err)
	}
	a := &analysis{text: &Text{}}
	for range 2 { // a fresh analysis, then a reused one
		a.reset(e)
		a.text.analyze(strings.Join(text, " "), e.matcher.flat.dict)
		a.gatherHits()
		hitRules, exceptions := 0, 0
		// Every run lies in a.placed, where placeHits puts it (append
		// would otherwise find no room and copy it elsewhere).
		inPlaced := map[*rawMatch]bool{}
		for i := range a.placed[:cap(a.placed)] {
			inPlaced[&a.placed[:cap(a.placed)][i]] = true
		}
		for i := range e.rules {
			var want, wantEx []rawMatch
			for _, m := range a.found {
				if acc := e.matcher.accepts[m.acc]; acc.rule == i && acc.exception {
					wantEx = append(wantEx, m)
				} else if acc.rule == i && acc.condGroup == 0 {
					want = append(want, m)
				}
			}
			h := a.ruleHits(i)
			if h == nil {
				if want != nil || wantEx != nil {
					t.Fatalf("rule %d: no hits, want %v and exceptions %v", i, want, wantEx)
				}
				continue
			}
			hitRules++
			for _, run := range [][]rawMatch{h.matches, h.exceptions} {
				if len(run) > 0 && !inPlaced[&run[0]] {
					t.Fatalf("rule %d: a run outside the placed array", i)
				}
			}
			exceptions += len(h.exceptions)
			if fmt.Sprint(h.matches) != fmt.Sprint(want) || fmt.Sprint(h.exceptions) != fmt.Sprint(wantEx) {
				t.Fatalf("rule %d: hits %v and exceptions %v, want %v and %v", i, h.matches, h.exceptions, want, wantEx)
			}
		}
		if hitRules != len(rs) || exceptions != len(rs) {
			t.Fatalf("%d rules hit and %d exceptions, want %d of each", hitRules, exceptions, len(rs))
		}
	}
}
