package packsig

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"

	"github.com/alwaysbehelping/abh/rules"
)

// The package builds its messages without fmt (it goes into the WebAssembly
// engine); they must read exactly as the fmt versions did.
func TestMessagesAsWithFmt(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pub)
	if got, want := KeyID(pub), hex.EncodeToString(sum[:8]); got != want {
		t.Errorf("KeyID = %s, want %s", got, want)
	}

	_, err = ParsePublicKey("rsa:AAAA")
	if want := fmt.Sprintf("%s must start with %q (as written by abh keygen)", "public key", prefix); err == nil || err.Error() != want {
		t.Errorf("prefix: %v, want %s", err, want)
	}
	_, err = ParsePrivateKey("ed25519:!!!")
	_, b64err := base64.StdEncoding.DecodeString("!!!")
	if want := fmt.Errorf("%s is not valid base64: %w", "private key", b64err); err == nil || err.Error() != want.Error() || !errors.Is(err, b64err) {
		t.Errorf("base64: %v, want %v", err, want)
	}
	_, err = ParsePublicKey("ed25519:AAAA")
	if want := fmt.Sprintf("%s has %d bytes, want %d", "public key", 3, ed25519.PublicKeySize); err == nil || err.Error() != want {
		t.Errorf("size: %v, want %s", err, want)
	}

	p := &rules.Pack{Format: 1, Name: "acme", Version: "1", Rules: []rules.Rule{{ID: "r"}}}
	if _, err := Sign(p, priv); err != nil {
		t.Fatal(err)
	}
	p.Signature.Alg = "rsa"
	if err, want := Verify(p, pub), fmt.Sprintf("unsupported signature algorithm %q", "rsa"); err == nil || err.Error() != want {
		t.Errorf("alg: %v, want %s", err, want)
	}
	p.Signature.Alg = "ed25519"
	other, _, _ := ed25519.GenerateKey(nil)
	err = Verify(p, other)
	want := fmt.Errorf("%w: signed by key %s, expected key %s", ErrBadSig, KeyID(pub), KeyID(other))
	if err == nil || err.Error() != want.Error() || !errors.Is(err, ErrBadSig) {
		t.Errorf("other key: %v, want %v", err, want)
	}
}
