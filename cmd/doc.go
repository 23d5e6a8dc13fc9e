// Package cmd is the reform command line: the cobra tree, flags bound to option
// structs, printing, and exit codes. [Execute] runs one command line and returns its
// exit code (see errors.go). Each command lives in its own file as newXCmd(runF) and
// xRun; the work itself is done by packages ingest, transform and reports.
package cmd
