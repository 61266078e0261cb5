#!/usr/bin/env python3
"""Measures livrable against the targets of issue 10 and prints each figure next to its target.

Called by bench/run.sh (which builds the binary, rumdl's virtual environment and the parse floor
program); see bench/README.md for what each figure means. Every time is the median of several
whole-process runs (wall clock); peak memory is the child's maximum resident set (wait4).

  bench.py BIN WORK [--rumdl PATH] [--floor PATH] [--only SECTION,...]
"""

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = [sys.executable, os.path.join(HERE, "corpus.py")]
# Single-threaded means one core: both tools are pinned to CPU 0, and livrable is told so.
ONE = ["taskset", "-c", "0"] if shutil.which("taskset") else []


def run(cmd, env=None):
    """(seconds, max RSS in KiB, stdout) of one run of `cmd`."""
    full_env = dict(os.environ, **(env or {}))
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=full_env)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if p.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(cmd)} exited with {p.returncode}")
    return elapsed, usage.ru_maxrss, out


def timed(cmd, env=None, budget=3.0, max_runs=11, min_runs=3):
    """Median seconds and median max RSS (KiB) over runs: at least `min_runs` (one when a run
    takes longer than the budget), more while under `budget` seconds in all."""
    run(cmd, env)  # warm the page cache
    times, rss = [], []
    total = 0.0
    while len(times) < max_runs:
        t, m, _ = run(cmd, env)
        times.append(t)
        rss.append(m)
        total += t
        if (len(times) >= min_runs and total > budget) or t > budget:
            break
    return statistics.median(times), statistics.median(rss)


def verdict(ok):
    return "ok" if ok else "MISSED"


def line(label, value, target, ok):
    print(f"  {label:<58} {value:>16}   target {target:<14} {verdict(ok)}")


def gen(args):
    subprocess.run(CORPUS + args, check=True)


def check(bin_, path, extra=()):
    return [bin_, "check", path, "--format", "json", *extra]


def single(env=None):
    return dict(env or {}, RAYON_NUM_THREADS="1")


# Files of the distinct-text and thread figures (BENCH_FILES=11 bench/run.sh for a quick look at
# a slow binary).
FILES = int(os.environ.get("BENCH_FILES", "0"))


def distinct(bin_, work):
    n = FILES or 200
    print(f"== 1. Distinct texts: full pack, {n} French articles of 5–10 KB, one thread ==")
    folder = os.path.join(work, "distinct")
    gen(["articles", folder, str(n), "--seed", "11"])
    t, _ = timed(ONE + check(bin_, folder), single())
    line("files per second", f"{n / t:.1f} files/s", ">= 100", n / t >= 100)
    _, _, a = run(check(bin_, folder))
    _, _, b = run(check(bin_, folder), single())
    report = json.loads(a)
    words = [f for f in report["findings"] if f["code"] == "spelling/unknown-word"]
    with_sugg = sum(1 for f in words if not f["message"].endswith("—"))
    print(f"  unknown words listed: {len(words)}, with suggestions: {with_sugg}")
    line("same bytes, 2 threads vs 1 thread (deterministic)", "yes" if a == b else "no", "yes", a == b)

    print("== 1b. Suggestion quality: 20 known misspellings (bench/misspellings.tsv) ==")
    pairs = [l.rstrip("\n").split("\t") for l in open(os.path.join(HERE, "misspellings.tsv"), encoding="utf-8")
             if l.strip() and not l.startswith("#")]
    text = os.path.join(work, "fautes", "article-blog-fautes.md")
    os.makedirs(os.path.dirname(text), exist_ok=True)
    gen(["misspelled", text])
    _, _, out = run(check(bin_, text, ["--kind", "blog-article"]))
    given = {}
    for f in json.loads(out)["findings"]:
        if f["code"] == "spelling/unknown-word":
            msg = f["message"]
            word = msg.split("« ", 1)[1].split(" »", 1)[0]
            given[word] = [s.strip() for s in msg.rsplit(":", 1)[1].split(",")]
    hits = 0
    for wrong, right in pairs:
        top = given.get(wrong, [])[:3]
        hit = right in top
        hits += hit
        if not hit:
            print(f"    {wrong}: {', '.join(top) or '—'} (wanted {right})")
    line("right word among the first three suggestions", f"{hits}/20", ">= 18/20", hits >= 18)


def slope(points):
    """Least-squares slope of log(time) over log(size)."""
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def scaling(bin_, work):
    print("== 2. Cost linear in size: one file of 100 KB to 10 MB, full pack ==")
    sizes = [100_000, 300_000, 1_000_000, 3_000_000, 10_000_000]
    kinds = [("md", "blog-article"), ("html", "newsletter"), ("docx", "report")]
    for ext, kind in kinds:
        points = []
        cells = []
        for size in sizes:
            path = os.path.join(work, "scaling", f"long-{size}.{ext}")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            gen(["long", path, str(size)])
            t, _ = timed(check(bin_, path, ["--kind", kind]), budget=2.0, max_runs=5)
            points.append((size, t))
            cells.append(f"{size // 1000} KB {t * 1000:.0f} ms")
        e = slope(points)
        print(f"  .{ext}: " + ", ".join(cells))
        line(f".{ext} exponent of time over size (100 KB → 10 MB)", f"{e:.2f}", "<= 1.1", e <= 1.1)
        if ext == "html":
            t = points[-1][1]
            line("a 10 MB newsletter", f"{t:.2f} s", "< 1 s", t < 1.0)


def threads(bin_, work):
    n = FILES or 500
    print(f"== 3. Both cores: {n} distinct files (half Markdown, half HTML), full pack ==")
    folder = os.path.join(work, "mixed500")
    gen(["articles", folder, str(n), "--seed", "23", "--format", "mixed"])
    t1, _ = timed(check(bin_, folder), single(), budget=6.0, max_runs=5)
    t2, _ = timed(check(bin_, folder), {"RAYON_NUM_THREADS": "2"}, budget=6.0, max_runs=5)
    print(f"  1 thread {t1:.2f} s, 2 threads {t2:.2f} s ({os.cpu_count()} CPUs)")
    line("speed-up, 2 threads over 1", f"{t1 / t2:.2f}x", ">= 1.8x", t1 / t2 >= 1.8)


def headings_alt_pack(work):
    """The rule pack with only its heading-structure and image-alt instances."""
    pack = os.path.join(work, "pack-headings-alt")
    if os.path.isdir(pack):
        return pack
    shutil.copytree(os.path.join(ROOT, "rules", "ccm-n6"), pack)
    checks = os.path.join(pack, "checks")
    for name in os.listdir(checks):
        path = os.path.join(checks, name)
        text = open(path, encoding="utf-8").read()
        head, *blocks = text.split("[[check]]")
        kept = [b for b in blocks if 'kind = "heading-structure"' in b or 'kind = "image-alt"' in b]
        if kept:
            with open(path, "w", encoding="utf-8") as f:
                f.write(head + "".join("[[check]]" + b for b in kept))
        else:
            os.remove(path)
    return pack


def linters(bin_, work, rumdl, floor):
    print("== 4. Same work as the linters: heading structure + alt text, 2,000 posts, one thread ==")
    folder = os.path.join(work, "posts2000")
    gen(["articles", folder, "2000", "--seed", "31"])
    pack = headings_alt_pack(work)
    ours_cmd = ONE + [bin_, "check", folder, "--format", "json", "--rules", pack]
    t, rss = timed(ours_cmd, single(), budget=4.0)
    t2, _ = timed(ours_cmd[len(ONE):], {"RAYON_NUM_THREADS": "2"}, budget=4.0)
    print(f"  livrable: {2000 / t:.0f} files/s, {rss / 1024:.1f} MiB peak; 2 threads {2000 / t2:.0f} files/s ({t / t2:.2f}x)")
    if rumdl:
        rumdl_cmd = [rumdl, "check", folder, "--no-cache", "--no-config", "--enable", "MD001,MD045",
                     "--output-format", "json"]
        rt, rrss = timed(ONE + rumdl_cmd, single(), budget=4.0)
        rt2, _ = timed(rumdl_cmd, budget=4.0)
        print(f"  rumdl {subprocess.run([rumdl, '--version'], capture_output=True, text=True).stdout.strip()} "
              f"(MD001 + MD045): {2000 / rt:.0f} files/s, {rrss / 1024:.1f} MiB peak; "
              f"2 threads {2000 / rt2:.0f} files/s ({rt / rt2:.2f}x)")
        line("files/s over rumdl's, one thread", f"{rt / t:.2f}x", ">= 2x", rt / t >= 2)
        line("peak memory over rumdl's", f"{rss / rrss:.2f}x", "<= 2x", rss / rrss <= 2)
    else:
        print("  rumdl: not installed (see bench/run.sh): no comparison")
    if floor:
        ft, _ = timed(ONE + [floor, folder], budget=3.0)
        print(f"  parse floor (pulldown-cmark, read + parse every file): {ft * 1000:.0f} ms")
        line("time over the parse floor", f"{t / ft:.2f}x", "<= 3x", t / ft <= 3)
    else:
        print("  parse floor: not built (see bench/run.sh): no comparison")


def startup(bin_, work):
    print("== 5. Start-up: one tiny file, full pack ==")
    tiny = os.path.join(work, "tiny")
    os.makedirs(tiny, exist_ok=True)
    md = os.path.join(tiny, "article-blog.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("# Bonjour\n\nUn court texte.\n")
    csv = os.path.join(tiny, "budget.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("Poste;Montant\nImpression;120\n")
    t, _ = timed(check(bin_, md), budget=1.0, max_runs=21, min_runs=11)
    line("one tiny .md file", f"{t * 1000:.1f} ms", "<= 20 ms", t <= 0.020)
    t, _ = timed(check(bin_, csv), budget=1.0, max_runs=21, min_runs=11)
    line("one tiny .csv file", f"{t * 1000:.1f} ms", "<= 20 ms", t <= 0.020)


def csv_limit(bin_, work):
    print("== 6. Limits before work: a 300,000-row CSV ==")
    path = os.path.join(work, "big", "budget.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("Poste;Quantité;Prix unitaire;Total\n")
        for i in range(300_000):
            f.write(f"Ligne {i};{i % 9 + 1};{i % 97},50;{(i % 9 + 1) * (i % 97)},00\n")
    t, rss = timed(check(bin_, path), budget=2.0)
    _, _, out = run(check(bin_, path))
    codes = sorted({f["code"] for f in json.loads(out)["findings"] if f["file"].endswith("budget.csv")})
    print(f"  findings on the file: {', '.join(codes) or 'none'}")
    line("time to refuse it", f"{t * 1000:.0f} ms", "(streamed)", True)
    line("peak memory", f"{rss / 1024:.1f} MiB", "(bounded)", True)


def submission20(bin_, work):
    print("== 7. The 20-file submission (the sample's 5 files and 15 generated ones) ==")
    folder = os.path.join(work, "sub20")
    gen(["articles", folder, "15", "--seed", "5", "--format", "mixed"])
    for name in os.listdir(os.path.join(ROOT, "fixtures", "soumission-exemple")):
        shutil.copy(os.path.join(ROOT, "fixtures", "soumission-exemple", name), folder)
    t, rss = timed(check(bin_, folder), budget=2.0, max_runs=21, min_runs=5)
    line("20 files, default threads", f"{t * 1000:.0f} ms", "< 100 ms", t < 0.1)
    print(f"  peak memory {rss / 1024:.1f} MiB")


SECTIONS = {
    "distinct": distinct,
    "scaling": scaling,
    "threads": threads,
    "linters": None,
    "startup": startup,
    "csv": csv_limit,
    "sub20": submission20,
}


def main(argv):
    bin_, work = argv[0], argv[1]
    rumdl = floor = None
    only = list(SECTIONS)
    i = 2
    while i < len(argv):
        if argv[i] == "--rumdl":
            rumdl = argv[i + 1] or None
        elif argv[i] == "--floor":
            floor = argv[i + 1] or None
        elif argv[i] == "--only":
            only = argv[i + 1].split(",")
        i += 2
    for name in only:
        if name == "linters":
            linters(bin_, work, rumdl, floor)
        else:
            SECTIONS[name](bin_, work)


if __name__ == "__main__":
    main(sys.argv[1:])
