// Command talos-oracle runs Talos's own machinery (pkg/machinery, pinned per release by the
// go.vX.Y.mod files beside it) on machine configs, so talgen's output can be checked against
// the real thing: decode + re-encode, configpatcher, and validation.
//
// Usage: talos-oracle <roundtrip|patch|validate> [flags] FILE...   (FILE "-" is stdin)
//
//	talos-oracle batch < REQUESTS   (one JSON request per line, one JSON reply per line)
//
// Errors go to stderr with exit status 1; usage errors exit 2.
package main

import (
	"errors"
	"fmt"
	"os"
)

// command is one sub-command: its argument synopsis and the function that runs it.
type command struct {
	synopsis string
	run      func(args []string) error
}

var commands = map[string]command{
	"roundtrip": {"FILE", runRoundTrip},
	"patch":     {"BASE PATCH...", runPatch},
	"validate":  {"--mode metal|cloud|container [--strict] FILE", runValidate},
	"batch":     {"< REQUESTS   (one JSON request per line, one JSON reply per line)", runBatch},
}

// usageError is a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usage() string {
	text := "usage:\n"
	for _, name := range []string{"roundtrip", "patch", "validate", "batch"} {
		text += fmt.Sprintf("  talos-oracle %s %s\n", name, commands[name].synopsis)
	}

	return text + "FILE may be - for stdin\n"
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage())
		os.Exit(2)
	}

	cmd, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "talos-oracle: unknown command %q\n%s", os.Args[1], usage())
		os.Exit(2)
	}

	if err := cmd.run(os.Args[2:]); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(os.Stderr, "talos-oracle %s: %s\n%s", os.Args[1], ue.msg, usage())
			os.Exit(2)
		}

		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
