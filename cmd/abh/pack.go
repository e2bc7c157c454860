package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packfile"
)

// testFailed is a pack whose examples failed: exit status 1.
type testFailed struct{ n int }

func (t testFailed) Error() string { return fmt.Sprintf("%d problem(s) found", t.n) }

func cmdPack(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"pack needs a subcommand: test or build"}
	}
	switch args[0] {
	case "test":
		return cmdPackTest(args[1:], stdout)
	case "build":
		return cmdPackBuild(args[1:], stdout)
	case "sign":
		return cmdPackSign(args[1:], stdout)
	case "publish":
		return cmdPackPublish(args[1:], stdout)
	case "rollback":
		return cmdPackRollback(args[1:], stdout)
	}
	return usageError{fmt.Sprintf("unknown pack subcommand %q (want test or build)", args[0])}
}

func cmdPackTest(args []string, stdout io.Writer) error {
	fs := newFlags("pack test")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"pack test needs at least one pack file"}
	}
	failed := 0
	for _, path := range fs.Args() {
		f, err := packfile.Read(path)
		if err != nil {
			return err
		}
		_, err = f.Compile(true)
		var pe *packfile.Error
		if errors.As(err, &pe) {
			fmt.Fprintln(stdout, pe.Error())
			failed += len(pe.Items)
			continue
		}
		if err != nil {
			return err
		}
		if probs := builtinDisableProblems(f); len(probs) > 0 {
			e := &packfile.Error{Path: f.Path, Items: probs}
			fmt.Fprintln(stdout, e.Error())
			failed += len(probs)
			continue
		}
		n := countExamples(f.Pack)
		fmt.Fprintf(stdout, "%s: ok — %d rules, %d examples passed\n", path, len(f.Pack.Rules), n)
	}
	if failed > 0 {
		return testFailed{failed}
	}
	return nil
}

func countExamples(p *rules.Pack) int {
	n := 0
	for _, r := range p.Rules {
		n += len(r.Examples.Fire) + len(r.Examples.Pass) + len(r.Examples.Rewrite)
	}
	return n
}

func cmdPackBuild(args []string, stdout io.Writer) error {
	fs := newFlags("pack build")
	out := fs.String("o", "", "output file for the compiled JSON")
	// Accept the file before or after -o.
	var path string
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		path, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if path == "" && fs.NArg() > 0 {
		path = fs.Arg(0)
	}
	if path == "" || *out == "" {
		return usageError{"usage: abh pack build FILE -o OUT.json"}
	}
	f, err := packfile.Read(path)
	if err != nil {
		return err
	}
	if _, err := f.Compile(true); err != nil {
		return err
	}
	data, err := rules.MarshalCanonical(f.Pack)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d rules → %s (%d bytes)\n", path, len(f.Pack.Rules), *out, len(data))
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it,
// so a failed build never leaves a half-written pack.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".abh-pack-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// builtinDisableProblems reports what would make the pack misbehave next to
// the built-in pack (rules.CheckAgainstBase), located in the file.
func builtinDisableProblems(f *packfile.File) []packfile.Located {
	base, err := packs.Builtin()
	if err != nil || f.Pack.Name == base.Name {
		// The built-in pack itself (or a new version of it) is tested
		// on its own; the worker and the extension refuse a team pack
		// that takes its name.
		return nil
	}
	var out []packfile.Located
	for _, p := range rules.CheckAgainstBase(base, f.Pack) {
		out = append(out, packfile.Located{Line: f.Line(p.Index, p.Field), Field: p.Field, Message: p.Message})
	}
	return out
}
