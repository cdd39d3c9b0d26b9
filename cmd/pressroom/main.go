// Command pressroom turns Japanese press releases into a searchable,
// structured record of who agreed what with whom, and when.
//
// Run `pressroom help` for the subcommands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first SIGINT or SIGTERM stops gracefully: the command's ctx
		// is cancelled and the work in flight finishes. A second one
		// aborts at once; the crawl state makes that safe too.
		s := <-sigs
		fmt.Fprintf(os.Stderr, "pressroom: %v: stopping (the work in flight finishes; repeat to abort at once)\n", s)
		cancel()
		s = <-sigs
		fmt.Fprintf(os.Stderr, "pressroom: %v again: aborting\n", s)
		os.Exit(exitAborted(s))
	}()
	err := Run(ctx, os.Args[1:], Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	signal.Stop(sigs)
	cancel()
	code := ExitCode(err)
	if err != nil && code != exitUsageShown {
		fmt.Fprintf(os.Stderr, "pressroom: %v\n", err)
	}
	if code == exitUsageShown {
		code = exitUsage
	}
	os.Exit(code)
}

// exitAborted is the status of a command aborted by a second signal: 128
// plus the signal's number, as a shell reports a process killed by it
// (130 for SIGINT, 143 for SIGTERM).
func exitAborted(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return exitFailure
}
