#!/usr/bin/env python3
"""Test time per class from one or two .trx files (dotnet test --logger trx), slowest first.

  scripts/trx-slowest.py run.trx              # classes by total duration
  scripts/trx-slowest.py before.trx after.trx # the same, side by side, with the change

A class's total is the sum of its tests' durations. xunit leaves a class fixture's start (e.g.
SampleSiteFixture) out of every test's duration, so compare the run's wall time (printed last) too.
"""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def seconds(text):
    h, m, s = text.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def per_class(path):
    root = ET.parse(path).getroot()
    classes = {d.get("id"): d.find("t:TestMethod", NS).get("className").split(".")[-1]
               for d in root.iterfind("t:TestDefinitions/t:UnitTest", NS)}
    totals, counts, outcomes = defaultdict(float), defaultdict(int), defaultdict(set)
    for r in root.iterfind("t:Results/t:UnitTestResult", NS):
        name = classes[r.get("testId")]
        totals[name] += seconds(r.get("duration", "0:0:0"))
        counts[name] += 1
        outcomes[name].add(r.get("outcome"))
    times = root.find("t:Times", NS)
    return totals, counts, outcomes, times


def main(paths):
    runs = [per_class(p) for p in paths]
    names = sorted(set().union(*(r[0] for r in runs)), key=lambda n: -max(r[0].get(n, 0) for r in runs))
    header = "class".ljust(34) + "".join(f"{'tests':>6}{'seconds':>10}" for _ in runs) + ("   change" if len(runs) == 2 else "")
    print(header)
    for n in names:
        line = n.ljust(34)
        for totals, counts, outcomes, _ in runs:
            bad = "" if outcomes.get(n, {"Passed"}) <= {"Passed", "NotExecuted"} else "!"
            line += f"{counts.get(n, 0):>6}{totals.get(n, 0):>9.1f}{bad or ' '}"
        if len(runs) == 2:
            a, b = runs[0][0].get(n, 0), runs[1][0].get(n, 0)
            line += f"  {(b - a) / a * 100:+6.0f}%" if a else ""
        print(line)
    line = "TOTAL (sum of test durations)".ljust(34)
    for totals, counts, _, _ in runs:
        line += f"{sum(counts.values()):>6}{sum(totals.values()):>9.1f} "
    print(line)
    for p, (_, _, _, times) in zip(paths, runs):
        print(f"{p}: run from {times.get('start')} to {times.get('finish')}")


if __name__ == "__main__":
    main(sys.argv[1:])
