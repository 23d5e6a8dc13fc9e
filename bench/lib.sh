# bench/lib.sh: what bench/pipeline.sh and bench/national.sh share. Source it after setting
# W, the folder the timings go to.

# measure LABEL CMD...: runs CMD, records "seconds maxrss_kb" in $W/t_LABEL (GNU time); its
# output goes to $W/t_LABEL.out and .err, and a failure stops the script with its stderr.
measure() {
	local label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$W/t_$label" "$@" >"$W/t_$label.out" 2>"$W/t_$label.err" || {
		cat "$W/t_$label.err" >&2
		exit 1
	}
}
secs() { cut -d' ' -f1 "$W/t_$1"; }
mib() { awk '{printf "%.0f", $2 / 1024}' "$W/t_$1"; }
ratio() { awk -v a="$(secs "$1")" -v b="$(secs "$2")" 'BEGIN {printf "%.2f", a / b}'; }

# replace_section NAME TEXT: puts TEXT between <!-- NAME:start --> and <!-- NAME:end --> in
# BENCHMARKS.md (appended with them when missing); the other sections are kept.
replace_section() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import re, sys
name, section = sys.argv[1], sys.argv[2].strip() + "\n"
path = "BENCHMARKS.md"
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# Benchmarks\n\nSide-by-side measurements on this project's 2-core machine; each section says its command.\n"
start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
block = f"{start}\n{section}{end}\n"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end) + "\n?", lambda m: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + block
open(path, "w").write(text)
PY
}
