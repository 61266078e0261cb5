#!/usr/bin/env bash
# Load benchmark of `livrable serve`: requests per second, p50, p95 and p99 latency, and the
# server's peak memory, for 1, 4 and 16 concurrent clients each posting the sample
# submission (fixtures/soumission-exemple, 5 files) to POST /api/v1/check for 20 seconds.
# A fresh server per level, so that each peak memory is that level's own.
#
# Usage: bench/serve.sh [SECONDS]   (builds the release binary first, unless LIVRABLE_BIN)
# Needs: wrk (`apt-get install -y wrk`); installs it if missing and root. Results are
# printed; nothing is written in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20}"
# BENCH_FOLDER: another submission to post; BENCH_ROUTE=/check: the report page (with the
# annotated copies) instead of the API's JSON.
folder="${BENCH_FOLDER:-fixtures/soumission-exemple}"
route="${BENCH_ROUTE:-/api/v1/check}"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    echo "bench: install wrk first" >&2; exit 2
  fi
fi

# LIVRABLE_BIN: a binary already built (else the release binary is built here).
bin="${LIVRABLE_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin="$PWD/target/release/livrable"
fi
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The request body: the sample as a browser sends a chosen folder.
python3 - "$work/body.bin" "$folder" <<'PY'
import os, sys
out, folder = sys.argv[1], sys.argv[2]
boundary = b"livrable-bench-boundary"
parts = []
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as f:
        data = f.read()
    parts.append(b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + os.path.basename(folder.rstrip("/")).encode() + b"/"
                 + name.encode() + b"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + b"\r\n")
with open(out, "wb") as f:
    f.write(b"".join(parts) + b"--" + boundary + b"--\r\n")
PY
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=livrable-bench-boundary"
local f = io.open("$work/body.bin", "rb")
wrk.body = f:read("*a")
f:close()
-- wrk's --latency table has no 95th percentile: print the ones we report ourselves.
function done(summary, latency, requests)
  io.write(string.format("percentiles %.1f %.1f %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
LUA

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "livrable serve, POST $route with $folder, ${duration}s per level, $(nproc) cores"
printf '%-8s %10s %10s %10s %10s %12s %8s\n' clients req/s p50-ms p95-ms p99-ms peak-memory non-2xx
for clients in 1 4 16; do
  port=$(free_port)
  "$bin" serve --addr "127.0.0.1:$port" 2>/dev/null &
  server=$!
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  # One check first: dictionaries and patterns are prepared once per process.
  curl -fs -o /dev/null -X POST -H "Content-Type: multipart/form-data; boundary=livrable-bench-boundary" \
    --data-binary "@$work/body.bin" "http://127.0.0.1:$port$route"
  threads=$(( clients < 2 ? 1 : 2 ))
  out=$(wrk -t "$threads" -c "$clients" -d "${duration}s" --timeout 60s --latency -s "$work/post.lua" \
    "http://127.0.0.1:$port$route")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  read -r p50 p95 p99 < <(awk '$1 == "percentiles" {print $2, $3, $4}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  peak=$(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server/status")
  printf '%-8s %10s %10s %10s %10s %12s %8s\n' "$clients" "$rps" "$p50" "$p95" "$p99" "$peak" "${bad:-0}"
  kill "$server"; wait "$server" 2>/dev/null || true
  server=""
done
