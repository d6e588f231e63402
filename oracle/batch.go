package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// request is one question of a batch: the operation of one single command and its inputs,
// given as texts instead of files.
type request struct {
	Op      string   `json:"op"`      // roundtrip, patch or validate
	Config  string   `json:"config"`  // the machine config (BASE for patch)
	Patches []string `json:"patches"` // patch: the patch texts, applied in order
	Mode    string   `json:"mode"`    // validate: metal, cloud or container
	Strict  bool     `json:"strict"`  // validate: warnings count as errors
}

// reply is the answer to one request: what the single command would print on stdout (out) and
// stderr (warnings, then error), and whether it would exit 0.
type reply struct {
	OK       bool     `json:"ok"`
	Out      string   `json:"out,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	Error    string   `json:"error,omitempty"`
}

// runBatch answers a stream of JSON requests on stdin with one JSON line each on stdout, in
// order, in a single process. A request the single command would refuse as a usage error stops
// the batch the same way (exit 2), after the replies to the requests before it.
func runBatch(args []string) error {
	if len(args) != 0 {
		return usageError{"expects no arguments (requests come on stdin)"}
	}

	in := json.NewDecoder(os.Stdin)
	in.DisallowUnknownFields()

	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)

	for n := 1; ; n++ {
		var req request

		err := in.Decode(&req)
		if errors.Is(err, io.EOF) {
			return nil
		}

		if err != nil {
			return usageError{fmt.Sprintf("request %d: %v", n, err)}
		}

		rep, err := answer(req)
		if err != nil {
			return usageError{fmt.Sprintf("request %d: %v", n, err)}
		}

		if err = out.Encode(rep); err != nil {
			return err
		}
	}
}

// answer runs one request through the code of its single command. Only a malformed request is
// an error; Talos refusing the config is a reply.
func answer(req request) (reply, error) {
	var (
		out      []byte
		warnings []string
		err      error
	)

	switch req.Op {
	case "roundtrip":
		out, err = roundTrip([]byte(req.Config))
	case "patch":
		if len(req.Patches) == 0 {
			return reply{}, errors.New("patch expects at least one patch")
		}

		out, err = patchTexts([]byte(req.Config), req.Patches)
	case "validate":
		mode, modeErr := parseMode(req.Mode)
		if modeErr != nil {
			return reply{}, modeErr
		}

		warnings, err = validateConfig([]byte(req.Config), mode, req.Strict)
	default:
		return reply{}, fmt.Errorf("unknown op %q (roundtrip, patch or validate)", req.Op)
	}

	if err != nil {
		return reply{OK: false, Warnings: warnings, Error: err.Error()}, nil
	}

	return reply{OK: true, Out: string(out), Warnings: warnings}, nil
}

// patchTexts applies patch texts to base as the patch command applies patch files: each is
// written to a temporary file that LoadPatches reads.
func patchTexts(base []byte, texts []string) ([]byte, error) {
	refs := make([]string, 0, len(texts))

	for _, text := range texts {
		ref, cleanup, err := patchFile([]byte(text))
		if err != nil {
			return nil, err
		}

		defer cleanup()

		refs = append(refs, ref)
	}

	return patchConfig(base, refs)
}
