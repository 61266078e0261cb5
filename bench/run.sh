#!/usr/bin/env bash
# Benchmark of issue 10: prints each figure next to its target (see bench/README.md).
#
# Usage: bench/run.sh [--only SECTION,...]
#   sections: distinct, scaling, threads, linters, startup, csv, sub20 (default: all)
#   LIVRABLE_BIN=path bench/run.sh   measures that binary instead of building this tree's.
#
# Needs python3 (standard library) and cargo. For the linter comparison it installs rumdl from
# PyPI in a scratch virtual environment and builds a pulldown-cmark parse floor program
# (bench/floor) in a scratch folder; without them it says so and prints the rest. Nothing is
# written in the repository: the corpus and builds live in a temporary folder, removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ -n "${LIVRABLE_BIN:-}" ]; then
  bin=$LIVRABLE_BIN
else
  cargo build --release --quiet
  bin="$root/target/release/livrable"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# rumdl, from PyPI, in a virtual environment of its own.
rumdl=""
if python3 -m venv "$work/venv" >/dev/null 2>&1 \
   && "$work/venv/bin/pip" install --quiet --disable-pip-version-check rumdl >/dev/null 2>&1; then
  rumdl="$work/venv/bin/rumdl"
else
  echo "bench: rumdl could not be installed (python3-venv or PyPI missing): no rumdl figures" >&2
fi

# The parse floor, built from bench/floor in the scratch folder.
floor=""
cp -r bench/floor "$work/floor-src"
if (cd "$work/floor-src" && CARGO_TARGET_DIR="$work/floor-target" cargo build --release --quiet) 2>/dev/null; then
  floor="$work/floor-target/release/parse-floor"
else
  echo "bench: the parse floor could not be built: no floor figure" >&2
fi

echo "livrable: $bin ($(nproc) CPUs)"
python3 bench/bench.py "$bin" "$work" --rumdl "$rumdl" --floor "$floor" "$@"
