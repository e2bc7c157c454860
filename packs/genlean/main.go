// Command genlean writes packs/lean_gen.go, the built-in pack without most of
// its examples, which the per-tab engine build (-tags abh_frame) embeds. Run
// it from the repository root (make packs does):
//
//	go run ./packs/genlean
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "genlean:", err)
		os.Exit(1)
	}
}

func run() error {
	data, err := os.ReadFile(filepath.Join("packs", "always-be-helping.json"))
	if err != nil {
		return fmt.Errorf("reading the compiled built-in pack (run from the repository root): %w", err)
	}
	p, err := rules.ParsePackJSON(data)
	if err != nil {
		return fmt.Errorf("packs/always-be-helping.json: %w", err)
	}
	src, err := packs.LeanSource(p)
	if err != nil {
		return err
	}
	out := filepath.Join("packs", packs.LeanFile)
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, src, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	fmt.Printf("%s: %d rules, %d bytes\n", out, len(p.Rules), len(src))
	return nil
}
