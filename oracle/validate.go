package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/validation"
)

// runtimeMode is validation.RuntimeMode for the modes `talosctl validate --mode` accepts.
// Talos keeps its own Mode type in an internal package; its behaviour is one row per mode here.
type runtimeMode struct {
	name            string
	requiresInstall bool
	inContainer     bool
}

var runtimeModes = []runtimeMode{
	{name: "metal", requiresInstall: true, inContainer: false},
	{name: "cloud", requiresInstall: false, inContainer: false},
	{name: "container", requiresInstall: false, inContainer: true},
}

func (m runtimeMode) String() string        { return m.name }
func (m runtimeMode) RequiresInstall() bool { return m.requiresInstall }
func (m runtimeMode) InContainer() bool     { return m.inContainer }

var _ validation.RuntimeMode = runtimeMode{}

func parseMode(name string) (runtimeMode, error) {
	for _, m := range runtimeModes {
		if m.name == name {
			return m, nil
		}
	}

	return runtimeMode{}, usageError{fmt.Sprintf("unknown runtime mode %q (metal, cloud or container)", name)}
}

// runValidate checks a config like `talosctl validate --config FILE --mode M [--strict]`
// (validateConfig); warnings are printed to stderr, errors exit 1.
func runValidate(args []string) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	modeName := fs.String("mode", "", "runtime mode: metal, cloud or container")
	strict := fs.Bool("strict", false, "treat warnings as errors")

	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}

	if fs.NArg() != 1 {
		return usageError{"expects exactly one FILE"}
	}

	mode, err := parseMode(*modeName)
	if err != nil {
		return err
	}

	src, err := readInput(fs.Arg(0))
	if err != nil {
		return err
	}

	warnings, err := validateConfig(src, mode, *strict)
	for _, w := range warnings {
		fmt.Fprintf(os.Stderr, "warning: %s\n", w)
	}

	return err
}

// validateConfig decodes a config as roundTrip does and runs Validate(mode, WithLocal[, WithStrict])
// on it: the warnings Talos gives, and its error when the config is invalid.
func validateConfig(src []byte, mode runtimeMode, strict bool) ([]string, error) {
	cfg, err := configloader.NewFromBytes(src)
	if err != nil {
		return nil, err
	}

	opts := []validation.Option{validation.WithLocal()}
	if strict {
		opts = append(opts, validation.WithStrict())
	}

	return cfg.Validate(mode, opts...)
}
