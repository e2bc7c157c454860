package worker_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packsig"
	"github.com/alwaysbehelping/abh/worker"
	"github.com/alwaysbehelping/abh/worker/sqlstore"
	"github.com/alwaysbehelping/abh/worker/workertest"
)

const packPath = "/v1/teams/demo/packs/acme-sales"

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, srv *httptest.Server, method, path, token string, body []byte, hdr ...string) resp {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp{res.StatusCode, res.Header, b}
}

type errBody struct {
	Error struct {
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Details []worker.Detail `json:"details"`
	} `json:"error"`
}

// wantError checks status, JSON error shape and code.
func wantError(t *testing.T, r resp, status int, code string) errBody {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type %q", ct)
	}
	var e errBody
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body is not {\"error\":{code,message,details}}: %v\n%s", err, r.body)
	}
	if e.Error.Code != code || e.Error.Message == "" || e.Error.Details == nil {
		t.Fatalf("error = %+v, want code %q with a message and details array", e.Error, code)
	}
	if bytes.Contains(r.body, []byte("goroutine")) || bytes.Contains(r.body, []byte(".go:")) {
		t.Fatalf("error body leaks a stack trace: %s", r.body)
	}
	return e
}

func shaHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func publish(t *testing.T, srv *httptest.Server, body []byte) worker.Published {
	t.Helper()
	r := do(t, srv, "PUT", packPath, workertest.DemoToken, body)
	if r.status != http.StatusCreated {
		t.Fatalf("publish: %d %s", r.status, r.body)
	}
	var p worker.Published
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.SHA256 != shaHex(body) {
		t.Fatalf("publish sha256 %s, want %s", p.SHA256, shaHex(body))
	}
	return p
}

func TestHealthzAndUnknownRoutes(t *testing.T) {
	_, _, srv := workertest.New(t, worker.Options{})
	r := do(t, srv, "GET", "/healthz", "", nil)
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"ok": true`)) {
		t.Fatalf("healthz: %d %s", r.status, r.body)
	}
	wantError(t, do(t, srv, "GET", "/nope", "", nil), 404, "not_found")
	wantError(t, do(t, srv, "GET", "/v1/teams/demo/packs/acme-sales/extra/bits", "", nil), 404, "not_found")
	wantError(t, do(t, srv, "GET", "/v1/teams/Demo!/packs/x", "", nil), 404, "not_found")
	wantError(t, do(t, srv, "GET", packPath, "", nil), 404, "not_found")
	wantError(t, do(t, srv, "GET", packPath+"/versions", "", nil), 404, "not_found")
	wantError(t, do(t, srv, "GET", packPath+"/versions/1", "", nil), 404, "not_found")
	wantError(t, do(t, srv, "GET", packPath+"/versions/abc", "", nil), 404, "not_found")
	wantError(t, do(t, srv, "GET", packPath+"/versions/01", "", nil), 404, "not_found")
	r = do(t, srv, "DELETE", packPath, workertest.DemoToken, nil)
	wantError(t, r, 405, "method_not_allowed")
	if r.header.Get("Allow") != "GET, HEAD, PUT" {
		t.Errorf("Allow = %q", r.header.Get("Allow"))
	}
	wantError(t, do(t, srv, "POST", "/healthz", "", nil), 405, "method_not_allowed")
	wantError(t, do(t, srv, "PUT", packPath+"/versions", "", nil), 405, "method_not_allowed")
	wantError(t, do(t, srv, "GET", packPath+"/rollback", "", nil), 405, "method_not_allowed")
	wantError(t, do(t, srv, "PUT", packPath+"/versions/1", "", nil), 405, "method_not_allowed")
	r = do(t, srv, "OPTIONS", packPath, "", nil)
	if r.status != 204 || r.header.Get("Access-Control-Allow-Headers") != "If-None-Match" {
		t.Errorf("preflight: %d %v", r.status, r.header)
	}
}

func TestPublishFetchETagAndHistory(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	st, _, srv := workertest.New(t, worker.Options{Now: func() time.Time { return now }})
	v1 := readFile(t, "acme-sales.json")
	p := publish(t, srv, v1)
	if p.Version != 1 || p.Size != len(v1) {
		t.Fatalf("first publish = %+v", p)
	}

	r := do(t, srv, "GET", packPath, "", nil)
	if r.status != 200 || !bytes.Equal(r.body, v1) {
		t.Fatalf("latest: %d, body equal %v", r.status, bytes.Equal(r.body, v1))
	}
	etag := `"` + shaHex(v1) + `"`
	for k, want := range map[string]string{"ETag": etag, "Cache-Control": "public, max-age=60", "X-Pack-Version": "1", "Content-Type": "application/json; charset=utf-8"} {
		if got := r.header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
		r := do(t, srv, "GET", packPath, "", nil, "If-None-Match", inm)
		if r.status != 304 || len(r.body) != 0 || r.header.Get("ETag") != etag || r.header.Get("X-Pack-Version") != "1" {
			t.Errorf("If-None-Match %s: %d %q %v", inm, r.status, r.body, r.header)
		}
	}
	if r := do(t, srv, "GET", packPath, "", nil, "If-None-Match", `"stale"`); r.status != 200 {
		t.Errorf("stale If-None-Match: %d", r.status)
	}
	if r := do(t, srv, "HEAD", packPath, "", nil); r.status != 200 || len(r.body) != 0 || r.header.Get("ETag") != etag {
		t.Errorf("HEAD: %d %d bytes", r.status, len(r.body))
	}

	now = now.Add(time.Hour)
	v2 := readFile(t, "acme-sales-v2.json")
	if p := publish(t, srv, v2); p.Version != 2 {
		t.Fatalf("second publish = %+v", p)
	}
	r = do(t, srv, "GET", packPath, "", nil, "If-None-Match", etag)
	if r.status != 200 || !bytes.Equal(r.body, v2) || r.header.Get("X-Pack-Version") != "2" {
		t.Fatalf("after v2, old ETag: %d v%s", r.status, r.header.Get("X-Pack-Version"))
	}

	r = do(t, srv, "GET", packPath+"/versions/1", "", nil)
	if r.status != 200 || !bytes.Equal(r.body, v1) || r.header.Get("Cache-Control") != worker.CacheImmutable || r.header.Get("ETag") != etag {
		t.Fatalf("versions/1: %d %v", r.status, r.header)
	}
	if r := do(t, srv, "GET", packPath+"/versions/1", "", nil, "If-None-Match", etag); r.status != 304 {
		t.Errorf("versions/1 If-None-Match: %d", r.status)
	}
	wantError(t, do(t, srv, "GET", packPath+"/versions/3", "", nil), 404, "not_found")

	r = do(t, srv, "GET", packPath+"/versions", "", nil)
	var h worker.History
	if err := json.Unmarshal(r.body, &h); err != nil || r.status != 200 {
		t.Fatalf("history: %d %s", r.status, r.body)
	}
	if h.Latest != 2 || len(h.Versions) != 2 || h.Versions[0].Version != 2 || h.Versions[1].SHA256 != shaHex(v1) ||
		h.Versions[1].Size != len(v1) || !h.Versions[1].PublishedAt.Equal(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)) ||
		h.Versions[0].PublishedBy != "token:demo-lead (team lead)" || h.Versions[0].Action != "publish" {
		t.Fatalf("history = %+v", h)
	}

	audit, err := st.Audit(context.Background(), "demo", "acme-sales")
	if err != nil || len(audit) != 2 {
		t.Fatalf("audit = %+v, %v", audit, err)
	}
	if a := audit[1]; a.Version != 2 || a.Action != "publish" || a.Actor != "token:demo-lead (team lead)" || a.SHA256 != shaHex(v2) || !a.At.Equal(now) || a.Team != "demo" {
		t.Errorf("audit row = %+v", a)
	}
}

func TestSignedPackStaysByteIdentical(t *testing.T) {
	_, _, srv := workertest.New(t, worker.Options{})
	p, err := rules.ParsePackJSON(readFile(t, "acme-sales.json"))
	if err != nil {
		t.Fatal(err)
	}
	pubS, privS, _ := packsig.GenerateKey()
	priv, _ := packsig.ParsePrivateKey(privS)
	signed, err := packsig.Sign(p, priv)
	if err != nil {
		t.Fatal(err)
	}
	publish(t, srv, signed)
	r := do(t, srv, "GET", packPath, "", nil)
	if !bytes.Equal(r.body, signed) {
		t.Fatal("served pack differs from the signed one")
	}
	back, _ := rules.ParsePackJSON(r.body)
	pub, _ := packsig.ParsePublicKey(pubS)
	if err := packsig.Verify(back, pub); err != nil {
		t.Fatalf("served pack does not verify: %v", err)
	}
}

func TestAuth(t *testing.T) {
	_, _, srv := workertest.New(t, worker.Options{})
	v1 := readFile(t, "acme-sales.json")
	r := do(t, srv, "PUT", packPath, "", v1)
	wantError(t, r, 401, "unauthorized")
	if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("WWW-Authenticate = %q", r.header.Get("WWW-Authenticate"))
	}
	wantError(t, do(t, srv, "PUT", packPath, "wrong-token", v1), 401, "unauthorized")
	wantError(t, do(t, srv, "PUT", packPath, "", v1, "Authorization", "Basic ZGVtbzpkZW1v"), 401, "unauthorized")
	wantError(t, do(t, srv, "PUT", packPath, "", v1, "Authorization", "Bearer "), 401, "unauthorized")
	wantError(t, do(t, srv, "PUT", packPath, workertest.OtherToken, v1), 403, "forbidden")
	wantError(t, do(t, srv, "POST", packPath+"/rollback", "", []byte(`{"version":1}`)), 401, "unauthorized")
	wantError(t, do(t, srv, "POST", packPath+"/rollback", "nope", []byte(`{"version":1}`)), 401, "unauthorized")
	wantError(t, do(t, srv, "POST", packPath+"/rollback", workertest.OtherToken, []byte(`{"version":1}`)), 403, "forbidden")
	// Auth comes before reading the body: a stranger learns nothing about limits.
	wantError(t, do(t, srv, "PUT", packPath, "", bytes.Repeat([]byte("x"), 2<<20)), 401, "unauthorized")
	wantError(t, do(t, srv, "GET", packPath, "", nil), 404, "not_found")
	// The token scheme is case-insensitive.
	if r := do(t, srv, "PUT", packPath, "", v1, "Authorization", "bearer "+workertest.DemoToken); r.status != 201 {
		t.Errorf("lower-case bearer: %d %s", r.status, r.body)
	}
}

func TestTokenComparedInConstantTime(t *testing.T) {
	_, _, srv := workertest.New(t, worker.Options{})
	var calls atomic.Int32
	restore := worker.SetEqualHash(func(a, b []byte) bool {
		calls.Add(1)
		return subtle.ConstantTimeCompare(a, b) == 1
	})
	defer restore()
	do(t, srv, "PUT", packPath, workertest.DemoToken, readFile(t, "acme-sales.json"))
	do(t, srv, "PUT", packPath, "wrong", readFile(t, "acme-sales.json"))
	if calls.Load() != 2 {
		t.Fatalf("constant-time comparison called %d times, want 2", calls.Load())
	}
	// And the default is crypto/subtle's.
	restore()
	a, b := []byte("same-hash"), []byte("same-hash")
	if !worker.EqualHash(a, b) || worker.EqualHash(a, []byte("other-has")) {
		t.Fatal("default comparison is wrong")
	}
	// A store that matches the hash loosely still cannot let a wrong token in.
	loose := looseStore{Store: nil}
	h := worker.New(loose, worker.Options{})
	req := httptest.NewRequest("PUT", packPath, strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer not-the-token")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 401 {
		t.Fatalf("loose store: %d %s", rec.Code, rec.Body)
	}
}

// looseStore returns the demo token whatever hash is asked for.
type looseStore struct{ worker.Store }

func (looseStore) TokenByHash(context.Context, string) (worker.Token, error) {
	return worker.Token{ID: "x", Team: "demo", Hash: worker.HashToken("the-real-token")}, nil
}

func TestBadPacksAreRejectedAndPreviousStaysServed(t *testing.T) {
	_, _, srv := workertest.New(t, worker.Options{})
	v1 := readFile(t, "acme-sales.json")
	publish(t, srv, v1)

	e := wantError(t, do(t, srv, "PUT", packPath, workertest.DemoToken, readFile(t, "bad-pack.json")), 400, "invalid_pack")
	want := []worker.Detail{
		{Rule: "Bad_ID", Field: "id"},
		{Rule: "Bad_ID", Field: "severity"},
		{Rule: "no-category", Field: "kind"},
		{Rule: "no-category", Field: "category"},
		{Rule: "no-category", Field: "message"},
		{Rule: "no-category", Field: "examples.fire"},
	}
	if len(e.Error.Details) != len(want) {
		t.Fatalf("details = %+v", e.Error.Details)
	}
	for i, d := range e.Error.Details {
		if d.Rule != want[i].Rule || d.Field != want[i].Field || d.Message == "" {
			t.Errorf("detail %d = %+v, want rule %s field %s", i, d, want[i].Rule, want[i].Field)
		}
	}

	// Failing examples: the same check as abh pack build.
	p, _ := rules.ParsePackJSON(v1)
	p.Rules[0].Examples.Fire = append(p.Rules[0].Examples.Fire, "Nothing to see here.")
	p.Rules[0].Examples.Pass = append(p.Rules[0].Examples.Pass, "Let me circle back.")
	bad, _ := rules.MarshalCanonical(p)
	e = wantError(t, do(t, srv, "PUT", packPath, workertest.DemoToken, bad), 400, "invalid_pack")
	if len(e.Error.Details) != 2 || e.Error.Details[0].Rule != "circle-back" || e.Error.Details[0].Field != "examples.fire[1]" || e.Error.Details[1].Field != "examples.pass[1]" {
		t.Errorf("example details = %+v", e.Error.Details)
	}

	for name, body := range map[string]string{
		"not JSON":       "name: acme-sales\n",
		"unknown field":  `{"format":1,"name":"acme-sales","version":"1","rules":[],"extra":true}`,
		"old format":     `{"format":0,"name":"acme-sales","version":"1","rules":[]}`,
		"trailing data":  string(v1) + "{}",
		"invalid UTF-8":  "{\"format\":1,\"name\":\"acme-sales\xff\"}",
		"empty":          "",
		"no rules":       `{"format":1,"name":"acme-sales","version":"1","rules":[]}`,
		"signature junk": strings.Replace(string(v1), `"rules"`, `"signature":{"alg":1},"rules"`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			e := wantError(t, do(t, srv, "PUT", packPath, workertest.DemoToken, []byte(body)), 400, "invalid_pack")
			if len(e.Error.Details) == 0 {
				t.Error("no details")
			}
		})
	}

	other, _ := rules.ParsePackJSON(v1)
	other.Name = "someone-else"
	ob, _ := rules.MarshalCanonical(other)
	wantError(t, do(t, srv, "PUT", packPath, workertest.DemoToken, ob), 400, "pack_name_mismatch")

	r := do(t, srv, "GET", packPath, "", nil)
	if r.status != 200 || !bytes.Equal(r.body, v1) || r.header.Get("X-Pack-Version") != "1" {
		t.Fatalf("after failed publishes latest is %d v%s", r.status, r.header.Get("X-Pack-Version"))
	}
	r = do(t, srv, "GET", packPath+"/versions", "", nil)
	var h worker.History
	json.Unmarshal(r.body, &h)
	if len(h.Versions) != 1 {
		t.Fatalf("failed publishes added versions: %+v", h)
	}
}

func TestBodyLimit(t *testing.T) {
	_, _, srv := workertest.New(t, worker.Options{MaxPackBytes: 2000})
	v1 := readFile(t, "acme-sales.json") // 925 bytes
	publish(t, srv, v1)
	big := append(bytes.TrimRight(v1, "\n"), bytes.Repeat([]byte(" "), 2000)...)
	wantError(t, do(t, srv, "PUT", packPath, workertest.DemoToken, big), 413, "too_large")

	// Without a Content-Length (chunked), the limit holds too.
	req, _ := http.NewRequest("PUT", srv.URL+packPath, io.MultiReader(bytes.NewReader(big)))
	req.Header.Set("Authorization", "Bearer "+workertest.DemoToken)
	req.ContentLength = -1
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	wantError(t, resp{res.StatusCode, res.Header, b}, 413, "too_large")

	// The default limit is 1 MiB.
	_, _, srv2 := workertest.New(t, worker.Options{})
	wantError(t, do(t, srv2, "PUT", packPath, workertest.DemoToken, bytes.Repeat([]byte(" "), worker.DefaultMaxPackBytes+1)), 413, "too_large")
	e := wantError(t, do(t, srv2, "PUT", packPath, workertest.DemoToken, bytes.Repeat([]byte(" "), worker.DefaultMaxPackBytes)), 400, "invalid_pack")
	_ = e
}

func TestRollback(t *testing.T) {
	st, _, srv := workertest.New(t, worker.Options{})
	v1, v2 := readFile(t, "acme-sales.json"), readFile(t, "acme-sales-v2.json")
	wantError(t, do(t, srv, "POST", packPath+"/rollback", workertest.DemoToken, []byte(`{"version":1}`)), 404, "not_found")
	publish(t, srv, v1)
	publish(t, srv, v2)

	for _, body := range []string{``, `{}`, `{"version":0}`, `{"version":"1"}`, `{"version":1,"x":2}`, `[1]`} {
		wantError(t, do(t, srv, "POST", packPath+"/rollback", workertest.DemoToken, []byte(body)), 400, "bad_request")
	}
	wantError(t, do(t, srv, "POST", packPath+"/rollback", workertest.DemoToken, []byte(`{"version":9}`)), 404, "not_found")

	r := do(t, srv, "POST", packPath+"/rollback", workertest.DemoToken, []byte(`{"version":1}`))
	var p worker.Published
	if r.status != 201 || json.Unmarshal(r.body, &p) != nil || p.Version != 3 || p.SHA256 != shaHex(v1) || p.RollbackOf != 1 {
		t.Fatalf("rollback: %d %s", r.status, r.body)
	}
	r = do(t, srv, "GET", packPath, "", nil)
	if !bytes.Equal(r.body, v1) || r.header.Get("X-Pack-Version") != "3" || r.header.Get("ETag") != `"`+shaHex(v1)+`"` {
		t.Fatalf("after rollback latest is v%s", r.header.Get("X-Pack-Version"))
	}
	// A client holding v1's ETag gets a 304: same content.
	if r := do(t, srv, "GET", packPath, "", nil, "If-None-Match", `"`+shaHex(v1)+`"`); r.status != 304 {
		t.Errorf("rolled-back content with v1 ETag: %d", r.status)
	}
	r = do(t, srv, "GET", packPath+"/versions", "", nil)
	var h worker.History
	json.Unmarshal(r.body, &h)
	got := []string{}
	for _, v := range h.Versions {
		got = append(got, fmt.Sprintf("%d:%s:%d", v.Version, v.Action, v.RollbackOf))
	}
	if want := []string{"3:rollback:1", "2:publish:0", "1:publish:0"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("history = %v, want %v", got, want)
	}
	// Versions stay immutable.
	if r := do(t, srv, "GET", packPath+"/versions/2", "", nil); !bytes.Equal(r.body, v2) {
		t.Fatal("version 2 changed")
	}
	audit, _ := st.Audit(context.Background(), "demo", "acme-sales")
	if len(audit) != 3 || audit[2].Action != "rollback" || audit[2].Version != 3 || audit[2].SHA256 != shaHex(v1) || audit[2].Actor == "" {
		t.Fatalf("audit = %+v", audit)
	}
}

func TestHistoryIsAppendOnlyInTheDatabase(t *testing.T) {
	_, db, srv := workertest.New(t, worker.Options{})
	publish(t, srv, readFile(t, "acme-sales.json"))
	if _, err := db.Exec(`UPDATE versions SET data = 'x'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("UPDATE versions: %v", err)
	}
	if _, err := db.Exec(`DELETE FROM versions`); err == nil {
		t.Error("DELETE FROM versions succeeded")
	}
}

func TestConcurrentPublishesGetDistinctVersions(t *testing.T) {
	db := workertest.OpenDB(t, true)
	st := sqlstore.New(db)
	workertest.Seed(t, st)
	srv := httptest.NewServer(worker.New(st, worker.Options{Logf: t.Logf}))
	defer srv.Close()
	v1, v2 := readFile(t, "acme-sales.json"), readFile(t, "acme-sales-v2.json")
	const n = 24
	var wg sync.WaitGroup
	versions := make([]int, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := v1
			if i%2 == 1 {
				body = v2
			}
			req, _ := http.NewRequest("PUT", srv.URL+packPath, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+workertest.DemoToken)
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			var p worker.Published
			if res.StatusCode != 201 || json.NewDecoder(res.Body).Decode(&p) != nil {
				t.Errorf("publish %d: status %d", i, res.StatusCode)
				return
			}
			versions[i] = p.Version
		}(i)
	}
	wg.Wait()
	seen := map[int]bool{}
	for _, v := range versions {
		if v < 1 || v > n || seen[v] {
			t.Fatalf("versions not distinct 1..%d: %v", n, versions)
		}
		seen[v] = true
	}
	audit, _ := st.Audit(context.Background(), "demo", "acme-sales")
	if len(audit) != n {
		t.Fatalf("%d audit rows, want %d", len(audit), n)
	}
}

// failingStore fails or panics on every call.
type failingStore struct {
	worker.Store
	panics bool
}

func (f failingStore) Latest(context.Context, string, string) (worker.Version, error) {
	if f.panics {
		panic("boom: secret internal state")
	}
	return worker.Version{}, errors.New("database is on fire at /srv/secret.db")
}

func TestInternalErrorsAreJSONWithoutDetails(t *testing.T) {
	for _, panics := range []bool{false, true} {
		var logged []string
		h := worker.New(failingStore{panics: panics}, worker.Options{Logf: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) }})
		srv := httptest.NewServer(h)
		r := do(t, srv, "GET", packPath, "", nil)
		srv.Close()
		wantError(t, r, 500, "internal")
		if bytes.Contains(r.body, []byte("secret")) || bytes.Contains(r.body, []byte("boom")) {
			t.Errorf("500 body leaks internals: %s", r.body)
		}
		if len(logged) != 1 {
			t.Errorf("logged %v", logged)
		}
	}
}
