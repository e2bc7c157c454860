package main

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packsig"
	"github.com/alwaysbehelping/abh/worker"
	"github.com/alwaysbehelping/abh/worker/workertest"
)

const (
	packV1   = "../../worker/testdata/acme-sales.json"
	packV2   = "../../worker/testdata/acme-sales-v2.yaml"
	packBad  = "../../worker/testdata/bad-pack.json"
	packYAML = "../../worker/testdata/acme-sales.yaml"
)

func get(t *testing.T, url string) (int, []byte, http.Header) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b []byte
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b = append(b, buf[:n]...)
		if err != nil {
			break
		}
	}
	return res.StatusCode, b, res.Header
}

func TestKeygen(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, "", "keygen", "-o", dir)
	if code != 0 {
		t.Fatalf("keygen: %d %s", code, errOut)
	}
	priv := filepath.Join(dir, "abh-pack.key")
	pub := filepath.Join(dir, "abh-pack.pub")
	st, err := os.Stat(priv)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("private key mode: %v %v", st, err)
	}
	pubText, _ := os.ReadFile(pub)
	if _, err := packsig.ParsePublicKey(string(pubText)); err != nil {
		t.Fatal(err)
	}
	privText, _ := os.ReadFile(priv)
	if _, err := packsig.ParsePrivateKey(string(privText)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, strings.TrimSpace(string(pubText))) || strings.Contains(out, strings.TrimSpace(string(privText))) {
		t.Errorf("keygen should print the public key and never the private one:\n%s", out)
	}

	// Never overwrite without --force.
	_, errOut, code = runCLI(t, "", "keygen", "-o", dir)
	if code == 0 || !strings.Contains(errOut, "already exists") || !strings.Contains(errOut, "--force") {
		t.Fatalf("second keygen: %d %s", code, errOut)
	}
	if again, _ := os.ReadFile(priv); string(again) != string(privText) {
		t.Fatal("private key changed without --force")
	}
	if _, _, code = runCLI(t, "", "keygen", "-o", dir, "--force"); code != 0 {
		t.Fatal("keygen --force failed")
	}
	if again, _ := os.ReadFile(priv); string(again) == string(privText) {
		t.Fatal("--force did not replace the key")
	}
	if st, _ := os.Stat(priv); st.Mode().Perm() != 0o600 {
		t.Fatalf("forced private key mode %v", st.Mode())
	}
	// Only the public file existing still blocks.
	dir2 := t.TempDir()
	os.WriteFile(filepath.Join(dir2, "abh-pack.pub"), []byte("x"), 0o644)
	if _, _, code := runCLI(t, "", "keygen", "-o", dir2); code == 0 {
		t.Fatal("keygen overwrote an existing public key")
	}
	if _, err := os.Stat(filepath.Join(dir2, "abh-pack.key")); err == nil {
		t.Fatal("keygen wrote half a key pair")
	}
}

func keypair(t *testing.T) (dir string, pub string) {
	t.Helper()
	dir = t.TempDir()
	if _, errOut, code := runCLI(t, "", "keygen", "-o", dir); code != 0 {
		t.Fatal(errOut)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "abh-pack.pub"))
	return dir, strings.TrimSpace(string(b))
}

func TestPackSign(t *testing.T) {
	dir, pubText := keypair(t)
	out := filepath.Join(t.TempDir(), "signed.json")
	for _, args := range [][]string{
		{"pack", "sign", packV1, "--key", filepath.Join(dir, "abh-pack.key"), "-o", out},
		{"pack", "sign", "--key", filepath.Join(dir, "abh-pack.key"), "-o", out, packYAML},
	} {
		stdout, errOut, code := runCLI(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: %d %s", args, code, errOut)
		}
		if !strings.Contains(stdout, "signed with key") {
			t.Errorf("output %q", stdout)
		}
		data, _ := os.ReadFile(out)
		p, err := rules.ParsePackJSON(data)
		if err != nil {
			t.Fatal(err)
		}
		pub, _ := packsig.ParsePublicKey(pubText)
		if err := packsig.Verify(p, pub); err != nil {
			t.Fatalf("signed pack does not verify: %v", err)
		}
	}
	// Errors: public key as the key, missing flags, a bad pack.
	_, errOut, code := runCLI(t, "", "pack", "sign", packV1, "--key", filepath.Join(dir, "abh-pack.pub"), "-o", out)
	if code == 0 || !strings.Contains(errOut, "public key") {
		t.Errorf("signing with the public key: %d %s", code, errOut)
	}
	if _, _, code := runCLI(t, "", "pack", "sign", packV1, "-o", out); code != 2 {
		t.Errorf("missing --key: %d", code)
	}
	_, errOut, code = runCLI(t, "", "pack", "sign", packBad, "--key", filepath.Join(dir, "abh-pack.key"), "-o", out)
	if code == 0 || !strings.Contains(errOut, "rule Bad_ID: severity") {
		t.Errorf("signing a bad pack: %d %s", code, errOut)
	}
}

func TestPublishAndRollback(t *testing.T) {
	_, _, srv := workertest.New(t, worker.Options{})
	t.Setenv(tokenEnv, workertest.DemoToken)
	dir, pubText := keypair(t)

	out, errOut, code := runCLI(t, "", "pack", "publish", "--server", srv.URL, "--team", "demo", packV1)
	if code != 0 {
		t.Fatalf("publish: %d %s", code, errOut)
	}
	if !strings.Contains(out, "published demo/acme-sales version 1") {
		t.Errorf("publish output %q", out)
	}
	v1, _ := os.ReadFile(packV1)
	if status, body, _ := get(t, srv.URL+"/v1/teams/demo/packs/acme-sales"); status != 200 || string(body) != string(v1) {
		t.Fatalf("served pack differs from the published JSON (status %d)", status)
	}

	// YAML, compiled and signed on the way; flags after the file.
	out, errOut, code = runCLI(t, "", "pack", "publish", packV2, "--server", srv.URL+"/", "--team", "demo", "--key", filepath.Join(dir, "abh-pack.key"))
	if code != 0 || !strings.Contains(out, "version 2") || !strings.Contains(out, "signed with key") {
		t.Fatalf("publish yaml: %d %s %s", code, out, errOut)
	}
	_, body, _ := get(t, srv.URL+"/v1/teams/demo/packs/acme-sales")
	p, err := rules.ParsePackJSON(body)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := packsig.ParsePublicKey(pubText)
	if err := packsig.Verify(p, pub); err != nil || p.Version != "2.0.0" {
		t.Fatalf("served v2: version %s, verify %v", p.Version, err)
	}

	// A bad pack: every problem, one per line; v2 stays served.
	_, errOut, code = runCLI(t, "", "pack", "publish", "--server", srv.URL, "--team", "demo", packBad)
	if code == 0 {
		t.Fatal("bad pack published")
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if !strings.Contains(lines[0], "400 invalid_pack") || len(lines) < 7 || !strings.Contains(errOut, "\n  rule Bad_ID: severity: unknown severity") ||
		!strings.Contains(errOut, "\n  rule no-category: examples.fire: ") {
		t.Fatalf("bad pack errors:\n%s", errOut)
	}
	if _, _, h := get(t, srv.URL+"/v1/teams/demo/packs/acme-sales"); h.Get("X-Pack-Version") != "2" {
		t.Fatalf("after a bad publish latest is v%s", h.Get("X-Pack-Version"))
	}

	out, errOut, code = runCLI(t, "", "pack", "rollback", "--server", srv.URL, "--team", "demo", "--pack", "acme-sales", "--version", "1")
	if code != 0 || !strings.Contains(out, "back to version 1: now version 3") {
		t.Fatalf("rollback: %d %s %s", code, out, errOut)
	}
	if _, body, h := get(t, srv.URL+"/v1/teams/demo/packs/acme-sales"); h.Get("X-Pack-Version") != "3" || string(body) != string(v1) {
		t.Fatalf("after rollback: v%s", h.Get("X-Pack-Version"))
	}
	_, errOut, code = runCLI(t, "", "pack", "rollback", "--server", srv.URL, "--team", "demo", "--pack", "acme-sales", "--version", "42")
	if code == 0 || !strings.Contains(errOut, "404") || !strings.Contains(errOut, "no version 42") {
		t.Fatalf("rollback to unknown version: %d %s", code, errOut)
	}
	var h worker.History
	_, body, _ = get(t, srv.URL+"/v1/teams/demo/packs/acme-sales/versions")
	json.Unmarshal(body, &h)
	if len(h.Versions) != 3 {
		t.Fatalf("history %+v", h)
	}
}

func TestPublishErrors(t *testing.T) {
	_, _, srv := workertest.New(t, worker.Options{MaxPackBytes: 1000})
	pub := func(args ...string) (string, int) {
		_, errOut, code := runCLI(t, "", append([]string{"pack", "publish"}, args...)...)
		return errOut, code
	}
	base := []string{"--server", srv.URL, "--team", "demo"}

	t.Setenv(tokenEnv, "")
	if e, code := pub(append(base, packV1)...); code == 0 || !strings.Contains(e, "ABH_PUBLISH_TOKEN") {
		t.Errorf("missing token: %d %s", code, e)
	}
	if e, code := pub(append(base, "--token", "x", packV1)...); code != 2 || !strings.Contains(e, "no --token flag") {
		t.Errorf("--token flag: %d %s", code, e)
	}
	if e, code := pub(append(base, "--token=x", packV1)...); code != 2 || !strings.Contains(e, "no --token flag") {
		t.Errorf("--token=x flag: %d %s", code, e)
	}

	t.Setenv(tokenEnv, "wrong")
	if e, code := pub(append(base, packV1)...); code == 0 || !strings.Contains(e, "401") || !strings.Contains(e, "ABH_PUBLISH_TOKEN") {
		t.Errorf("wrong token: %d %s", code, e)
	}
	t.Setenv(tokenEnv, workertest.OtherToken)
	if e, code := pub(append(base, packV1)...); code == 0 || !strings.Contains(e, "403") {
		t.Errorf("other team's token: %d %s", code, e)
	}
	t.Setenv(tokenEnv, workertest.DemoToken)
	big := filepath.Join(t.TempDir(), "big.json")
	data, _ := os.ReadFile(packV2[:len(packV2)-len(".yaml")] + ".json")
	os.WriteFile(big, data, 0o644) // 1192 bytes > 1000
	if e, code := pub(append(base, big)...); code == 0 || !strings.Contains(e, "413") || !strings.Contains(e, "too large") {
		t.Errorf("too large: %d %s", code, e)
	}

	// Unreachable: a port nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	if e, code := pub("--server", dead, "--team", "demo", packV1); code == 0 || !strings.Contains(e, "cannot reach the worker at "+dead) {
		t.Errorf("unreachable: %d %s", code, e)
	}
	if _, _, code := runCLI(t, "", "pack", "rollback", "--server", dead, "--team", "demo", "--pack", "acme-sales", "--version", "1"); code == 0 {
		t.Error("rollback to a dead server succeeded")
	}

	// Usage errors.
	for _, args := range [][]string{
		{packV1},
		{"--server", srv.URL, packV1},
		{"--server", "ftp://x", "--team", "demo", packV1},
		{"--server", srv.URL, "--team", "Demo", packV1},
		append(base, packV1, packV2),
	} {
		if e, code := pub(args...); code != 2 || !strings.Contains(e, "Run 'abh help'") {
			t.Errorf("%v: %d %s", args, code, e)
		}
	}
	if _, _, code := runCLI(t, "", "pack", "rollback", "--server", srv.URL, "--team", "demo", "--pack", "acme-sales"); code != 2 {
		t.Error("rollback without --version accepted")
	}
	// A YAML pack that fails locally never reaches the worker.
	badYAML := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(badYAML, []byte("name: acme-sales\nversion: \"1\"\nrules:\n  - id: x\n    kind: nope\n"), 0o644)
	if e, code := pub(append(base, badYAML)...); code == 0 || !strings.Contains(e, "bad.yaml:5") {
		t.Errorf("bad yaml: %d %s", code, e)
	}
}
