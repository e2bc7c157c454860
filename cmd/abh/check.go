package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packfile"
)

// multiFlag collects a repeated string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}

func cmdCheck(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := newFlags("check")
	var packFiles multiFlag
	fs.Var(&packFiles, "pack", "pack file (YAML or compiled JSON); repeatable")
	format := fs.String("format", "text", "text, json or jsonl")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError{fmt.Sprintf("check takes one input file, got %d", fs.NArg())}
	}
	if *format != "text" && *format != "json" && *format != "jsonl" {
		return usageError{fmt.Sprintf("unknown --format %q (want text, json or jsonl)", *format)}
	}
	engine, err := loadEngine(packFiles)
	if err != nil {
		return err
	}
	name := "-"
	if fs.NArg() == 1 {
		name = fs.Arg(0)
	}
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("cannot read input: %w", err)
		}
		defer f.Close()
		in = f
	} else {
		name = "<stdin>"
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if *format == "jsonl" {
		return checkJSONL(engine, name, in, w)
	}
	data, err := io.ReadAll(in)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("%s is not valid UTF-8 text; convert it first (e.g. iconv -t UTF-8)", name)
	}
	res := engine.Analyze(string(data), rules.Options{})
	if *format == "json" {
		return writeJSON(w, res)
	}
	writeText(w, name, res)
	return nil
}

// loadEngine compiles the given packs, or the built-in pack when none.
func loadEngine(files []string) (*rules.Engine, error) {
	if len(files) == 0 {
		p, err := packs.Builtin()
		if err != nil {
			return nil, err
		}
		return rules.Compile(p)
	}
	var ps []*rules.Pack
	for _, f := range files {
		p, err := readPack(f)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	e, err := rules.Compile(ps...)
	if err != nil {
		return nil, fmt.Errorf("loading packs: %w", err)
	}
	return e, nil
}

// readPack reads an authored YAML pack or a compiled JSON pack.
func readPack(path string) (*rules.Pack, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read pack: %w", err)
	}
	if strings.HasSuffix(path, ".json") || bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		p, err := rules.ParsePackJSON(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return p, nil
	}
	f, err := packfile.Parse(path, data)
	if err != nil {
		return nil, err
	}
	if _, err := f.Compile(false); err != nil {
		return nil, err
	}
	return f.Pack, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func writeText(w io.Writer, name string, res rules.Result) {
	for _, f := range res.Findings {
		fmt.Fprintf(w, "%s:%d:%d  %s  %s  %s\n", name, f.Line, f.Col, f.Severity, f.Rule, f.Message)
		if f.Category != "metric" {
			fmt.Fprintf(w, "    %q — %s\n", f.Match, f.Why)
		} else {
			fmt.Fprintf(w, "    %s\n", f.Why)
		}
		for _, s := range f.Suggestions {
			if s == "" {
				s = "(remove it)"
			}
			fmt.Fprintf(w, "    → %s\n", s)
		}
	}
	fmt.Fprintf(w, "score %d/100", res.Score)
	if len(res.Findings) == 0 {
		fmt.Fprint(w, " — no suggestions")
	}
	fmt.Fprintln(w)
	for _, r := range res.Reasons {
		fmt.Fprintf(w, "  %+d  %s\n", r.Delta, r.Text)
	}
}

// jsonlOutput is one output line of --format jsonl.
type jsonlOutput struct {
	ID       json.RawMessage `json:"id"`
	Score    int             `json:"score"`
	Metrics  rules.Metrics   `json:"metrics"`
	Findings []rules.Finding `json:"findings"`
}

func checkJSONL(engine *rules.Engine, name string, in io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var rec struct {
			ID   json.RawMessage `json:"id"`
			Text *string         `json:"text"`
		}
		if err := json.Unmarshal(raw, &rec); err != nil {
			return fmt.Errorf("%s:%d: not a JSON object {\"id\": ..., \"text\": ...}: %v", name, line, err)
		}
		if rec.Text == nil {
			return fmt.Errorf("%s:%d: missing \"text\" field", name, line)
		}
		if rec.ID == nil {
			rec.ID = json.RawMessage("null")
		}
		res := engine.Analyze(*rec.Text, rules.Options{})
		if err := writeJSON(w, jsonlOutput{ID: rec.ID, Score: res.Score, Metrics: res.Metrics, Findings: res.Findings}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("%s:%d: line longer than 16 MB", name, line+1)
		}
		return fmt.Errorf("reading %s: %w", name, err)
	}
	return nil
}
