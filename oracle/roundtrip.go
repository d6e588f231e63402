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

	src, err := readInput(args[0])
	if err != nil {
		return err
	}

	out, err := roundTrip(src)
	if err != nil {
		return err
	}

	_, err = os.Stdout.Write(out)

	return err
}

// roundTrip is the decode + re-encode behind the roundtrip command and its batch requests.
func roundTrip(src []byte) ([]byte, error) {
	cfg, err := configloader.NewFromBytes(src)
	if err != nil {
		return nil, err
	}

	return encodeConfig(cfg)
}

// encodeConfig renders cfg the way `talosctl gen config` and configpatcher's output do:
// the container encoder with comments disabled.
func encodeConfig(cfg config.Provider) ([]byte, error) {
	return cfg.EncodeBytes(encoder.WithComments(encoder.CommentsDisabled))
}
