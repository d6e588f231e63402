// Prints what Go's crypto/x509 (and so talosctl) says when it checks a server certificate for a host:
// "ok", or the verification error. Used by test/talosconfig/san-coverage.test.ts.
package main

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
)

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Println("read:", err)
		os.Exit(2)
	}

	block, _ := pem.Decode(data)
	if block == nil {
		fmt.Println("no PEM block")
		os.Exit(2)
	}

	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		fmt.Println("parse:", err)
		os.Exit(2)
	}

	if err := cert.VerifyHostname(os.Args[2]); err != nil {
		fmt.Println(err)

		return
	}

	fmt.Println("ok")
}
