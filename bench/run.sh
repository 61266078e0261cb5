#!/usr/bin/env bash
# Benchmark: wall time and peak memory of `livrable check` on the fixture submissions and on a
# generated folder of 500 Markdown and HTML files (single-threaded and default threads).
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

echo "== Wall time (hyperfine) =="
hyperfine --warmup 2 --runs 10 -N --ignore-failure \
  "$bin check fixtures/soumission-exemple --format json" \
  "$bin check $gen --format json" \
  "env RAYON_NUM_THREADS=1 $bin check $gen --format json"

echo "== Peak memory (GNU time, max RSS) =="
for target in fixtures/soumission-exemple "$gen"; do
  /usr/bin/time -f "%M KiB max RSS, %e s: $target" "$bin" check "$target" --format json >/dev/null || true
done
