package bridge

import (
	"unicode/utf8"

	"github.com/alwaysbehelping/abh/internal/order"
)

// UTF16Offsets converts UTF-8 byte offsets into s to UTF-16 code unit offsets
// (what JavaScript string indices count) in one pass over s. out[i] is the
// conversion of offs[i]. An offset inside a multi-byte character is treated
// as the start of that character; offsets past the end clamp to the length.
// Invalid bytes count as one unit each (JavaScript decodes them to U+FFFD).
func UTF16Offsets(s string, offs []int) []int {
	out := make([]int, len(offs))
	if len(offs) == 0 {
		return out
	}
	byOffset := make([]int, len(offs))
	for i := range byOffset {
		byOffset[i] = i
	}
	order.Stable(byOffset, func(a, b *int) bool { return offs[*a] < offs[*b] })
	pos, units := 0, 0
	for _, i := range byOffset {
		target := offs[i]
		if target > len(s) {
			target = len(s)
		}
		for pos < target {
			r, size := utf8.DecodeRuneInString(s[pos:])
			if pos+size > target {
				break // target is inside this character
			}
			if r >= 0x10000 {
				units += 2
			} else {
				units++
			}
			pos += size
		}
		out[i] = units
	}
	return out
}

// UTF16Len is the length of s in UTF-16 code units.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// ByteOffset converts a UTF-16 code unit offset into s to a UTF-8 byte
// offset (the inverse of UTF16Offsets, for offsets coming from JavaScript).
// An offset between the two halves of a surrogate pair maps to the start of
// that character; offsets past the end clamp to len(s).
func ByteOffset(s string, u16 int) int {
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > u16 {
			return i
		}
		units += w
	}
	return len(s)
}
