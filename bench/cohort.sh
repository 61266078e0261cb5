#!/usr/bin/env bash
# Benchmark of `livrable cohort`: a class of N generated candidates (default 1,000), five
# files each (Word plan, Excel budget, Markdown article, HTML newsletter, PDF press release),
# laid out as Moodle's « download all submissions » gives it, written by the committed
# generator bench/cohort/generate.py. Reports wall time and peak memory (GNU time) of the
# release binary on the folder and on its zip. Target (issue 14): under 60 s on 2 cores and
# under 500 MiB for 1,000 candidates.
#
# Usage: bench/cohort.sh [N]
# Needs: python3 with python-docx and openpyxl, GNU time (installed if missing and root).
# Nothing is written in the repository: the class and the outputs are in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
  else
    echo "bench: install GNU time first" >&2; exit 2
  fi
fi

cargo build --release --quiet
bin="$PWD/target/release/livrable"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "generating $n candidates…"
python3 bench/cohort/generate.py "$work/classe" "$n" --zip
echo "class: $(du -sh "$work/classe" | cut -f1) in $(find "$work/classe" -type f | wc -l) files; zip $(du -h "$work/classe.zip" | cut -f1)"

run() {
  local label="$1"; shift
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" cohort "$@" --out "$work/out" >/dev/null 2>"$work/err" || true
  read -r secs kib < "$work/time"
  echo "$label: ${secs} s, peak $((kib / 1024)) MiB, $(tail -n +2 "$work/out/cohorte.csv" | wc -l) rows, $(ls "$work/out/grilles" | wc -l) grids"
}
run "folder ($(nproc) threads)" "$work/classe"
run "zip ($(nproc) threads)" "$work/classe.zip"
