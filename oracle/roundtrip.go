package main

import (
	"os"

	"github.com/siderolabs/talos/pkg/machinery/config"
	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"github.com/siderolabs/talos/pkg/machinery/config/encoder"
)

// runRoundTrip decodes one machine config with Talos's loader (strict, multi-document) and
// prints it re-encoded as Talos writes configs.
func runRoundTrip(args []string) error {
	if len(args) != 1 {
		return usageError{"expects exactly one FILE"}
	}

	cfg, err := loadConfig(args[0])
	if err != nil {
		return err
	}

	return writeConfig(cfg)
}

// loadConfig reads and decodes a machine config the way configloader.NewFromFile does.
func loadConfig(path string) (config.Provider, error) {
	src, err := readInput(path)
	if err != nil {
		return nil, err
	}

	return configloader.NewFromBytes(src)
}

// writeConfig prints cfg the way `talosctl gen config` and configpatcher's output do:
// the container encoder with comments disabled.
func writeConfig(cfg config.Provider) error {
	out, err := cfg.EncodeBytes(encoder.WithComments(encoder.CommentsDisabled))
	if err != nil {
		return err
	}

	_, err = os.Stdout.Write(out)

	return err
}
