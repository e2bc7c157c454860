package teampack

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packsig"
	"github.com/alwaysbehelping/abh/wasm/bridge"
)

// basePack stands for the built-in pack in most tests: one rule is enough.
func basePack() *rules.Pack {
	return &rules.Pack{
		Format: rules.FormatVersion, Name: "base", Version: "1.0.0",
		Rules: []rules.Rule{
			{ID: "act-now", Kind: "rewrite", Category: "closing-pressure", Severity: "error",
				Message: "False urgency", Why: "Pressure creates antagonism.",
				Patterns: []string{"act now"}, Replacements: []string{"take your time"},
				Examples: rules.Examples{Fire: []string{"Act now."}, Pass: []string{"Take your time."},
					Rewrite: []rules.RewriteExample{{In: "Act now.", Out: "Take your time."}}}},
		},
	}
}

func teamPack(name string, ids ...string) map[string]any {
	var rs []map[string]any
	for _, id := range ids {
		rs = append(rs, map[string]any{
			"id": id, "kind": "phrase", "category": "scripted", "severity": "warning",
			"message": "Team: " + id, "why": "Our team says so.",
			"patterns": []string{strings.ReplaceAll(id, "-", " ")},
			"examples": map[string]any{"fire": []string{strings.ReplaceAll(id, "-", " ")}},
		})
	}
	return map[string]any{"format": rules.FormatVersion, "name": name, "version": "1", "rules": rs}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// signed returns the compiled JSON of a team pack signed with a new key, and
// that key's public half.
func signed(t *testing.T, m map[string]any) ([]byte, string) {
	t.Helper()
	p, err := rules.ParsePackJSON(mustJSON(t, m))
	if err != nil {
		t.Fatal(err)
	}
	pub, priv, err := packsig.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	k, err := packsig.ParsePrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	data, err := packsig.Sign(p, k)
	if err != nil {
		t.Fatal(err)
	}
	return data, pub
}

func newTestBridge(t *testing.T) *bridge.Bridge {
	t.Helper()
	b, err := bridge.NewWithBuiltin(basePack())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestValidatePackSigned(t *testing.T) {
	b := newTestBridge(t)
	data, pub := signed(t, teamPack("acme", "zebra-protocol", "quick-sync"))
	info, err := Validate(b, data, pub)
	if err != nil {
		t.Fatalf("valid signed pack rejected: %v", err)
	}
	if info.Name != "acme" || info.Version != "1" || info.Rules != 2 || info.KeyID == "" {
		t.Fatalf("info = %+v", info)
	}
	// Without a key the signature is not required (but the pack still checks).
	if _, err := Validate(b, data, ""); err != nil {
		t.Fatalf("signed pack without a key: %v", err)
	}
	// Validation does not load anything.
	if n := len(b.PackInfos()); n != 1 {
		t.Fatalf("ValidatePack changed the loaded packs: %d", n)
	}
}

func TestValidatePackRejects(t *testing.T) {
	b := newTestBridge(t)
	data, pub := signed(t, teamPack("acme", "zebra-protocol"))
	_, otherPub := signed(t, teamPack("acme", "zebra-protocol"))
	unsigned := mustJSON(t, teamPack("acme", "zebra-protocol"))
	tampered := strings.Replace(string(data), "Team: zebra-protocol", "Team: changed", 1)
	if tampered == string(data) {
		t.Fatal("test did not tamper")
	}
	badExample := teamPack("acme", "zebra-protocol")
	badExample["rules"].([]map[string]any)[0]["examples"] = map[string]any{"fire": []string{"nothing here"}}
	badKind := teamPack("acme", "zebra-protocol")
	badKind["rules"].([]map[string]any)[0]["kind"] = "nonsense"
	builtinName := teamPack("base", "zebra-protocol")

	for _, tc := range []struct {
		name, key string
		data      []byte
		want      []string
	}{
		{"unsigned", pub, unsigned, []string{`pack "acme" version 1`, "not signed but this subscription requires key"}},
		{"tampered", pub, []byte(tampered), []string{`pack "acme"`, "signature does not match"}},
		{"other key", otherPub, data, []string{"signature does not match", "signed by key"}},
		{"bad key", "ed25519:nope", data, []string{"public key of this subscription is not usable"}},
		{"not JSON", "", []byte("<html>oops</html>"), []string{"not send a usable compiled pack"}},
		{"unknown field", "", []byte(`{"format":1,"name":"x","version":"1","rules":[],"extra":1}`), []string{"usable compiled pack", "extra"}},
		{"examples fail", "", mustJSON(t, badExample), []string{`pack "acme"`, "fails 1 of its own examples", "zebra-protocol", "nothing here"}},
		{"does not compile", "", mustJSON(t, badKind), []string{`pack "acme"`, "does not compile", "nonsense"}},
		{"built-in name", "", mustJSON(t, builtinName), []string{"name of the built-in pack"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Validate(b, tc.data, tc.key)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestValidationJSON(t *testing.T) {
	b := newTestBridge(t)
	data, pub := signed(t, teamPack("acme", "zebra-protocol"))
	var ok map[string]any
	if err := json.Unmarshal(ValidationJSON(b, data, pub), &ok); err != nil {
		t.Fatal(err)
	}
	if ok["ok"] != true || ok["name"] != "acme" || ok["version"] != "1" || ok["rules"] != float64(1) || ok["error"] != nil {
		t.Fatalf("ok answer = %v", ok)
	}
	var bad map[string]any
	if err := json.Unmarshal(ValidationJSON(b, []byte("{"), pub), &bad); err != nil {
		t.Fatal(err)
	}
	if bad["ok"] != false || bad["error"] == "" || bad["name"] != nil {
		t.Fatalf("bad answer = %v", bad)
	}
}

func TestCheckSubscription(t *testing.T) {
	_, pub := signed(t, teamPack("acme", "zebra-protocol"))
	for _, tc := range []struct{ url, key, want, err string }{
		{"https://packs.example.com/v1/teams/a/packs/b", "", "https://packs.example.com/v1/teams/a/packs/b", ""},
		{"  http://127.0.0.1:8787/v1/teams/demo/packs/x#frag ", pub, "http://127.0.0.1:8787/v1/teams/demo/packs/x", ""},
		{"http://localhost:1/p", "", "http://localhost:1/p", ""},
		{"", "", "", "enter the pack's address"},
		{"packs.example.com/x", "", "", "not a web address"},
		{"ftp://example.com/x", "", "", "not a web address"},
		{"http://example.com/x", "", "", "use https://"},
		{"https://u:p@example.com/x", "", "", "user name or password"},
		{"https://example.com/x", "ed25519:AAAA", "", "public key is not usable"},
	} {
		got, key, err := CheckSubscription(tc.url, tc.key)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("CheckSubscription(%q, %q) error = %v, want %q", tc.url, tc.key, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want || key != strings.TrimSpace(tc.key) {
			t.Errorf("CheckSubscription(%q) = %q, %q, %v", tc.url, got, key, err)
		}
	}
}

// The real built-in pack and a real team pack: what the extension does.
func TestValidatePackWithBuiltin(t *testing.T) {
	b, err := bridge.New()
	if err != nil {
		t.Fatal(err)
	}
	m := teamPack("acme", "zebra-protocol")
	m["disable"] = []string{"always-be-helping/urgency-act-now-bare"}
	data, pub := signed(t, m)
	if _, err := Validate(b, data, pub); err != nil {
		t.Fatal(err)
	}
}

// A team pack whose disable names a built-in rule that does not exist is
// refused with the reason, so the last good pack stays in use.
func TestValidatePackRefusesUnknownBuiltinDisable(t *testing.T) {
	b, err := bridge.New()
	if err != nil {
		t.Fatal(err)
	}
	m := teamPack("acme", "zebra-protocol")
	m["disable"] = []string{"always-be-helping/no-such-rule"}
	data, pub := signed(t, m)
	_, err = Validate(b, data, pub)
	if err == nil || !strings.Contains(err.Error(), "always-be-helping/no-such-rule is not a rule of the built-in pack") {
		t.Fatalf("err = %v", err)
	}
}

// The hand-written answer is byte for byte what encoding/json wrote for the
// answer struct.
func TestValidationAnswerAsEncodingJSON(t *testing.T) {
	type answer struct {
		OK bool `json:"ok"`
		*Info
		Error string `json:"error,omitempty"`
	}
	for _, c := range []struct {
		info Info
		err  error
	}{
		{Info{Name: "acme", Version: "1.2", Rules: 3}, nil},
		{Info{Name: "acme \"x\"", Version: "", Rules: 0, KeyID: "0123456789abcdef"}, nil},
		{Info{}, errors.New("pack \"acme\" was rejected: <bad> & \u2028")},
		{Info{}, errors.New("")},
	} {
		a := answer{OK: c.err == nil, Info: &c.info}
		if c.err != nil {
			a.Info, a.Error = nil, c.err.Error()
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false) // JavaScript reads it, not an HTML page
		if err := enc.Encode(a); err != nil {
			t.Fatal(err)
		}
		if got := validationAnswer(c.info, c.err); string(got)+"\n" != want.String() {
			t.Errorf("validationAnswer = %s, want %s", got, want.String())
		}
	}
}
