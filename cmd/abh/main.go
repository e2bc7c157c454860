// Command abh checks sales messages against Always Be Helping rule packs and
// gives team leads their pack tools.
//
//	abh check [--pack FILE]... [--format text|json|jsonl] [FILE|-]
//	abh pack test FILE...
//	abh pack build FILE -o OUT.json
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// usageError is bad usage: exit status 2 with the message and a hint.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `abh — Always Be Helping: coach sales messages toward help.

Usage:
  abh check [--pack FILE]... [--format text|json|jsonl] [FILE|-]
        Check a message (a file, or standard input). Without --pack, the
        built-in always-be-helping pack is used. jsonl reads one
        {"id": ..., "text": ...} object per line.
  abh pack test FILE...
        Run every example of each pack and report failures as FILE:LINE.
  abh pack build FILE -o OUT.json
        Validate a pack (examples included) and write its compiled JSON.
  abh keygen [-o DIR] [--force]
        Write an Ed25519 key pair for signing packs: DIR/abh-pack.key
        (private, mode 0600) and DIR/abh-pack.pub. Never overwrites
        without --force.
  abh pack sign PACK(.json|.yaml) --key KEYFILE -o OUT.json
        Sign a compiled pack; the signature travels inside the JSON.
  abh pack publish --server URL --team T PACK(.yaml|.json) [--key KEYFILE]
        Publish a pack to the team's edge worker (YAML is compiled first;
        --key signs it). The token comes from $ABH_PUBLISH_TOKEN, never
        from a flag.
  abh pack rollback --server URL --team T --pack NAME --version N
        Make version N current again (as a new version; history is kept).
  abh help
        Show this help.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "check":
		err = cmdCheck(args[1:], stdin, stdout)
	case "pack":
		err = cmdPack(args[1:], stdout)
	case "keygen":
		err = cmdKeygen(args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "abh: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "Run 'abh help' for usage.")
	}
	var tf testFailed
	if errors.As(err, &tf) {
		return 1
	}
	return 2
}
