package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/alwaysbehelping/abh/rules"
)

// tokenEnv holds the team's publish token. It is never a flag, so it does not
// land in shell history or in `ps` output.
const tokenEnv = "ABH_PUBLISH_TOKEN"

// httpClient talks to the worker; a variable for tests.
var httpClient = &http.Client{Timeout: 60 * time.Second}

// serverFlags are the flags publish and rollback share.
type serverFlags struct {
	server, team string
}

func (s *serverFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.server, "server", "", "worker base URL, e.g. https://packs.example.com")
	fs.StringVar(&s.team, "team", "", "team name, e.g. demo")
}

func (s *serverFlags) check(cmd string) error {
	if s.server == "" || s.team == "" {
		return usageError{fmt.Sprintf("%s needs --server URL and --team T", cmd)}
	}
	u, err := url.Parse(s.server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Sprintf("--server %q is not an http(s) URL, e.g. http://127.0.0.1:8787", s.server)}
	}
	if !rules.ValidName(s.team) {
		return usageError{fmt.Sprintf("--team %q must be lower-case letters, digits and dashes", s.team)}
	}
	return nil
}

func (s *serverFlags) packURL(pack string) string {
	return strings.TrimRight(s.server, "/") + "/v1/teams/" + s.team + "/packs/" + pack
}

// rejectTokenFlag explains why there is no --token flag.
func rejectTokenFlag(args []string) error {
	for _, a := range args {
		name := strings.TrimLeft(a, "-")
		if strings.HasPrefix(a, "-") && (name == "token" || strings.HasPrefix(name, "token=")) {
			return usageError{"there is no --token flag: set the team's publish token in the environment variable " + tokenEnv + " (a flag value would land in shell history)"}
		}
	}
	return nil
}

func publishToken() (string, error) {
	t := strings.TrimSpace(os.Getenv(tokenEnv))
	if t == "" {
		return "", fmt.Errorf("no publish token: set %s to your team's publish token (ask whoever runs the worker; locally scripts/worker-dev.sh uses dev-token)", tokenEnv)
	}
	return t, nil
}

// apiError mirrors the worker's error body.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details []struct {
			Rule    string `json:"rule"`
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"details"`
	} `json:"error"`
}

// send makes one authorized request and decodes a 2xx JSON body into out,
// turning every failure into a plain-words error.
func send(method, target, token string, body []byte, out any) error {
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "abh-cli")
	res, err := httpClient.Do(req)
	if err != nil {
		var ne net.Error
		u, _ := url.Parse(target)
		host := target
		if u != nil {
			host = u.Scheme + "://" + u.Host
		}
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("the worker at %s did not answer in time: %v", host, err)
		}
		return fmt.Errorf("cannot reach the worker at %s: %v (is it running? scripts/worker-dev.sh starts one locally)", host, unwrapURLError(err))
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("reading the worker's answer: %w", err)
	}
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("the worker answered %s with a body that is not the expected JSON: %w", res.Status, err)
		}
		return nil
	}
	var ae apiError
	if json.Unmarshal(data, &ae) != nil || ae.Error.Code == "" {
		snippet := strings.TrimSpace(string(data))
		if len(snippet) > 200 {
			snippet = snippet[:200] + "…"
		}
		return fmt.Errorf("the worker answered %s: %s", res.Status, snippet)
	}
	var b strings.Builder
	switch res.StatusCode {
	case http.StatusUnauthorized:
		fmt.Fprintf(&b, "the worker refused the token (401 %s): %s; check %s", ae.Error.Code, ae.Error.Message, tokenEnv)
	case http.StatusForbidden:
		fmt.Fprintf(&b, "the token is not allowed to publish here (403 %s): %s; use the token of this team", ae.Error.Code, ae.Error.Message)
	case http.StatusRequestEntityTooLarge:
		fmt.Fprintf(&b, "the pack is too large for the worker (413 %s): %s", ae.Error.Code, ae.Error.Message)
	case http.StatusBadRequest:
		fmt.Fprintf(&b, "the worker rejected the request (400 %s): %s", ae.Error.Code, ae.Error.Message)
	default:
		fmt.Fprintf(&b, "the worker answered %d %s: %s", res.StatusCode, ae.Error.Code, ae.Error.Message)
	}
	for _, d := range ae.Error.Details {
		b.WriteString("\n  ")
		if d.Rule != "" {
			b.WriteString("rule " + d.Rule + ": ")
		}
		if d.Field != "" {
			b.WriteString(d.Field + ": ")
		}
		b.WriteString(d.Message)
	}
	return errors.New(b.String())
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// published mirrors the worker's 201 body.
type published struct {
	Team       string `json:"team"`
	Pack       string `json:"pack"`
	Version    int    `json:"version"`
	SHA256     string `json:"sha256"`
	Size       int    `json:"size"`
	RollbackOf int    `json:"rollback_of"`
}

// cmdPackPublish: abh pack publish --server URL --team T PACK(.yaml|.json) [--key KEYFILE]
func cmdPackPublish(args []string, stdout io.Writer) error {
	if err := rejectTokenFlag(args); err != nil {
		return err
	}
	fs := newFlags("pack publish")
	var sf serverFlags
	sf.register(fs)
	key := fs.String("key", "", "sign with this private key (from abh keygen) before publishing")
	pos, err := splitArgs(fs, args)
	if err != nil {
		return usageError{fmt.Sprintf("pack publish: %v", err)}
	}
	if len(pos) != 1 {
		return usageError{"usage: abh pack publish --server URL --team T PACK(.yaml|.json) [--key KEYFILE]"}
	}
	if err := sf.check("pack publish"); err != nil {
		return err
	}
	token, err := publishToken()
	if err != nil {
		return err
	}
	// A YAML pack is compiled (and its examples run) here; a compiled JSON
	// pack goes as it is, byte for byte, and the worker runs the same checks.
	lp, err := loadPack(pos[0], false)
	if err != nil {
		return err
	}
	signed := ""
	if *key != "" {
		id, err := lp.sign(*key)
		if err != nil {
			return err
		}
		signed = ", signed with key " + id
	} else if lp.pack.Signature != nil {
		signed = ", signed with key " + lp.pack.Signature.KeyID
	}
	var p published
	target := sf.packURL(lp.pack.Name)
	if err := send(http.MethodPut, target, token, lp.data, &p); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published %s/%s version %d (%d bytes, sha256 %s%s)\n", p.Team, p.Pack, p.Version, p.Size, shortSHA(p.SHA256), signed)
	fmt.Fprintf(stdout, "reps fetch it from %s\n", target)
	return nil
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// cmdPackRollback: abh pack rollback --server URL --team T --pack NAME --version N
func cmdPackRollback(args []string, stdout io.Writer) error {
	if err := rejectTokenFlag(args); err != nil {
		return err
	}
	fs := newFlags("pack rollback")
	var sf serverFlags
	sf.register(fs)
	pack := fs.String("pack", "", "pack name")
	version := fs.Int("version", 0, "the version to make current again")
	pos, err := splitArgs(fs, args)
	if err != nil {
		return usageError{fmt.Sprintf("pack rollback: %v", err)}
	}
	if len(pos) != 0 || *pack == "" || *version < 1 {
		return usageError{"usage: abh pack rollback --server URL --team T --pack NAME --version N"}
	}
	if err := sf.check("pack rollback"); err != nil {
		return err
	}
	if !rules.ValidName(*pack) {
		return usageError{fmt.Sprintf("--pack %q must be lower-case letters, digits and dashes", *pack)}
	}
	token, err := publishToken()
	if err != nil {
		return err
	}
	body := []byte(`{"version": ` + strconv.Itoa(*version) + `}`)
	var p published
	if err := send(http.MethodPost, sf.packURL(*pack)+"/rollback", token, body, &p); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rolled %s/%s back to version %d: now version %d (sha256 %s)\n", p.Team, p.Pack, *version, p.Version, shortSHA(p.SHA256))
	return nil
}
