package rules

import "strings"

// wordInfo is what an analysis needs to know about a normalised word, found
// with one lookup per token: its lexicon flags and its number in an engine's
// trie.
type wordInfo struct {
	// norm is the word itself, so that a token found by its lower-cased
	// bytes can reuse the string instead of allocating one.
	norm  string
	id    int32 // the trie's number for the word (0: labels no edge)
	flags wordFlag
	// syllables is countSyllables(norm) when under 256, else 0.
	syllables uint8
}

// dictionary maps normalised words to what is known about them. Lookups are
// the tokenizer's hottest step, so besides the map it is built from it
// keeps an open-addressing table probed by a hash of the word's lower-cased
// bytes: a capitalised token is found without lower-casing it first.
type dictionary struct {
	words map[string]wordInfo
	// slots is the table (a power of two of them, at most half full); a
	// slot holds a word's hash next to what is known about it, so that a
	// lookup reads one cache line. Hash 0 marks an empty slot.
	slots []dictSlot
	mask  uint32
}

// dictSlot is one slot of a dictionary's table.
type dictSlot struct {
	info wordInfo
	hash uint32
}

// newDictionary builds the dictionary of words (keyed by their normalised
// form), which it takes over.
func newDictionary(words map[string]wordInfo) *dictionary {
	size := 16
	for size < 2*len(words) {
		size *= 2
	}
	d := &dictionary{words: words, slots: make([]dictSlot, size), mask: uint32(size - 1)}
	for w, info := range words {
		info.norm = w
		if n := countSyllables(w); n < 256 {
			info.syllables = uint8(n)
		}
		words[w] = info // the map answers the same for words with typographic characters
		h := foldHash(w)
		i := h & d.mask
		for d.slots[i].hash != 0 {
			i = (i + 1) & d.mask
		}
		d.slots[i] = dictSlot{info, h}
	}
	return d
}

// copyWords returns a copy of d's words, to build a larger dictionary from.
// Not inlined: an inlined map loop costs kilobytes of every tab's wasm.
//
//go:noinline
func (d *dictionary) copyWords() map[string]wordInfo {
	words := make(map[string]wordInfo, len(d.words))
	for w, info := range d.words {
		words[w] = info
	}
	return words
}

// FNV-1a's constants, for foldHash and for the tokenizer, which works the
// hash out as it reads a word.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// foldHash is FNV-1a over the bytes of s with ASCII letters lower-cased,
// never 0 (0 marks an empty slot).
func foldHash(s string) uint32 {
	h := uint32(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint32(c)) * fnvPrime
	}
	return nonZero(h)
}

// nonZero returns hash h, or 1 for 0 (0 marks an empty slot).
func nonZero(h uint32) uint32 {
	if h == 0 {
		return 1
	}
	return h
}

// probe finds the word equal to s with ASCII letters lower-cased among the
// slots for hash h, s's foldHash, and returns what d knows about it (nil:
// nothing). The answer is d's own, to read, not to change: a pointer, not
// a copy, as the tokenizer reads only some of it.
func (d *dictionary) probe(s string, h uint32) *wordInfo {
	slots, mask := d.slots, d.mask // read once, not at every slot
	for i := h & mask; ; i = (i + 1) & mask {
		slot := &slots[i]
		switch slot.hash {
		case 0:
			return nil
		case h:
			if equalFoldASCII(slot.info.norm, s) {
				return &slot.info
			}
		}
	}
}

// equalFoldASCII reports whether lower-case word w equals s with s's ASCII
// letters lower-cased. (Words are short: a loop here costs less than
// memequal's call, around which probe would keep its registers on the
// stack.)
func equalFoldASCII(w, s string) bool {
	if len(w) != len(s) {
		return false
	}
	w = w[:len(s)]
	for i := 0; i < len(s); i++ {
		// Equal bytes first: the common case costs one comparison.
		if c := s[i]; c != w[i] && (c < 'A' || c > 'Z' || c+'a'-'A' != w[i]) {
			return false
		}
	}
	return true
}

// lookupWord returns the normalised form of word token w and what dict
// knows about it. It allocates only for a capitalised word dict does not
// hold (or one with typographic characters): lower-case ASCII words are
// their own normalised form, and a known word's form is dict's own string.
func lookupWord(w string, dict *dictionary) (string, wordInfo) {
	upper := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || c == '`' {
			n := Normalize(w)
			return n, dict.words[n]
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if info := dict.probe(w, foldHash(w)); info != nil {
		return info.norm, *info
	}
	if upper {
		return strings.ToLower(w), wordInfo{}
	}
	return w, wordInfo{}
}
