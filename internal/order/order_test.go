package order

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// Sort and Stable order as the sort package's func-based versions do;
// Stable keeps equal elements in their order.
func TestAgreesWithSortPackage(t *testing.T) {
	type item struct{ key, seq int }
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		list := make([]item, n)
		for i := range list {
			list[i] = item{r.IntN(10), i}
		}
		less := func(a, b *item) bool { return a.key < b.key }
		got, want := slices.Clone(list), slices.Clone(list)
		Stable(got, less)
		sort.SliceStable(want, func(i, j int) bool { return want[i].key < want[j].key })
		if !slices.Equal(got, want) {
			t.Fatalf("Stable(%v) = %v, want %v", list, got, want)
		}
		got = slices.Clone(list)
		Sort(got, less)
		if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].key < got[j].key }) {
			t.Fatalf("Sort(%v) = %v, not in order", list, got)
		}
	}
	words := []string{"b", "a", "c", "a"}
	Strings(words)
	if !slices.Equal(words, []string{"a", "a", "b", "c"}) {
		t.Errorf("Strings = %v", words)
	}
}
