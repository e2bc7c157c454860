// Package packsig signs compiled rule packs and verifies them. The signature
// covers the pack's canonical JSON (rules.MarshalCanonical) without the
// signature field, so a pack can be re-encoded and still verified.
package packsig

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
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
		return "", "", fmt.Errorf("generating key: %w", err)
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
		return nil, fmt.Errorf("%s must start with %q (as written by abh keygen)", what, prefix)
	}
	b, err := base64.StdEncoding.DecodeString(s[len(prefix):])
	if err != nil {
		return nil, fmt.Errorf("%s is not valid base64: %w", what, err)
	}
	if len(b) != size {
		return nil, fmt.Errorf("%s has %d bytes, want %d", what, len(b), size)
	}
	return b, nil
}

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
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
		return fmt.Errorf("unsupported signature algorithm %q", p.Signature.Alg)
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
			return fmt.Errorf("%w: signed by key %s, expected key %s", ErrBadSig, p.Signature.KeyID, KeyID(pub))
		}
		return ErrBadSig
	}
	return nil
}
