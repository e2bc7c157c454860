package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packfile"
	"github.com/alwaysbehelping/abh/rules/packsig"
)

// loadedPack is a pack ready to sign or publish.
type loadedPack struct {
	pack *rules.Pack
	// data is the compiled JSON: the file's own bytes for a .json pack (so a
	// signed pack stays byte-identical), canonical JSON for a YAML one.
	data []byte
}

// loadPack reads an authored (.yaml/.yml) or compiled (.json) pack and checks
// it as `abh pack build` does, examples included, unless check is false
// (the worker checks it again anyway).
func loadPack(path string, check bool) (*loadedPack, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		f, err := packfile.Read(path)
		if err != nil {
			return nil, err
		}
		if _, err := f.Compile(true); err != nil {
			return nil, err
		}
		data, err := rules.MarshalCanonical(f.Pack)
		if err != nil {
			return nil, err
		}
		return &loadedPack{pack: f.Pack, data: data}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading pack: %w", err)
	}
	p, err := rules.ParsePackJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if check {
		if err := checkCompiled(path, p); err != nil {
			return nil, err
		}
	}
	return &loadedPack{pack: p, data: data}, nil
}

// checkCompiled validates a compiled pack and runs its examples, reporting
// every problem one per line.
func checkCompiled(path string, p *rules.Pack) error {
	e, err := rules.Compile(p)
	var pe *rules.PackError
	if errors.As(err, &pe) {
		var b strings.Builder
		for i, pr := range pe.Problems {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%s: %s", path, pr)
		}
		return errors.New(b.String())
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if fails := e.CheckExamples(p); len(fails) > 0 {
		var b strings.Builder
		for i, f := range fails {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%s: %s", path, f)
		}
		return errors.New(b.String())
	}
	return nil
}

// sign signs lp with the private key in keyPath and returns the key id.
func (lp *loadedPack) sign(keyPath string) (string, error) {
	keyText, err := readPrivateKeyFile(keyPath)
	if err != nil {
		return "", err
	}
	priv, err := packsig.ParsePrivateKey(keyText)
	if err != nil {
		return "", err
	}
	data, err := packsig.Sign(lp.pack, priv)
	if err != nil {
		return "", err
	}
	lp.data = data
	return lp.pack.Signature.KeyID, nil
}

// splitArgs separates flags from positional arguments wherever they appear,
// so `abh pack sign PACK --key K -o OUT` and `abh pack sign --key K -o OUT
// PACK` both work.
func splitArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// cmdPackSign: abh pack sign PACK(.json|.yaml) --key KEYFILE -o OUT.json
func cmdPackSign(args []string, stdout io.Writer) error {
	fs := newFlags("pack sign")
	key := fs.String("key", "", "private key file written by abh keygen")
	out := fs.String("o", "", "output file for the signed compiled JSON")
	pos, err := splitArgs(fs, args)
	if err != nil {
		return usageError{fmt.Sprintf("pack sign: %v", err)}
	}
	if len(pos) != 1 || *key == "" || *out == "" {
		return usageError{"usage: abh pack sign PACK.json --key KEYFILE -o OUT.json"}
	}
	lp, err := loadPack(pos[0], true)
	if err != nil {
		return err
	}
	keyID, err := lp.sign(*key)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, lp.data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: signed with key %s → %s (%d bytes)\n", pos[0], keyID, *out, len(lp.data))
	return nil
}
