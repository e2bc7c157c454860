// Package packsig signs compiled rule packs and verifies them. The signature
// covers the pack's canonical JSON (rules.MarshalCanonical) without the
// signature field, so a pack can be re-encoded and still verified.
package packsig

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/alwaysbehelping/abh/rules"
)

// Key encodings: "ed25519:" followed by standard base64 of the raw key.
const prefix = "ed25519:"

// GenerateKey returns a new key pair in the text form used in files and
// options pages.
func GenerateKey() (public, private string, err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", &wrapError{"generating key: " + err.Error(), err}
	}
	return prefix + base64.StdEncoding.EncodeToString(pub), prefix + base64.StdEncoding.EncodeToString(priv.Seed()), nil
}

// ParsePublicKey decodes "ed25519:<base64>".
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := decode(s, ed25519.PublicKeySize, "public key")
	if err != nil {
		return nil, err
	}
	return ed25519.PublicKey(b), nil
}

// ParsePrivateKey decodes "ed25519:<base64 seed>".
func ParsePrivateKey(s string) (ed25519.PrivateKey, error) {
	b, err := decode(s, ed25519.SeedSize, "private key")
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(b), nil
}

func decode(s string, size int, what string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, prefix) {
		return nil, errors.New(what + " must start with " + strconv.Quote(prefix) + " (as written by abh keygen)")
	}
	b, err := base64.StdEncoding.DecodeString(s[len(prefix):])
	if err != nil {
		return nil, &wrapError{what + " is not valid base64: " + err.Error(), err}
	}
	if len(b) != size {
		return nil, errors.New(what + " has " + strconv.Itoa(len(b)) + " bytes, want " + strconv.Itoa(size))
	}
	return b, nil
}

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	const digits = "0123456789abcdef"
	id := make([]byte, 16)
	for i, b := range sum[:8] {
		id[2*i], id[2*i+1] = digits[b>>4], digits[b&0xf]
	}
	return string(id)
}

func signedBytes(p *rules.Pack) ([]byte, error) {
	c := *p
	c.Signature = nil
	return rules.MarshalCanonical(&c)
}

// Sign sets p.Signature with priv and returns the signed canonical JSON.
func Sign(p *rules.Pack, priv ed25519.PrivateKey) ([]byte, error) {
	msg, err := signedBytes(p)
	if err != nil {
		return nil, err
	}
	pub := priv.Public().(ed25519.PublicKey)
	p.Signature = &rules.Signature{Alg: "ed25519", KeyID: KeyID(pub), Value: base64.StdEncoding.EncodeToString(ed25519.Sign(priv, msg))}
	return rules.MarshalCanonical(p)
}

// Errors returned by Verify.
var (
	ErrUnsigned = errors.New("the pack is not signed")
	ErrBadSig   = errors.New("the pack's signature does not match its content or key (tampered, or signed with another key)")
)

// Verify checks p's signature against pub.
func Verify(p *rules.Pack, pub ed25519.PublicKey) error {
	if p.Signature == nil {
		return ErrUnsigned
	}
	if p.Signature.Alg != "ed25519" {
		return errors.New("unsupported signature algorithm " + strconv.Quote(p.Signature.Alg))
	}
	sig, err := base64.StdEncoding.DecodeString(p.Signature.Value)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return ErrBadSig
	}
	msg, err := signedBytes(p)
	if err != nil {
		return err
	}
	if !ed25519.Verify(pub, msg, sig) {
		if p.Signature.KeyID != KeyID(pub) {
			return &wrapError{ErrBadSig.Error() + ": signed by key " + p.Signature.KeyID + ", expected key " + KeyID(pub), ErrBadSig}
		}
		return ErrBadSig
	}
	return nil
}

// wrapError is an error with its own message that wraps err (what
// fmt.Errorf's %w makes, without linking fmt into the WebAssembly build).
type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }
