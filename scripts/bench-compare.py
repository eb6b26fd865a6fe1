#!/usr/bin/env python3
"""Side-by-side wall-time figures for `make bench`, measured in one run on this machine.

Prints, with the targets of issue 7:
  - `hindsight draft` of the 100,000-event log (Markdown and HTML) against the floor:
    `cmark log.md` + `cmark report.md` (the report Hindsight produced), and the ratio;
  - the linearity ratio: 100,000 events against 10,000;
  - peak memory (maximum resident set size, /usr/bin/time -v) against input size, for
    the Markdown logs and for a PagerDuty export and a Slack export of 50,000 entries
    (whose drafts are timed too);
  - the wall time of drafting a small incident, start-up included;
  - pandoc on the same Markdown, where installed, for comparison.

The draft and its floor are timed side by side: each round runs the draft, then
`cmark log.md`, then `cmark report.md` (then the draft of 10,000 events), so a slow
stretch of the machine (a virtual machine's host busy elsewhere, memory it has not
handed over yet) falls on all of them alike instead of on whichever command was being
timed at the time. The ratio is the
draft's median over the floor's (the sum of the two cmark medians); the mean of the
rounds and the spread of the per-round ratios are printed beside it. The other times
come from hyperfine when it is installed (`apt-get install -y hyperfine`), else from a
small timing loop here. Inputs are made by scripts/generate-log.py (seeded) when
missing. Standard library only.

    scripts/bench-compare.py --hindsight .build/release/hindsight --inputs Benchmarks/.build/inputs
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def ensure_input(folder, kind, events):
    name = {"markdown": "markdown-%d.md", "pagerduty": "pagerduty-%d.json", "slack": "slack-%d", "set": "set-1000x%d"}[kind] % events
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(HERE, "generate-log.py"), kind, "--events", str(events), "--count", "1000",
                        "--out", path], check=True)
    return path


CPU = {}  # command → mean user + system seconds, beside the wall time


def timed(commands, runs, work, prepare=None):
    """Mean and standard deviation in seconds of each shell command, run in `work`;
    the mean CPU time (user + system) of each goes into CPU."""
    if shutil.which("hyperfine"):
        export = os.path.join(work, "hyperfine.json")
        arguments = ["hyperfine", "--style", "none", "--warmup", "1", "--runs", str(runs), "--export-json", export]
        if prepare:
            arguments += ["--prepare", prepare]
        subprocess.run(arguments + list(commands), cwd=work, check=True, stdout=subprocess.DEVNULL)
        with open(export) as handle:
            results = json.load(handle)["results"]
        for command, result in zip(commands, results):
            CPU[command] = result.get("user", 0.0) + result.get("system", 0.0)
        return [(result["mean"], result.get("stddev") or 0.0) for result in results]
    figures = []
    for command in commands:
        # Each command's runs one after another: side_by_side of that command alone.
        (samples,), (cpu,) = side_by_side([command], runs, work, prepare)
        CPU[command] = statistics.mean(cpu)
        figures.append((statistics.mean(samples), statistics.stdev(samples) if len(samples) > 1 else 0.0))
    return figures


def side_by_side(commands, rounds, work, prepare=None):
    """Wall and CPU seconds (user + system) of each shell command in every round, the
    commands run one after another within a round; one round first warms the caches."""
    walls = [[] for _ in commands]
    cpus = [[] for _ in commands]
    for round in range(rounds + 1):
        for index, command in enumerate(commands):
            if prepare:
                subprocess.run(prepare, shell=True, cwd=work, check=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, shell=True, cwd=work, check=True, stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round > 0:
                walls[index].append(wall)
                cpus[index].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def peak_rss_bytes(command, work):
    """Maximum resident set size of a command, from GNU time."""
    if not os.path.exists("/usr/bin/time"):
        return None
    result = subprocess.run(["/usr/bin/time", "-v", "sh", "-c", command], cwd=work, check=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(match.group(1)) * 1024 if match else None


def input_bytes(path):
    """The size of a file, or of every file under a folder (a Slack export)."""
    if not os.path.isdir(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(path) for name in names)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hindsight", default=os.path.join(ROOT, ".build/release/hindsight"))
    parser.add_argument("--inputs", default=os.path.join(ROOT, "Benchmarks/.build/inputs"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the draft timed beside its floor")
    arguments = parser.parse_args()

    hindsight = os.path.abspath(arguments.hindsight)
    inputs = os.path.abspath(arguments.inputs)
    work = os.path.join(inputs, "compare")
    os.makedirs(work, exist_ok=True)
    big = ensure_input(inputs, "markdown", 100_000)
    tenth = ensure_input(inputs, "markdown", 10_000)
    small = os.path.join(ROOT, "samples/datacentre-managed.md")
    retrospectives = ensure_input(inputs, "set", 100)
    exports = [("PagerDuty export, 50,000 entries", ensure_input(inputs, "pagerduty", 50_000)),
               ("Slack export, 50,000 messages", ensure_input(inputs, "slack", 50_000))]
    cmark = shutil.which("cmark")
    if not cmark:
        sys.exit("bench: cmark is needed for the floor: apt-get install -y cmark")

    def draft(log, name):
        return "%s draft %s -o %s.md --html %s.html" % (hindsight, log, name, name)

    clean = "rm -f big.md big.html tenth.md tenth.html small.md small.html export.md export.html"
    subprocess.run(clean, shell=True, cwd=work, check=True)
    subprocess.run(draft(big, "big"), shell=True, cwd=work, check=True)
    report = os.path.join(work, "report-100000.md")
    shutil.copyfile(os.path.join(work, "big.md"), report)

    runs = arguments.runs
    rounds = arguments.rounds
    walls, cpus = side_by_side(
        [draft(big, "big"), "cmark %s > /dev/null" % big, "cmark %s > /dev/null" % report, draft(tenth, "tenth")], rounds, work,
        prepare=clean)

    def verdict(ok):
        return "met" if ok else "NOT MET"

    def spread(samples):
        return (statistics.median(samples), statistics.stdev(samples) if len(samples) > 1 else 0.0)

    draft_big, cmark_log, cmark_report, draft_tenth = (spread(samples) for samples in walls)
    cpu_draft_big, cpu_log, cpu_report, cpu_tenth = (statistics.median(samples) for samples in cpus)
    round_ratios = sorted(d / (l + r) for d, l, r in zip(*walls[:3]))
    mean_ratio = statistics.mean(walls[0]) / (statistics.mean(walls[1]) + statistics.mean(walls[2]))
    (draft_small,) = timed([draft(small, "small")], max(runs, 20), work, prepare=clean)
    publishes = "publish" in subprocess.run([hindsight, "--help"], capture_output=True, text=True).stdout
    publish = None
    if publishes:
        (publish,) = timed(["%s publish %s -o site > /dev/null" % (hindsight, retrospectives)], max(1, runs // 2), work,
                           prepare="rm -rf site")
    floor = cmark_log[0] + cmark_report[0]
    ratio = draft_big[0] / floor
    linearity = draft_big[0] / draft_tenth[0]
    cpu_floor = cpu_log + cpu_report
    cpu_small = CPU[draft(small, "small")]

    subprocess.run(clean, shell=True, cwd=work, check=True)
    rss_big = peak_rss_bytes(draft(big, "big"), work)
    subprocess.run(clean, shell=True, cwd=work, check=True)
    rss_tenth = peak_rss_bytes(draft(tenth, "tenth"), work)
    size_big = os.path.getsize(big)
    size_tenth = os.path.getsize(tenth)
    export_rows = []
    for label, path in exports:
        size = input_bytes(path)
        (wall,) = timed([draft(path, "export")], max(1, runs // 2), work, prepare=clean)
        subprocess.run(clean, shell=True, cwd=work, check=True)
        rss = peak_rss_bytes(draft(path, "export"), work)
        export_rows.append(("draft, " + label, "%.3f s ± %.3f (CPU %.3f s)" % (wall + (CPU[draft(path, "export")],)), "", ""))
        if rss:
            export_rows.append(("  peak memory (input %.1f MB)" % (size / 1e6), "%.0f MB = %.1fx the input" % (rss / 1e6, rss / size),
                                "<= 10x", verdict(rss <= 10 * size)))

    pandoc = None
    if shutil.which("pandoc"):
        pandoc = timed(["pandoc -f commonmark -t html %s -o /dev/null" % big,
                        "pandoc -f commonmark -t html %s -o /dev/null" % report], 1, work)

    print()
    print("Hindsight benchmarks on %d cores: the drafts of 100,000 and 10,000 events and the floor, median of %d rounds"
          % (os.cpu_count() or 0, rounds))
    print("run side by side (± standard deviation); the other times, mean of %d runs (± standard deviation). CPU time" % runs)
    print("(user + system, all threads) beside them: steadier than wall time on a busy machine. Load average: %.1f"
          % os.getloadavg()[0])
    print("inputs: %s (%.1f MB), %s (%.1f MB)" % (os.path.basename(big), size_big / 1e6, os.path.basename(tenth), size_tenth / 1e6))
    print()
    rows = [
        ("hindsight draft, 100,000 events (-o, --html)", "%.3f s ± %.3f (CPU %.3f s)" % (draft_big + (cpu_draft_big,)), "", ""),
        ("cmark log (100,000 events)", "%.3f s ± %.3f" % cmark_log, "", ""),
        ("cmark report (Hindsight's, %.1f MB)" % (os.path.getsize(report) / 1e6), "%.3f s ± %.3f" % cmark_report, "", ""),
        ("floor: cmark log + cmark report", "%.3f s (CPU %.3f s)" % (floor, cpu_floor), "", ""),
        ("ratio draft / floor", "%.2fx (CPU %.2fx)" % (ratio, cpu_draft_big / cpu_floor), "<= 1.25x", verdict(ratio <= 1.25)),
        ("  the same, of the rounds' means", "%.2fx" % mean_ratio, "", ""),
        ("  per round: lowest, median, highest", "%.2fx, %.2fx, %.2fx" % (
            round_ratios[0], statistics.median(round_ratios), round_ratios[-1]), "", ""),
        ("hindsight draft, 10,000 events", "%.3f s ± %.3f (CPU %.3f s)" % (draft_tenth + (cpu_tenth,)), "", ""),
        ("linearity: 10x events costs", "%.2fx the time (CPU %.2fx)" % (linearity, cpu_draft_big / cpu_tenth), "<= 11x",
         verdict(linearity <= 11)),
    ]
    if rss_big and rss_tenth:
        rows += [
            ("peak memory, 100,000 events", "%.0f MB = %.1fx the input" % (rss_big / 1e6, rss_big / size_big), "<= 10x",
             verdict(rss_big <= 10 * size_big)),
            ("peak memory, 10,000 events", "%.0f MB = %.1fx the input" % (rss_tenth / 1e6, rss_tenth / size_tenth), "", ""),
        ]
    rows += export_rows
    rows.append(("small incident draft (start-up included)",
                 "%.1f ms ± %.1f (CPU %.1f ms)" % (draft_small[0] * 1000, draft_small[1] * 1000, cpu_small * 1000),
                 "< 50 ms", verdict(draft_small[0] < 0.050)))
    if publish:
        publish_command = "%s publish %s -o site > /dev/null" % (hindsight, retrospectives)
        rows.append(("publish 1,000 retrospectives (100 events each)",
                     "%.2f s ± %.2f (CPU %.2f s)" % (publish + (CPU[publish_command],)), "< 10 s", verdict(publish[0] < 10)))
    else:
        rows.append(("publish", "this hindsight has no publish command", "", ""))
    if pandoc:
        rows += [
            ("pandoc log (100,000 events), 1 run", "%.3f s" % pandoc[0][0], "", ""),
            ("pandoc report, 1 run", "%.3f s" % pandoc[1][0], "", ""),
        ]
    else:
        rows.append(("pandoc", "not installed (apt-get install -y pandoc)", "", ""))
    width = max(len(row[0]) for row in rows)
    for name, value, target, result in rows:
        print("  %-*s  %-44s %-9s %s" % (width, name, value, target, result))
    print()


if __name__ == "__main__":
    main()
