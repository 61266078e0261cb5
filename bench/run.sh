#!/usr/bin/env bash
# Benchmark: wall time and peak memory of `livrable check` on the sample submission, on a
# 20-file submission (the sample plus 15 generated files: the issue's target is under 100 ms),
# on a generated folder of 500 Markdown and HTML files (single-threaded and default threads)
# and on its 250 Markdown files alone (target: 2,000 files/s single-threaded); then files per
# second single-threaded.
#
# Usage: bench/run.sh            (builds the release binary first)
# Needs: hyperfine and GNU time (`apt-get install -y hyperfine time`); installs them if
# missing and root. Results are printed; nothing is written in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
  else
    echo "bench: install hyperfine and time first" >&2; exit 2
  fi
fi

cargo build --release --quiet
bin="$PWD/target/release/livrable"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A generated submission of 500 files: 250 Markdown articles and 250 HTML newsletters,
# each about 600 words with headings, links and images (some flawed), under varied names.
gen="$work/gen500"
mkdir -p "$gen"
python3 - "$gen" <<'PY'
import sys, os, random
random.seed(7)
out = sys.argv[1]
words = ("communication salon stand visiteurs conférence rénovation énergie presse réseaux "
         "sociaux public cible message campagne budget planning objectif indicateur").split()
def para(n): return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."
for i in range(250):
    with open(os.path.join(out, f"article-blog-{i:03}.md"), "w") as f:
        f.write(f"# Article {i}\n\n")
        for s in range(6):
            f.write(f"## Partie {s}\n\n{para(90)}\n\n")
            if s == 3 and i % 5 == 0: f.write("#### Détail\n\n")
            f.write(f"![{'' if i % 7 == 0 else 'Illustration ' + str(s)}](img/{s}.jpg)\n\n[lien](https://exemple.fr/{s})\n\n")
for i in range(250):
    with open(os.path.join(out, f"newsletter-{i:03}.html"), "w") as f:
        f.write('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Lettre</title></head><body><table role="presentation" width="600">')
        f.write(f"<tr><td><h1>Lettre {i}</h1></td></tr>")
        for s in range(6):
            alt = '' if s == 2 else f' alt="Visuel {s}"'
            f.write(f'<tr><td><h2>Rubrique {s}</h2><img src="https://exemple.fr/{s}.jpg"{alt}><p>{para(90)}</p><a href="https://exemple.fr/{s}">Lire</a></td></tr>')
        f.write('<tr><td>Verdure, 12 rue des Tanneurs, 69002 Lyon <a href="https://exemple.fr/desinscription">Se désinscrire</a></td></tr></table></body></html>')
PY

# A submission of 20 files: the sample's 5 and 15 generated ones (8 articles, 7 newsletters).
sub20="$work/sub20"
mkdir -p "$sub20"
cp fixtures/soumission-exemple/* "$sub20/"
for i in 000 001 002 003 004 005 006 007; do cp "$gen/article-blog-$i.md" "$sub20/"; done
for i in 000 001 002 003 004 005 006; do cp "$gen/newsletter-$i.html" "$sub20/"; done

# The 250 Markdown articles alone.
md="$work/md250"
mkdir -p "$md"
cp "$gen"/*.md "$md/"

echo "== Wall time (hyperfine) =="
hyperfine --warmup 2 --runs 10 -N --ignore-failure --export-json "$work/times.json" \
  "$bin rules" \
  "$bin check fixtures/soumission-exemple --format json" \
  "$bin check $sub20 --format json" \
  "$bin check $gen --format json" \
  "env RAYON_NUM_THREADS=1 $bin check $gen --format json" \
  "env RAYON_NUM_THREADS=1 $bin check $md --format json"

echo "== Files per second, single-threaded (mean wall time, pack load included) =="
python3 - "$work/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for r in results:
    cmd = r["command"]
    if "RAYON_NUM_THREADS=1" not in cmd:
        continue
    files = 500 if "gen500" in cmd else 250
    print(f"{files / r['mean']:7.0f} files/s  ({files} files in {r['mean'] * 1000:.0f} ms): {cmd.split()[-3]}")
PY

echo "== Peak memory (GNU time, max RSS) =="
for target in fixtures/soumission-exemple "$sub20" "$gen"; do
  /usr/bin/time -q -f "%M KiB max RSS, %e s: $target" "$bin" check "$target" --format json >/dev/null || true
done
