package packjson

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth is how deeply Skip lets arrays and objects nest, as encoding/json.
const maxDepth = 10000

// Decoder reads one JSON document value by value, for decoders written by
// hand for a known shape. It accepts exactly the JSON encoding/json accepts
// and decodes strings as encoding/json does (\u escapes with surrogate pairs;
// invalid UTF-8 and unpaired surrogates become U+FFFD). Errors name where in
// the document they happen, as a path like rules[3].examples.
//
// Its smallest, most used methods (skipSpace, peek, Null, StringsInto) are
// kept out of line (go:noinline): inlined into every hand-written decoder
// they cost the per-tab WebAssembly 7 KB gzip; decoding the built-in pack
// takes about 2% longer (0.92 → 0.94 ms natively).
type Decoder struct {
	data []byte
	pos  int
	path []step
}

// step is one level of the path to the value being decoded: an object key
// or, when key is empty and index >= 0, an array index.
type step struct {
	key   string
	index int
}

// NewDecoder returns a Decoder reading data.
func NewDecoder(data []byte) *Decoder {
	return &Decoder{data: data}
}

// Path is where the decoder is, e.g. "rules[3].examples"; empty at the top.
func (d *Decoder) Path() string {
	var b strings.Builder
	for _, s := range d.path {
		if s.index >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

// Error returns an error saying msg about the value being decoded, prefixed
// with its path.
func (d *Decoder) Error(msg string) error {
	if p := d.Path(); p != "" {
		return errors.New(p + ": " + msg)
	}
	return errors.New(msg)
}

// UnknownField is the error for an object key the caller does not know,
// located at the object (the key is not part of the path).
func (d *Decoder) UnknownField(key string) error {
	n := len(d.path)
	if n > 0 && d.path[n-1].index < 0 && d.path[n-1].key == key {
		d.path = d.path[:n-1]
		defer func() { d.path = d.path[:n] }()
	}
	return d.Error("unknown field " + strconv.Quote(key))
}

func (d *Decoder) syntaxError(msg string) error {
	return d.Error("invalid JSON at byte " + strconv.Itoa(d.pos) + ": " + msg)
}

func (d *Decoder) unexpected(what string) error {
	if d.pos >= len(d.data) {
		return d.syntaxError("unexpected end of input, expected " + what)
	}
	return d.syntaxError("unexpected " + quoteByte(d.data[d.pos]) + ", expected " + what)
}

func quoteByte(c byte) string {
	if c < utf8.RuneSelf {
		return strconv.QuoteRune(rune(c))
	}
	return "byte 0x" + strconv.FormatUint(uint64(c), 16)
}

// skipSpace skips JSON white space.
//
//go:noinline
func (d *Decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte (0 at the end).
//
//go:noinline
func (d *Decoder) peek() byte {
	d.skipSpace()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

// kind names the JSON type of a value starting with c, for type errors.
func kind(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return "a number"
	}
	return ""
}

// typeError is the error for a value of the wrong type where want was
// expected; a byte that starts no value is a syntax error.
func (d *Decoder) typeError(want string) error {
	c := d.peek()
	k := kind(c)
	switch c {
	case 0:
		return d.unexpected("a value")
	case 'n', 't', 'f':
		if err := d.Skip(); err != nil {
			return err // not a literal at all
		}
	}
	if k == "" {
		return d.unexpected("a value")
	}
	return d.Error("expected " + want + ", found " + k)
}

// Null consumes a null literal if one comes next and reports whether it did.
// encoding/json leaves a value untouched on null (and sets slices and
// pointers to nil), so decoders call Null first.
//
//go:noinline
func (d *Decoder) Null() bool {
	if d.peek() == 'n' && d.pos+4 <= len(d.data) && string(d.data[d.pos:d.pos+4]) == "null" {
		d.pos += 4
		return true
	}
	return false
}

func (d *Decoder) literal(lit string) error {
	if d.pos+len(lit) <= len(d.data) && string(d.data[d.pos:d.pos+len(lit)]) == lit {
		d.pos += len(lit)
		return nil
	}
	for i := 0; i < len(lit); i++ {
		if d.pos >= len(d.data) || d.data[d.pos] != lit[i] {
			return d.unexpected("the literal " + lit)
		}
		d.pos++
	}
	return nil
}

// Object reads an object, calling field for each key with the decoder
// positioned on its value; field must consume the value (or return an
// error). The key is pushed on the path while field runs.
func (d *Decoder) Object(field func(key string) error) error {
	if d.peek() != '{' {
		return d.typeError("an object")
	}
	d.pos++
	if d.peek() == '}' {
		d.pos++
		return nil
	}
	for {
		if d.peek() != '"' {
			return d.unexpected("a string key")
		}
		key, err := d.str()
		if err != nil {
			return err
		}
		if d.peek() != ':' {
			return d.unexpected("':' after an object key")
		}
		d.pos++
		d.path = append(d.path, step{key: key, index: -1})
		err = field(key)
		d.path = d.path[:len(d.path)-1]
		if err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return nil
		default:
			return d.unexpected("',' or '}' after an object value")
		}
	}
}

// Array reads an array, calling elem with each index with the decoder
// positioned on the element; elem must consume it. The index is pushed on
// the path while elem runs.
func (d *Decoder) Array(elem func(i int) error) error {
	if d.peek() != '[' {
		return d.typeError("an array")
	}
	d.pos++
	if d.peek() == ']' {
		d.pos++
		return nil
	}
	for i := 0; ; i++ {
		d.path = append(d.path, step{index: i})
		err := elem(i)
		d.path = d.path[:len(d.path)-1]
		if err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return nil
		default:
			return d.unexpected("',' or ']' after an array element")
		}
	}
}

// String reads a string.
func (d *Decoder) String() (string, error) {
	if d.peek() != '"' {
		return "", d.typeError("a string")
	}
	return d.str()
}

// Bool reads true or false.
func (d *Decoder) Bool() (bool, error) {
	switch d.peek() {
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	}
	return false, d.typeError("a boolean")
}

// number scans a number and returns its text.
func (d *Decoder) number() (string, error) {
	c := d.peek()
	if c != '-' && (c < '0' || c > '9') {
		return "", d.typeError("a number")
	}
	start := d.pos
	if c == '-' {
		d.pos++
	}
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	switch {
	case d.pos < len(d.data) && d.data[d.pos] == '0':
		d.pos++
	case digits() == 0:
		return "", d.unexpected("a digit")
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			return "", d.unexpected("a digit after the decimal point")
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			return "", d.unexpected("a digit in the exponent")
		}
	}
	return string(d.data[start:d.pos]), nil
}

// Int reads an integer (no fraction or exponent, as encoding/json wants for
// an int).
func (d *Decoder) Int() (int, error) {
	s, err := d.number()
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 10, strconv.IntSize)
	if err != nil {
		return 0, d.Error("expected an integer, found " + s)
	}
	return int(n), nil
}

// Float reads a number as a float64.
func (d *Decoder) Float() (float64, error) {
	s, err := d.number()
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, d.Error("number " + s + " is out of range")
	}
	return f, nil
}

// Skip reads and discards any one value, checking its syntax.
func (d *Decoder) Skip() error { return d.skip(1) }

func (d *Decoder) skip(depth int) error {
	switch c := d.peek(); c {
	case '{', '[':
		if depth > maxDepth {
			return d.syntaxError("nested too deeply")
		}
		if c == '{' {
			return d.Object(func(string) error { return d.skip(depth + 1) })
		}
		return d.Array(func(int) error { return d.skip(depth + 1) })
	case '"':
		_, err := d.str()
		return err
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	if kind(d.peek()) == "" {
		return d.unexpected("a value")
	}
	_, err := d.number()
	return err
}

// End checks that nothing but white space follows the document.
func (d *Decoder) End() error {
	if d.peek() != 0 || d.pos < len(d.data) {
		return d.syntaxError("unexpected data after the top-level value")
	}
	return nil
}

// str reads a string at d.pos (which is '"') and unquotes it as
// encoding/json does.
func (d *Decoder) str() (string, error) {
	d.pos++
	start := d.pos
	// Fast path: no escapes, no control characters, valid UTF-8.
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == '"' {
			s := string(d.data[start:d.pos])
			d.pos++
			return s, nil
		}
		if c == '\\' || c < ' ' {
			break
		}
		if c < utf8.RuneSelf {
			d.pos++
			continue
		}
		r, size := utf8.DecodeRune(d.data[d.pos:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		d.pos += size
	}
	b := make([]byte, 0, d.pos-start+16)
	b = append(b, d.data[start:d.pos]...)
	for {
		if d.pos >= len(d.data) {
			return "", d.syntaxError("unexpected end of input in a string")
		}
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(b), nil
		case c < ' ':
			return "", d.syntaxError("control character " + quoteByte(c) + " in a string")
		case c == '\\':
			d.pos++
			if d.pos >= len(d.data) {
				return "", d.syntaxError("unexpected end of input in a string")
			}
			switch e := d.data[d.pos]; e {
			case '"', '\\', '/':
				b = append(b, e)
				d.pos++
			case 'b':
				b = append(b, '\b')
				d.pos++
			case 'f':
				b = append(b, '\f')
				d.pos++
			case 'n':
				b = append(b, '\n')
				d.pos++
			case 'r':
				b = append(b, '\r')
				d.pos++
			case 't':
				b = append(b, '\t')
				d.pos++
			case 'u':
				d.pos--
				r := d.u4()
				if r < 0 {
					return "", d.syntaxError("invalid \\u escape in a string")
				}
				d.pos += 6
				if utf16.IsSurrogate(r) {
					if r2 := d.u4(); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
							d.pos += 6
							b = utf8.AppendRune(b, dec)
							break
						}
					}
					r = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", d.syntaxError("invalid escape " + quoteByte(e) + " in a string")
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			d.pos += size
			b = utf8.AppendRune(b, r)
		}
	}
}

// u4 decodes the \uXXXX escape at d.pos, or returns -1.
func (d *Decoder) u4() rune {
	if d.pos+6 > len(d.data) || d.data[d.pos] != '\\' || d.data[d.pos+1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range d.data[d.pos+2 : d.pos+6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// FieldIs reports whether an object key selects the struct field named
// name as encoding/json matches them: exactly, or equal after simple Unicode
// case folding (so "Name", "NAME" and "name" all select "name").
func FieldIs(key, name string) bool {
	if key == name {
		return true
	}
	i, j := 0, 0
	for i < len(key) && j < len(name) {
		r1, n1 := foldAt(key, i)
		r2, n2 := foldAt(name, j)
		if r1 != r2 {
			return false
		}
		i, j = i+n1, j+n2
	}
	return i == len(key) && j == len(name)
}

// foldAt is encoding/json's folding of the character at s[i]: ASCII upper
// case, else the smallest rune of the character's simple fold orbit.
func foldAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		return rune(c), 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2, n
		}
		r = r2
	}
}
