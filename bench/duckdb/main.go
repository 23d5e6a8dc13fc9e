// Command duckdb is the DuckDB reference of the benchmarks: it runs one SQL statement
// against a database file with the same DuckDB build and settings as reform (time zone
// Asia/Ho_Chi_Minh) and prints the seconds it took, opening and closing included.
// make bench-ingest times DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…) with it,
// make bench-pipeline DuckDB's own copy of the dossier table.
//
//	go run ./bench/duckdb DB SQL
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
		fmt.Fprintln(os.Stderr, "usage: duckdb DB SQL")
		os.Exit(2)
	}
	ctx := context.Background()
	start := time.Now()
	db, err := sql.Open(ctx, os.Args[1], sql.Options{TZ: "Asia/Ho_Chi_Minh"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = db.ExecSQL(ctx, os.Args[2])
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%.2f\n", time.Since(start).Seconds())
}
