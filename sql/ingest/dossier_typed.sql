-- dossier_typed: one row per data row of one dossier file, typed and checked (a Go text/template rendered by ingest for each file; the expressions of each column come from its profile). In load mode it appends the good rows to raw_dossiers; in reject mode it appends one raw_rejects row per fault of the bad rows. inputs: the file's rows (read_csv, read_json, read_parquet or stage_text, as line, shape and r_<column> text), known_units.
{{- define "faults"}}
    -- faults of values: missing where required, unreadable, or in the future
    {{- range .Columns}}
    {{.Fault}} AS f_{{.Name}},
    {{- end}}
{{- end}}
WITH src AS (
    {{.Source}}
),
v AS (
    SELECT line, shape,
    {{- range .Columns}}
           {{.Value}} AS v_{{.Name}},
    {{- end}}
    FROM src
),
t AS (
    SELECT *,
    {{- range .Columns}}
           {{.Typed}} AS t_{{.Name}},
    {{- end}}
    FROM v
),
{{- if eq .Mode "load"}}
k AS (
    -- the same checks as below, as one boolean: cheaper than naming each fault
    SELECT *,
           shape{{range .Columns}}{{if .OK}}
           AND {{.OK}}{{end}}{{end}}
           AND coalesce(t_finished_at >= t_received_at, true)
           AND coalesce(t_due_at >= t_received_at, true)
           AND NOT (t_status >= 7 AND t_finished_at IS NULL AND t_returned_at IS NULL AND t_updated_at IS NULL) AS rules_ok
    FROM t
)
INSERT INTO raw_dossiers
SELECT {{.FileID}}, line, {{.SourceName}},
       {{range $i, $c := .Columns}}{{if $i}}, {{end}}t_{{$c.Name}}{{end}}
FROM k
WHERE rules_ok AND t_unit_code IN (SELECT code FROM known_units)
{{- else}}
f AS (
    SELECT *,
    {{- template "faults" .}}
    FROM t
),
o AS (
    SELECT *,
           coalesce({{range .Columns}}f_{{.Name}}, {{end}}NULL) IS NULL AS values_ok
    FROM f
),
c AS (
    SELECT *,
           -- rules between values, checked once every value is readable
           CASE WHEN values_ok AND t_finished_at < t_received_at THEN 'finished_at before received_at' END AS g_finished_at,
           CASE WHEN values_ok AND t_due_at < t_received_at THEN 'due_at before received_at' END AS g_due_at,
           CASE WHEN values_ok AND t_status >= 7 AND t_finished_at IS NULL AND t_returned_at IS NULL AND t_updated_at IS NULL
                THEN {{.NoFinish}} END AS g_status
    FROM o
),
k AS (
    SELECT *,
           shape AND values_ok AND g_finished_at IS NULL AND g_due_at IS NULL AND g_status IS NULL AS rules_ok
    FROM c
)
INSERT INTO raw_rejects
SELECT {{.FileID}}, line, e.col, e.val, e.reason
FROM (
    SELECT line, unnest(list_filter([
        {{- range .Columns}}
        {'col': '{{.Name}}', 'val': {{clip (printf "v_%s" .Name)}}, 'reason': f_{{.Name}}},
        {{- end}}
        {'col': 'finished_at', 'val': {{clip "v_finished_at"}}, 'reason': g_finished_at},
        {'col': 'due_at', 'val': {{clip "v_due_at"}}, 'reason': g_due_at},
        {'col': 'status', 'val': {{clip "v_status"}}, 'reason': g_status},
        {'col': 'unit_code', 'val': {{clip "t_unit_code"}},
         'reason': CASE WHEN rules_ok AND t_unit_code NOT IN (SELECT code FROM known_units) THEN {{.UnknownUnit}} END}
    ], e -> e.reason IS NOT NULL)) AS e
    FROM k
    WHERE shape
)
{{- end}};
