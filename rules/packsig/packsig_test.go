package packsig

import (
	"errors"
	"testing"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
)

func TestSignVerifyAndTamper(t *testing.T) {
	pubS, privS, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey(pubS)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := ParsePrivateKey(privS)
	if err != nil {
		t.Fatal(err)
	}
	p, err := packs.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(p, pub); !errors.Is(err, ErrUnsigned) {
		t.Fatalf("unsigned pack: %v", err)
	}
	data, err := Sign(p, priv)
	if err != nil {
		t.Fatal(err)
	}
	// Round trip through the compiled JSON, as the worker and extension do.
	back, err := rules.ParsePackJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(back, pub); err != nil {
		t.Fatalf("verify signed pack: %v", err)
	}
	back.Rules[0].Message += "!"
	if err := Verify(back, pub); !errors.Is(err, ErrBadSig) {
		t.Fatalf("tampered pack verified: %v", err)
	}
	otherPub, _, _ := GenerateKey()
	op, _ := ParsePublicKey(otherPub)
	again, _ := rules.ParsePackJSON(data)
	if err := Verify(again, op); !errors.Is(err, ErrBadSig) {
		t.Fatalf("other key verified: %v", err)
	}
}

func TestKeyParsingErrors(t *testing.T) {
	for _, s := range []string{"", "abc", "ed25519:!!", "ed25519:AAAA"} {
		if _, err := ParsePublicKey(s); err == nil {
			t.Errorf("ParsePublicKey(%q) = nil error", s)
		}
		if _, err := ParsePrivateKey(s); err == nil {
			t.Errorf("ParsePrivateKey(%q) = nil error", s)
		}
	}
}
