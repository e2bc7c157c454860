// Package teampack checks team packs for the extension: a compiled pack
// fetched for a subscription, before it may replace the last good copy, and
// the address and key a person types to subscribe. It lives apart from the
// bridge so that the per-tab engine build, which only loads packs already
// checked, carries neither the signature code nor URL parsing.
package teampack

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packsig"
	"github.com/alwaysbehelping/abh/wasm/bridge"
)

// Info describes a team pack that passed Validate.
type Info struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Rules   int    `json:"rules"`
	// KeyID is the id of the key that signed the pack ("" when unsigned).
	KeyID string `json:"keyId,omitempty"`
}

// Validate checks a compiled team pack fetched for a subscription, with
// the same code the engine loads packs with, before it may replace the last
// good copy: it must decode as a compiled pack, carry a valid signature of
// publicKey when publicKey is not empty ("ed25519:<base64>", as written by
// abh keygen), compile together with the built-in pack and pass its own
// examples. Errors are in plain words and name the pack.
func Validate(b *bridge.Bridge, data []byte, publicKey string) (Info, error) {
	builtin := b.Builtin()
	p, err := rules.ParsePackJSON(data)
	if err != nil {
		return Info{}, errors.New("the server did not send a usable compiled pack (" + strings.TrimPrefix(err.Error(), "decoding pack JSON: ") + ")")
	}
	label := "pack " + strconv.Quote(p.Name)
	if p.Version != "" {
		label += " version " + p.Version
	}
	info := Info{Name: p.Name, Version: p.Version, Rules: len(p.Rules)}
	if p.Signature != nil {
		info.KeyID = p.Signature.KeyID
	}
	if publicKey = strings.TrimSpace(publicKey); publicKey != "" {
		pub, err := packsig.ParsePublicKey(publicKey)
		if err != nil {
			return Info{}, errors.New("the public key of this subscription is not usable: " + err.Error())
		}
		switch err := packsig.Verify(p, pub); {
		case err == nil:
		case errors.Is(err, packsig.ErrUnsigned):
			return Info{}, errors.New(label + " was rejected: the pack is not signed but this subscription requires key " + packsig.KeyID(pub) + "; ask your team lead to publish it with abh pack publish --key")
		case errors.Is(err, packsig.ErrBadSig):
			detail := ""
			if p.Signature.KeyID != packsig.KeyID(pub) {
				detail = " (signed by key " + p.Signature.KeyID + ", this subscription requires key " + packsig.KeyID(pub) + ")"
			}
			return Info{}, errors.New(label + " was rejected: the signature does not match the pack's content or key" + detail + "; it was changed after signing or signed with another key, so the last good pack stays in use")
		default:
			return Info{}, errors.New(label + " was rejected: " + err.Error())
		}
	}
	if p.Name == builtin.Name {
		return Info{}, errors.New(label + " was rejected: it has the name of the built-in pack; a team pack needs a name of its own")
	}
	if probs := rules.CheckAgainstBase(builtin, p); len(probs) > 0 {
		return Info{}, errors.New(label + " was rejected: " + probs[0].String())
	}
	e, err := rules.Compile(builtin, p)
	if err != nil {
		var pe *rules.PackError
		if errors.As(err, &pe) {
			return Info{}, errors.New(label + " does not compile: " + problemList(pe))
		}
		return Info{}, errors.New(label + " does not compile: " + err.Error())
	}
	if fails := e.CheckExamples(p); len(fails) > 0 {
		parts := make([]string, len(fails))
		for i, f := range fails {
			parts[i] = f.String()
		}
		return Info{}, errors.New(label + " fails " + strconv.Itoa(len(fails)) + " of its own examples: " + strings.Join(parts, "; "))
	}
	return info, nil
}

func problemList(pe *rules.PackError) string {
	parts := make([]string, len(pe.Problems))
	for i, p := range pe.Problems {
		parts[i] = p.String()
	}
	return strconv.Itoa(len(parts)) + " problem(s): " + strings.Join(parts, "; ")
}

// ValidationJSON is Validate's answer as JavaScript sees it:
// {"ok":true,"name","version","rules"} or {"ok":false,"error"}.
func ValidationJSON(b *bridge.Bridge, data []byte, publicKey string) []byte {
	return validationAnswer(Validate(b, data, publicKey))
}

// CheckSubscription checks what a person typed to subscribe to a team pack:
// an http(s) address (plain http only for this machine, for local testing)
// and, optionally, a public key as written by abh keygen. It returns the
// address and key in the form to store.
func CheckSubscription(rawURL, publicKey string) (string, string, error) {
	rawURL = strings.TrimSpace(rawURL)
	if rawURL == "" {
		return "", "", errors.New("enter the pack's address, e.g. https://packs.example.com/v1/teams/acme/packs/acme-sales")
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", "", errors.New(strconv.Quote(rawURL) + " is not a web address; it should look like https://packs.example.com/v1/teams/acme/packs/acme-sales")
	}
	if u.User != nil {
		return "", "", errors.New("the address must not contain a user name or password")
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return "", "", errors.New("use https:// for " + u.Host + " (plain http is only allowed for this computer, e.g. http://127.0.0.1:8787)")
	}
	u.Fragment = ""
	publicKey = strings.TrimSpace(publicKey)
	if publicKey != "" {
		if _, err := packsig.ParsePublicKey(publicKey); err != nil {
			return "", "", errors.New("the public key is not usable: " + err.Error() + "; paste the line abh keygen printed (ed25519:…)")
		}
	}
	return u.String(), publicKey, nil
}

func loopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1" || strings.HasPrefix(host, "127.")
}
