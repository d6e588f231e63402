package main

import (
	"io"
	"os"
)

// readInput returns the contents of path, or of stdin when path is "-".
func readInput(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}

	return os.ReadFile(path)
}

// stdinUsedOnce reports a usage error when "-" names stdin more than once.
func stdinUsedOnce(paths []string) error {
	seen := false

	for _, p := range paths {
		if p != "-" {
			continue
		}

		if seen {
			return usageError{"stdin (-) can be read only once"}
		}

		seen = true
	}

	return nil
}
