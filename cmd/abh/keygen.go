package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/alwaysbehelping/abh/rules/packsig"
)

// Key file names written by abh keygen.
const (
	privateKeyFile = "abh-pack.key"
	publicKeyFile  = "abh-pack.pub"
)

// cmdKeygen: abh keygen [-o DIR] [--force]
func cmdKeygen(args []string, stdout io.Writer) error {
	fs := newFlags("keygen")
	dir := fs.String("o", ".", "directory for "+privateKeyFile+" and "+publicKeyFile)
	force := fs.Bool("force", false, "overwrite an existing key pair")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"usage: abh keygen [-o DIR] [--force]"}
	}
	privPath := filepath.Join(*dir, privateKeyFile)
	pubPath := filepath.Join(*dir, publicKeyFile)
	if !*force {
		for _, p := range []string{privPath, pubPath} {
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s already exists; keep it (packs signed with it verify only with its public key) or pass --force to replace the key pair", p)
			}
		}
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", *dir, err)
	}
	pub, priv, err := packsig.GenerateKey()
	if err != nil {
		return err
	}
	if err := writeKeyFile(privPath, priv+"\n", 0o600, *force); err != nil {
		return err
	}
	if err := writeKeyFile(pubPath, pub+"\n", 0o644, *force); err != nil {
		return err
	}
	pk, err := packsig.ParsePublicKey(pub)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "private key: %s (mode 0600; keep it secret, never commit it)\n", privPath)
	fmt.Fprintf(stdout, "public key:  %s (key id %s)\n", pubPath, packsig.KeyID(pk))
	fmt.Fprintf(stdout, "\nGive reps' extensions this public key (options page or managed policy):\n%s\n", pub)
	return nil
}

// writeKeyFile writes a key file with mode perm. Without force it never
// replaces an existing file (O_EXCL); with force it replaces it atomically.
func writeKeyFile(path, content string, perm os.FileMode, force bool) error {
	if !force {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; pass --force to replace it", path)
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if _, err := f.WriteString(content); err != nil {
			f.Close()
			return fmt.Errorf("writing %s: %w", path, err)
		}
		if err := f.Chmod(perm); err != nil { // umask may have narrowed or widened nothing; be explicit
			f.Close()
			return fmt.Errorf("writing %s: %w", path, err)
		}
		return f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".abh-key-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err == nil {
		_, err = tmp.WriteString(content)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// readPrivateKeyFile reads a key written by abh keygen.
func readPrivateKeyFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading key: %w", err)
	}
	s := strings.TrimSpace(string(data))
	// Both keys are 32 bytes in the same text form, so tell them apart by
	// name and by the public key written beside the private one.
	isPublic := strings.EqualFold(filepath.Ext(path), ".pub")
	if pub, err := os.ReadFile(filepath.Join(filepath.Dir(path), publicKeyFile)); err == nil && strings.TrimSpace(string(pub)) == s {
		isPublic = true
	}
	if isPublic {
		return "", fmt.Errorf("%s is a public key; sign with the private key (%s from abh keygen)", path, privateKeyFile)
	}
	if _, err := packsig.ParsePrivateKey(s); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
