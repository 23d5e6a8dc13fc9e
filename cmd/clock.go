package cmd

import (
	"os"
	"strconv"
	"time"
)

// clock is the time every command writes into its outputs (load times in the database,
// "generated at" in bundles, the sample's default months): SOURCE_DATE_EPOCH (seconds)
// when set, for reproducible databases and bundles, else the wall clock.
func clock() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0)
		}
	}
	return time.Now()
}
