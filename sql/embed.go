package sql

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed config/*.sql ingest/*.sql transform/*.sql reports/*.sql
var files embed.FS

// File returns the text of an embedded SQL file such as "transform/010_stg_dossiers.sql".
// An unknown name is a programmer error and panics.
func File(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("sql: embedded file %q: %v", name, err))
	}
	return string(b)
}

// Files lists the embedded files of one folder ("ingest", "transform", "reports")
// in lexical order, which for transforms is the run order.
func Files(dir string) []string {
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		panic(fmt.Sprintf("sql: embedded folder %q: %v", dir, err))
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, dir+"/"+e.Name())
		}
	}
	sort.Strings(names)
	return names
}
