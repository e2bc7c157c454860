package packjson

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

// Writer builds a JSON document value by value, with the bytes encoding/json
// produces for the same values: strings escaped as by an Encoder with
// SetEscapeHTML(false), numbers as encoding/json formats int and float64, and,
// with Indent set, the layout of SetIndent("", Indent). The caller writes
// object fields in struct order and leaves out omitempty fields itself.
//
// The zero Writer writes compact JSON.
//
// Its methods are kept out of line (go:noinline): inlined, each key and
// value written grew its caller by hundreds of bytes, which cost the
// per-tab WebAssembly 7 KB gzip in all; a call per value costs little.
type Writer struct {
	// Indent is the indentation of one level; empty for compact output.
	Indent string

	buf      []byte
	depth    int
	first    bool // inside a container that has no element yet
	afterKey bool // a key was written; its value comes next
	err      error
}

// Bytes returns the document written so far, or the first error (a NaN or
// infinite float, which JSON cannot represent).
func (w *Writer) Bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return w.buf, nil
}

// Grow makes room for n more bytes of output, so that a caller who knows
// roughly how long the output will be saves the buffer's regrowth.
func (w *Writer) Grow(n int) {
	if cap(w.buf)-len(w.buf) < n {
		buf := make([]byte, len(w.buf), len(w.buf)+n)
		copy(buf, w.buf)
		w.buf = buf
	}
}

// sep writes what goes before a value or key: nothing after a key, else a
// comma after an earlier element and, when indenting, a new line.
//
//go:noinline
func (w *Writer) sep() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	if w.depth == 0 {
		return
	}
	if w.first {
		w.first = false
	} else {
		w.buf = append(w.buf, ',')
	}
	w.newline(w.depth)
}

func (w *Writer) newline(depth int) {
	if w.Indent == "" {
		return
	}
	w.buf = append(w.buf, '\n')
	for range depth {
		w.buf = append(w.buf, w.Indent...)
	}
}

//go:noinline
func (w *Writer) begin(c byte) {
	w.sep()
	w.buf = append(w.buf, c)
	w.depth++
	w.first = true
}

//go:noinline
func (w *Writer) end(c byte) {
	w.depth--
	if !w.first {
		w.newline(w.depth) // an empty container stays {} or []
	}
	w.buf = append(w.buf, c)
	w.first = false
}

// BeginObject starts an object; EndObject ends it.
func (w *Writer) BeginObject() { w.begin('{') }

// EndObject ends the innermost object.
func (w *Writer) EndObject() { w.end('}') }

// BeginArray starts an array; EndArray ends it.
func (w *Writer) BeginArray() { w.begin('[') }

// EndArray ends the innermost array.
func (w *Writer) EndArray() { w.end(']') }

// Key writes an object key; the next call writes its value.
//
//go:noinline
func (w *Writer) Key(k string) {
	w.sep()
	w.buf = AppendString(w.buf, k)
	w.buf = append(w.buf, ':')
	if w.Indent != "" {
		w.buf = append(w.buf, ' ')
	}
	w.afterKey = true
}

// String writes a string value.
//
//go:noinline
func (w *Writer) String(s string) {
	w.sep()
	w.buf = AppendString(w.buf, s)
}

// Int writes an integer value.
//
//go:noinline
func (w *Writer) Int(i int) {
	w.sep()
	w.buf = strconv.AppendInt(w.buf, int64(i), 10)
}

// Float writes a float64 value. NaN and infinities are recorded as the
// Writer's error, with encoding/json's message.
//
//go:noinline
func (w *Writer) Float(f float64) {
	w.sep()
	var err error
	w.buf, err = AppendFloat(w.buf, f)
	if err != nil && w.err == nil {
		w.err = err
	}
}

// Decimal writes v rounded to places decimal places (0 to 15), as
// AppendDecimal does. A value out of its range is recorded as the Writer's
// error.
//
//go:noinline
func (w *Writer) Decimal(v float64, places int) {
	w.sep()
	var err error
	w.buf, err = AppendDecimal(w.buf, v, places)
	if err != nil && w.err == nil {
		w.err = err
	}
}

// Bool writes true or false.
//
//go:noinline
func (w *Writer) Bool(b bool) {
	w.sep()
	w.buf = strconv.AppendBool(w.buf, b)
}

// Null writes null.
//
//go:noinline
func (w *Writer) Null() {
	w.sep()
	w.buf = append(w.buf, "null"...)
}

// Strings writes a list of strings: null for a nil slice, as encoding/json
// does.
func (w *Writer) Strings(list []string) {
	if list == nil {
		w.Null()
		return
	}
	w.BeginArray()
	for _, s := range list {
		w.String(s)
	}
	w.EndArray()
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string exactly as encoding/json writes it
// with HTML escaping off: '"' and '\\' escaped, control characters as \b \f
// \n \r \t or \u00XX, each invalid UTF-8 byte as \ufffd, and U+2028 and
// U+2029 as \u2028 and \u2029.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= ' ' && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendFloat appends f as encoding/json writes a float64: like strconv 'f'
// formatting, switching to an exponent (without a leading zero) below 1e-6
// and from 1e21. NaN and infinities are an error with encoding/json's
// message, and dst is returned unchanged.
func AppendFloat(dst []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64))
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

// pow10 holds the scales AppendDecimal rounds to.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

var errDecimalRange = errors.New("packjson: decimal value out of range (NaN, infinite, or 10^15 units of its last place or more)")

// AppendDecimal appends v rounded to places decimal places, with the
// fraction's trailing zeros and a fraction of zero left out: 0.5, 12, -0.25.
// For a v that already has at most places decimals, such as
// math.Round(x*100)/100 for places 2, that is what AppendFloat and
// encoding/json write. It carries no float-printing code, which keeps it
// small in the per-tab WebAssembly. places must be 0 to 15. A NaN, an
// infinity, or a value of 10^15 units of the last place or more is an error,
// and dst is returned unchanged: up to 15 digits, a decimal survives the
// trip through a float64 and the scaling by 10^places exactly.
func AppendDecimal(dst []byte, v float64, places int) ([]byte, error) {
	units := math.Round(math.Abs(v) * pow10[places])
	if !(units < 1e15) { // also NaN
		return dst, errDecimalRange
	}
	var buf [24]byte // 16 digits, a point and a sign at most
	i := len(buf)
	u := uint64(units)
	inFraction := false // a nonzero fraction digit has been written
	for range places {
		if d := byte(u % 10); d != 0 || inFraction {
			i--
			buf[i] = '0' + d
			inFraction = true
		}
		u /= 10
	}
	if inFraction {
		i--
		buf[i] = '.'
	}
	for {
		i--
		buf[i] = '0' + byte(u%10)
		if u /= 10; u == 0 {
			break
		}
	}
	if math.Signbit(v) {
		i--
		buf[i] = '-'
	}
	return append(dst, buf[i:]...), nil
}
