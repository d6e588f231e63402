package main

import (
	"os"

	"github.com/siderolabs/talos/pkg/machinery/config/configpatcher"
)

// runPatch loads PATCH files like `talosctl --config-patch @file` and prints BASE with them
// applied (patchConfig).
func runPatch(args []string) error {
	if len(args) < 2 {
		return usageError{"expects BASE and at least one PATCH"}
	}

	if err := stdinUsedOnce(args); err != nil {
		return err
	}

	base, err := readInput(args[0])
	if err != nil {
		return err
	}

	refs := make([]string, 0, len(args)-1)

	for _, path := range args[1:] {
		ref, cleanup, err := patchReference(path)
		if err != nil {
			return err
		}

		defer cleanup()

		refs = append(refs, ref)
	}

	out, err := patchConfig(base, refs)
	if err != nil {
		return err
	}

	_, err = os.Stdout.Write(out)

	return err
}

// patchConfig reads the "@file" patch references with configpatcher.LoadPatches (strategic
// merge with $patch: delete, or RFC 6902 as JSON or YAML; consecutive JSON patches are joined),
// applies them in order to base with configpatcher.Apply and encodes the result as roundTrip does.
func patchConfig(base []byte, refs []string) ([]byte, error) {
	patches, err := configpatcher.LoadPatches(refs)
	if err != nil {
		return nil, err
	}

	out, err := configpatcher.Apply(configpatcher.WithBytes(base), patches)
	if err != nil {
		return nil, err
	}

	cfg, err := out.Config()
	if err != nil {
		return nil, err
	}

	return encodeConfig(cfg)
}

// patchReference is the "@file" argument LoadPatches reads for path; stdin is copied to a
// temporary file first so that every patch goes through the same loader path.
func patchReference(path string) (ref string, cleanup func(), err error) {
	if path != "-" {
		return "@" + path, func() {}, nil
	}

	src, err := readInput(path)
	if err != nil {
		return "", nil, err
	}

	return patchFile(src)
}

// patchFile writes a patch text to a temporary file and returns its "@file" reference and
// the function that removes it.
func patchFile(src []byte) (ref string, cleanup func(), err error) {
	f, err := os.CreateTemp("", "talos-oracle-patch-*")
	if err != nil {
		return "", nil, err
	}

	cleanup = func() { os.Remove(f.Name()) } //nolint:errcheck

	if _, err = f.Write(src); err == nil {
		err = f.Close()
	} else {
		f.Close() //nolint:errcheck
	}

	if err != nil {
		cleanup()

		return "", nil, err
	}

	return "@" + f.Name(), cleanup, nil
}
