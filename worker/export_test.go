package worker

// SetEqualHash replaces the token hash comparison for a test and returns a
// function restoring it.
func SetEqualHash(f func(a, b []byte) bool) (restore func()) {
	old := equalHash
	equalHash = f
	return func() { equalHash = old }
}

// EqualHash is the comparison in use.
func EqualHash(a, b []byte) bool { return equalHash(a, b) }
