// Package worker is the edge worker's HTTP API (v1): teams publish compiled
// rule packs, reps' extensions fetch them. It is a plain net/http handler over
// a Store, tested natively; worker/edge serves it on the Workers runtime with
// D1 as the store.
//
//	GET  /v1/teams/{team}/packs/{pack}               latest (ETag, If-None-Match → 304)
//	GET  /v1/teams/{team}/packs/{pack}/versions      history, newest first
//	GET  /v1/teams/{team}/packs/{pack}/versions/{n}  one immutable version
//	PUT  /v1/teams/{team}/packs/{pack}               publish (Bearer token of the team)
//	POST /v1/teams/{team}/packs/{pack}/rollback      {"version": n} → new version equal to n
//	GET  /healthz                                    liveness
//
// Errors are always JSON: {"error": {"code", "message", "details": [...]}}.
package worker

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
)

// DefaultMaxPackBytes is the largest pack a publish accepts.
const DefaultMaxPackBytes = 1 << 20

// Cache-Control values.
const (
	CacheLatest    = "public, max-age=60"
	CacheImmutable = "public, max-age=31536000, immutable"
	CacheHistory   = "no-cache"
	CacheNone      = "no-store"
)

// Options tune the handler; the zero value is usable.
type Options struct {
	// MaxPackBytes limits a publish body (default DefaultMaxPackBytes).
	MaxPackBytes int64
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logf logs server-side failures (default log.Printf). Clients never see
	// them.
	Logf func(format string, args ...any)
}

// equalHash compares token hashes in constant time. A variable so tests can
// check it is the comparison used.
var equalHash = func(a, b []byte) bool { return subtle.ConstantTimeCompare(a, b) == 1 }

type handler struct {
	store Store
	opt   Options
}

// New returns the API v1 handler over store.
func New(store Store, opt Options) http.Handler {
	if opt.MaxPackBytes <= 0 {
		opt.MaxPackBytes = DefaultMaxPackBytes
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logf == nil {
		opt.Logf = log.Printf
	}
	return &handler{store: store, opt: opt}
}

// Detail is one item of an error's details: for a bad pack, the rule id and
// field of one problem.
type Detail struct {
	Rule    string `json:"rule,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// APIError is the body of every error response.
type APIError struct {
	Status  int      `json:"-"`
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Details []Detail `json:"details"`
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

func apiErr(status int, code, format string, args ...any) *APIError {
	return &APIError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.opt.Logf("worker: panic serving %s %s: %v", r.Method, r.URL.Path, v)
			writeError(w, apiErr(http.StatusInternalServerError, "internal", "internal error"))
		}
	}()
	if err := h.route(w, r); err != nil {
		var ae *APIError
		if !errors.As(err, &ae) {
			h.opt.Logf("worker: %s %s: %v", r.Method, r.URL.Path, err)
			ae = apiErr(http.StatusInternalServerError, "internal", "internal error; try again later")
		}
		writeError(w, ae)
	}
}

func writeError(w http.ResponseWriter, e *APIError) {
	if e.Details == nil {
		e.Details = []Detail{}
	}
	w.Header().Set("Cache-Control", CacheNone)
	writeJSON(w, e.Status, struct {
		Error *APIError `json:"error"`
	}{e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		data = []byte(`{"error":{"code":"internal","message":"encoding the response failed","details":[]}}`)
		status = http.StatusInternalServerError
	}
	data = append(data, '\n')
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(data)
}

func methodNotAllowed(w http.ResponseWriter, allow string) error {
	w.Header().Set("Allow", allow)
	return apiErr(http.StatusMethodNotAllowed, "method_not_allowed", "use %s on this path", strings.ReplaceAll(allow, ", ", " or "))
}

// route dispatches by path; every path segment is matched literally.
func (h *handler) route(w http.ResponseWriter, r *http.Request) error {
	path := r.URL.Path
	if path == "/healthz" {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return methodNotAllowed(w, "GET, HEAD")
		}
		w.Header().Set("Cache-Control", CacheNone)
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "api": "v1"})
		return nil
	}
	seg := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(seg) < 5 || seg[0] != "v1" || seg[1] != "teams" || seg[3] != "packs" {
		return apiErr(http.StatusNotFound, "not_found", "no such endpoint: %s (see API v1: /v1/teams/{team}/packs/{pack})", path)
	}
	team, pack := seg[2], seg[4]
	if !rules.ValidName(team) || !rules.ValidName(pack) {
		return apiErr(http.StatusNotFound, "not_found", "team and pack names are lower-case letters, digits and dashes")
	}
	rest := seg[5:]
	if r.Method == http.MethodOptions {
		return preflight(w)
	}
	switch {
	case len(rest) == 0:
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			return h.getLatest(w, r, team, pack)
		case http.MethodPut:
			return h.publish(w, r, team, pack)
		}
		return methodNotAllowed(w, "GET, HEAD, PUT")
	case len(rest) == 1 && rest[0] == "versions":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return methodNotAllowed(w, "GET, HEAD")
		}
		return h.getHistory(w, r, team, pack)
	case len(rest) == 2 && rest[0] == "versions":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return methodNotAllowed(w, "GET, HEAD")
		}
		n, err := strconv.Atoi(rest[1])
		if err != nil || n < 1 || rest[1] != strconv.Itoa(n) {
			return apiErr(http.StatusNotFound, "not_found", "version %q is not a positive whole number", rest[1])
		}
		return h.getVersion(w, r, team, pack, n)
	case len(rest) == 1 && rest[0] == "rollback":
		if r.Method != http.MethodPost {
			return methodNotAllowed(w, "POST")
		}
		return h.rollback(w, r, team, pack)
	}
	return apiErr(http.StatusNotFound, "not_found", "no such endpoint: %s", path)
}

// preflight answers CORS preflights: packs are public, so any origin may
// fetch them with If-None-Match.
func preflight(w http.ResponseWriter) error {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD")
	h.Set("Access-Control-Allow-Headers", "If-None-Match")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, ErrNotFound) {
		return apiErr(http.StatusNotFound, "not_found", format, args...)
	}
	return err
}

// ETag returns the entity tag of a stored pack: its quoted SHA-256.
func ETag(sha string) string { return `"` + sha + `"` }

// etagMatches reports whether an If-None-Match header matches etag (weak
// comparison, as RFC 9110 requires for If-None-Match).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

func (h *handler) servePack(w http.ResponseWriter, r *http.Request, v Version, cache string) error {
	hd := w.Header()
	etag := ETag(v.SHA256)
	hd.Set("ETag", etag)
	hd.Set("Cache-Control", cache)
	hd.Set("X-Pack-Version", strconv.Itoa(v.Version))
	hd.Set("Last-Modified", v.PublishedAt.UTC().Format(http.TimeFormat))
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Access-Control-Expose-Headers", "ETag, X-Pack-Version")
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("Content-Length", strconv.Itoa(len(v.Data)))
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(v.Data)
	}
	return nil
}

func (h *handler) getLatest(w http.ResponseWriter, r *http.Request, team, pack string) error {
	v, err := h.store.Latest(r.Context(), team, pack)
	if err != nil {
		return notFound(err, "team %q has no pack %q", team, pack)
	}
	return h.servePack(w, r, v, CacheLatest)
}

func (h *handler) getVersion(w http.ResponseWriter, r *http.Request, team, pack string, n int) error {
	v, err := h.store.Version(r.Context(), team, pack, n)
	if err != nil {
		return notFound(err, "pack %s/%s has no version %d", team, pack, n)
	}
	return h.servePack(w, r, v, CacheImmutable)
}

// History is the body of GET .../versions.
type History struct {
	Team     string        `json:"team"`
	Pack     string        `json:"pack"`
	Latest   int           `json:"latest"`
	Versions []VersionInfo `json:"versions"`
}

func (h *handler) getHistory(w http.ResponseWriter, r *http.Request, team, pack string) error {
	vs, err := h.store.History(r.Context(), team, pack)
	if err == nil && len(vs) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return notFound(err, "team %q has no pack %q", team, pack)
	}
	w.Header().Set("Cache-Control", CacheHistory)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, History{Team: team, Pack: pack, Latest: vs[0].Version, Versions: vs})
	return nil
}

// authorize checks the bearer token: 401 when missing or unknown, 403 when it
// belongs to another team.
func (h *handler) authorize(ctx context.Context, w http.ResponseWriter, r *http.Request, team string) (Token, error) {
	auth := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(auth, " ")
	token = strings.TrimSpace(token)
	if auth == "" || !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="abh"`)
		return Token{}, apiErr(http.StatusUnauthorized, "unauthorized", "publishing needs the team's token: Authorization: Bearer <token>")
	}
	sum := sha256.Sum256([]byte(token))
	hash := hex.EncodeToString(sum[:])
	t, err := h.store.TokenByHash(ctx, hash)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Token{}, err
	}
	// The store found the row by its hash; compare again in constant time
	// so a store that matched loosely can never let a wrong token through.
	// Unknown tokens are compared too, against a zero hash, so both paths
	// do the same work.
	stored, derr := hex.DecodeString(t.Hash)
	if err != nil || derr != nil || len(stored) != len(sum) {
		stored = make([]byte, len(sum))
	}
	if match := equalHash(stored, sum[:]); err != nil || !match {
		w.Header().Set("WWW-Authenticate", `Bearer realm="abh", error="invalid_token"`)
		return Token{}, apiErr(http.StatusUnauthorized, "unauthorized", "the token is not valid")
	}
	if t.Team != team {
		return Token{}, apiErr(http.StatusForbidden, "forbidden", "the token does not belong to team %q", team)
	}
	return t, nil
}

// Published is the body of a successful publish or rollback.
type Published struct {
	Team       string `json:"team"`
	Pack       string `json:"pack"`
	Version    int    `json:"version"`
	SHA256     string `json:"sha256"`
	Size       int    `json:"size"`
	RollbackOf int    `json:"rollback_of,omitempty"`
}

func (h *handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	limit := h.opt.MaxPackBytes
	tooLarge := apiErr(http.StatusRequestEntityTooLarge, "too_large", "the body is larger than the limit of %d bytes", limit)
	if r.ContentLength > limit {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, apiErr(http.StatusBadRequest, "bad_body", "reading the body failed: %v", err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge
	}
	return data, nil
}

// ValidatePack checks a compiled pack exactly as `abh pack build` does:
// decoding, rule validation and every rule's examples. It returns every
// problem found.
func ValidatePack(data []byte) (*rules.Pack, []Detail) {
	if !utf8.Valid(data) {
		return nil, []Detail{{Message: "the pack is not valid UTF-8"}}
	}
	p, err := rules.ParsePackJSON(data)
	if err != nil {
		return nil, []Detail{{Message: err.Error()}}
	}
	e, err := rules.Compile(p)
	var pe *rules.PackError
	if errors.As(err, &pe) {
		ds := make([]Detail, 0, len(pe.Problems))
		for _, pr := range pe.Problems {
			ds = append(ds, Detail{Rule: pr.Rule, Field: pr.Field, Message: pr.Message})
		}
		return nil, ds
	}
	if err != nil {
		return nil, []Detail{{Message: err.Error()}}
	}
	if base, err := packs.Builtin(); err == nil {
		if probs := rules.CheckAgainstBase(base, p); len(probs) > 0 {
			ds := make([]Detail, 0, len(probs))
			for _, pr := range probs {
				ds = append(ds, Detail{Field: pr.Field, Message: pr.Message})
			}
			return nil, ds
		}
	}
	if fails := e.CheckExamples(p); len(fails) > 0 {
		ds := make([]Detail, 0, len(fails))
		for _, f := range fails {
			ds = append(ds, Detail{Rule: f.Rule, Field: f.Field, Message: f.Message})
		}
		return nil, ds
	}
	return p, nil
}

func (h *handler) publish(w http.ResponseWriter, r *http.Request, team, pack string) error {
	ctx := r.Context()
	tok, err := h.authorize(ctx, w, r, team)
	if err != nil {
		return err
	}
	data, err := h.readBody(w, r)
	if err != nil {
		return err
	}
	p, details := ValidatePack(data)
	if details != nil {
		e := apiErr(http.StatusBadRequest, "invalid_pack", "the pack has %d problem(s); the previous version stays served", len(details))
		e.Details = details
		return e
	}
	if p.Name != pack {
		return apiErr(http.StatusBadRequest, "pack_name_mismatch", "the pack is named %q but was published to %q; publish it to /v1/teams/%s/packs/%s", p.Name, pack, team, p.Name)
	}
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	info, err := h.store.Publish(ctx, Publication{Team: team, Pack: pack, Data: data, SHA256: sha, Actor: tok.Actor(), At: h.opt.Now().UTC()})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", CacheNone)
	w.Header().Set("Location", fmt.Sprintf("/v1/teams/%s/packs/%s/versions/%d", team, pack, info.Version))
	w.Header().Set("ETag", ETag(sha))
	writeJSON(w, http.StatusCreated, Published{Team: team, Pack: pack, Version: info.Version, SHA256: sha, Size: len(data)})
	return nil
}

// RollbackRequest is the body of POST .../rollback.
type RollbackRequest struct {
	Version int `json:"version"`
}

func (h *handler) rollback(w http.ResponseWriter, r *http.Request, team, pack string) error {
	ctx := r.Context()
	tok, err := h.authorize(ctx, w, r, team)
	if err != nil {
		return err
	}
	data, err := h.readBody(w, r)
	if err != nil {
		return err
	}
	var req RollbackRequest
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.Version < 1 {
		return apiErr(http.StatusBadRequest, "bad_request", `the body must be {"version": n} with n ≥ 1`)
	}
	info, err := h.store.Rollback(ctx, team, pack, req.Version, tok.Actor(), h.opt.Now().UTC())
	if err != nil {
		return notFound(err, "pack %s/%s has no version %d to roll back to", team, pack, req.Version)
	}
	w.Header().Set("Cache-Control", CacheNone)
	w.Header().Set("Location", fmt.Sprintf("/v1/teams/%s/packs/%s/versions/%d", team, pack, info.Version))
	w.Header().Set("ETag", ETag(info.SHA256))
	writeJSON(w, http.StatusCreated, Published{Team: team, Pack: pack, Version: info.Version, SHA256: info.SHA256, Size: info.Size, RollbackOf: req.Version})
	return nil
}
