// Command ctas is the reference of `make bench-ingest`: DuckDB's own
// CREATE TABLE … AS SELECT * FROM read_csv(…) of a file into a fresh database, with the
// same DuckDB build and settings as reform. It prints the seconds it took.
//
//	go run ./testdata/ingest/ctas DB CSV
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"reformindex/sql"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: ctas DB CSV")
		os.Exit(2)
	}
	ctx := context.Background()
	start := time.Now()
	db, err := sql.Open(ctx, os.Args[1], sql.Options{TZ: "Asia/Ho_Chi_Minh"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = db.ExecSQL(ctx, "CREATE TABLE t AS SELECT * FROM read_csv("+sql.QuoteString(os.Args[2])+")")
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%.2f\n", time.Since(start).Seconds())
}
