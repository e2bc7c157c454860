package packjson

// The Into helpers decode a value into a Go variable with encoding/json's
// semantics: null leaves a string, number or boolean as it is and sets a
// slice or pointer to nil; a repeated key decodes again into the same
// variable.

// StringInto decodes a string into *dst.
func (d *Decoder) StringInto(dst *string) error {
	if d.Null() {
		return nil
	}
	s, err := d.String()
	if err == nil {
		*dst = s
	}
	return err
}

// IntInto decodes an integer into *dst.
func (d *Decoder) IntInto(dst *int) error {
	if d.Null() {
		return nil
	}
	n, err := d.Int()
	if err == nil {
		*dst = n
	}
	return err
}

// BoolInto decodes a boolean into *dst.
func (d *Decoder) BoolInto(dst *bool) error {
	if d.Null() {
		return nil
	}
	b, err := d.Bool()
	if err == nil {
		*dst = b
	}
	return err
}

// FloatInto decodes a number into *dst.
func (d *Decoder) FloatInto(dst *float64) error {
	if d.Null() {
		return nil
	}
	f, err := d.Float()
	if err == nil {
		*dst = f
	}
	return err
}

// FloatPtrInto decodes a number into **dst, allocating *dst if it is nil.
func (d *Decoder) FloatPtrInto(dst **float64) error {
	if d.Null() {
		*dst = nil
		return nil
	}
	f, err := d.Float()
	if err != nil {
		return err
	}
	if *dst == nil {
		*dst = new(float64)
	}
	**dst = f
	return nil
}

// StringsInto decodes an array of strings into *dst.
//
//go:noinline
func (d *Decoder) StringsInto(dst *[]string) error {
	return SliceInto(d, dst, d.StringInto)
}

// SliceInto decodes an array into *dst the way encoding/json does: null
// sets it to nil; otherwise each element is decoded by elem into the
// existing backing array (reusing what is there, within its capacity, as
// encoding/json does), the length becomes the array's, and an empty array
// gives an empty, non-nil slice.
func SliceInto[T any](d *Decoder, dst *[]T, elem func(*T) error) error {
	if d.Null() {
		*dst = nil
		return nil
	}
	s := *dst
	n := 0
	err := d.Array(func(i int) error {
		if i >= cap(s) {
			var zero T
			s = append(s[:cap(s)], zero)[:len(s)]
		}
		if i >= len(s) {
			s = s[:i+1]
		}
		n = i + 1
		return elem(&s[i])
	})
	if err != nil {
		return err
	}
	if n < len(s) {
		s = s[:n]
	}
	if n == 0 {
		s = []T{}
	}
	*dst = s
	return nil
}

// RawValue skips one value and returns its bytes.
func (d *Decoder) RawValue() ([]byte, error) {
	d.skipSpace()
	start := d.pos
	if err := d.Skip(); err != nil {
		return nil, err
	}
	return d.data[start:d.pos], nil
}
