package rules

import (
	"math/rand/v2"
	"slices"
	"sort"
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
