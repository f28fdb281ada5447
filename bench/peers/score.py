"""Scores every tool's pairs against the truth and prints one table.

Usage: python score.py DIR...

Each DIR holds truth.csv (held_id,sought_id) and, per tool, TOOL.pairs.csv (held_id,sought_id,...)
and TOOL.time (the report of `/usr/bin/time -v`, which ran the tool in its own process). Precision,
recall and F1 are over distinct pairs; wall time, CPU time (user and system, all threads and child
processes) and peak memory are the whole process's, reading the files included. CPU time says what
a run costs when other work shares the machine and wall time does not.
"""

import csv
import pathlib
import re
import sys

TOOLS = ["parley", "splink", "recordlinkage"]


def pairs(path):
    with open(path, newline="") as file:
        return {(row["held_id"], row["sought_id"]) for row in csv.DictReader(file)}


def measured(path):
    """Wall seconds, CPU seconds, peak MiB and exit status from a `/usr/bin/time -v` report."""
    report = path.read_text()
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report).group(1)
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): (\S+)", report).group(1)) for kind in ("User", "System"))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1)) / 1024
    status = re.search(r"Exit status: (\d+)", report)
    signal = re.search(r"Command terminated by signal (\d+)", report)
    return seconds, cpu, peak, int(status.group(1)) if status else 128 + int(signal.group(1)) if signal else 0


def rows(directory):
    truth = pairs(directory / "truth.csv")
    for tool in TOOLS:
        timing = directory / f"{tool}.time"
        if not timing.exists():
            continue
        seconds, cpu, peak, status = measured(timing)
        found = directory / f"{tool}.pairs.csv"
        if status != 0 or not found.exists():
            outcome = "timed out" if status == 124 else f"failed (exit {status})"
            yield [directory.name, tool, outcome, "", "", f"{seconds:.2f}", f"{cpu:.2f}", f"{peak:.0f}"]
            continue
        linked = pairs(found)
        right = len(linked & truth)
        precision = right / len(linked) if linked else 0.0
        recall = right / len(truth) if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        yield [
            directory.name, tool, f"{precision:.4f}", f"{recall:.4f}", f"{f1:.4f}", f"{seconds:.2f}", f"{cpu:.2f}", f"{peak:.0f}"
        ]


def main():
    header = ["data set", "tool", "precision", "recall", "F1", "wall s", "CPU s", "peak MiB"]
    table = [row for directory in sys.argv[1:] for row in rows(pathlib.Path(directory))]
    widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
    print(" | ".join(cell.ljust(width) for cell, width in zip(header, widths)).rstrip())
    print("-|-".join("-" * width for width in widths))
    for row in table:
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
