// Command enroll measures the opening-day path of enrollment: parents submitting applications
// (logged-in parent, strict decoding and validation, identity check, encryption and blind indexes,
// catchment match, audit record, durable insert with SQLite synchronous=FULL) at many concurrent
// connections, and what the server answers past its capacity (429 with Retry-After).
//
// The load generator and the server run as separate processes on the same machine:
//
//	go run ./bench/enroll standin -data /tmp/eb-enroll -addr 127.0.0.1:18080 -sessions /tmp/eb-enroll/sessions.json
//	go run ./bench/enroll load -url http://127.0.0.1:18080/api/v1/bench/enroll/applications \
//	    -sessions /tmp/eb-enroll/sessions.json -conns 256 -duration 20s
//
// "standin" serves a stand-in of the submit endpoint built on the platform packages, doing the same
// work as the real one; "sessions" prepares parent accounts and sessions in the data directory of a
// real edubureau server (which is then measured with "load -real").
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "standin":
		err = standin(os.Args[2:])
	case "sessions":
		err = sessionsCmd(os.Args[2:])
	case "load":
		err = load(os.Args[2:])
	case "wrkscript":
		err = wrkScript(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "enroll bench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: enroll standin|sessions|load|wrkscript [flags]  (see -h of each)")
	os.Exit(2)
}
