// Package order sorts slices through package sort's interface-based
// algorithms only.
//
// The WebAssembly build links sort.Sort anyway (regexp/syntax uses it).
// sort.Slice, sort.SliceStable and sort.Strings (which goes through
// slices.Sort) would each add another full copy of the sorting code to
// every tab's download; these wrappers reuse the one copy instead.
package order

import "sort"

// Sort sorts list by less; equal elements may be reordered.
func Sort[T any](list []T, less func(a, b *T) bool) {
	sort.Sort(sorter[T]{list, less})
}

// Stable sorts list by less, keeping the order of equal elements.
func Stable[T any](list []T, less func(a, b *T) bool) {
	sort.Stable(sorter[T]{list, less})
}

// Strings sorts list in increasing order.
func Strings(list []string) {
	sort.Sort(sort.StringSlice(list))
}

// sorter is list as a sort.Interface ordered by less.
type sorter[T any] struct {
	list []T
	less func(a, b *T) bool
}

func (s sorter[T]) Len() int           { return len(s.list) }
func (s sorter[T]) Less(i, j int) bool { return s.less(&s.list[i], &s.list[j]) }
func (s sorter[T]) Swap(i, j int)      { s.list[i], s.list[j] = s.list[j], s.list[i] }
