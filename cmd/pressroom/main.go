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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, os.Args[1:], Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	code := ExitCode(err)
	if err != nil && code != exitUsageShown {
		fmt.Fprintf(os.Stderr, "pressroom: %v\n", err)
	}
	if code == exitUsageShown {
		code = exitUsage
	}
	os.Exit(code)
}
