// Command reform computes Vietnamese administrative-reform metrics per commune and
// renders offline dashboards. See README.md, or run reform --help.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"reformindex/cmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cmd.Execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
