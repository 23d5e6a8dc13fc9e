package cmd

import (
	"errors"
	"fmt"
)

// Exit codes (SPEC §1).
const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2 // bad flags or arguments
	exitRejected = 3 // a file's reject share was above --max-reject-rate
	exitLocked   = 4 // the database is locked by another process
)

// usageError is a mistake in the command line; usage is printed with it.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// rejectedError reports files whose reject share was above the threshold.
type rejectedError struct{ msg string }

func (e *rejectedError) Error() string { return e.msg }

// silentError has been reported already (line by line); only its exit code matters.
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func exitCode(err error) int {
	var (
		ue *usageError
		re *rejectedError
		se *silentError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &re):
		return exitRejected
	case errors.As(err, &se):
		return se.code
	case isLocked(err):
		return exitLocked
	}
	return exitError
}
