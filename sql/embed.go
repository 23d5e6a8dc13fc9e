package sql

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed config/*.sql ingest/*.sql transform/*.sql reports/*.sql reports/parts/*.sql
var files embed.FS

// File returns the text of an embedded SQL file such as "transform/010_stg_dossiers.sql".
// A line "-- include: NAME" in it stands for the embedded file NAME without its header
// line: a column list that several queries share, such as reports/parts/figures.sql.
// An unknown name is a programmer error and panics.
func File(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("sql: embedded file %q: %v", name, err))
	}
	text := string(b)
	if !strings.Contains(text, includeMark) {
		return text
	}
	var out strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		part, ok := strings.CutPrefix(strings.TrimSpace(line), includeMark)
		if !ok {
			out.WriteString(line)
			continue
		}
		_, body, _ := strings.Cut(File(strings.TrimSpace(part)), "\n") // without its header
		out.WriteString(body)
	}
	return out.String()
}

const includeMark = "-- include: "

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
