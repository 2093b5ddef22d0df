#!/usr/bin/env python3
"""Draws the charts of `logbook bench` as SVG, with the standard library only.

Usage:
    logbook bench --json > bench.json
    logbook bench --sweep --json > sweep.json
    python3 scripts/bench-chart.py bench.json sweep.json [--out docs]

From a sweep: throughput vs batch size (bench-batch-size.svg) and throughput, open time,
session replay latency and peak RSS vs log size (bench-log-size.svg). From a side-by-side
run: events/s of Logbook and its baselines per section, with the ratios (bench-summary.svg).
Every point is a median; the whiskers span the runs' min and max.
"""

import argparse
import json
import math
import os
import sys
from html import escape

COLORS = {
    "Logbook": "#1f6feb",
    "SQLite events table": "#d1242f",
    "bare append loop": "#6e7781",
    "open (closed log)": "#1f6feb",
    "open (torn tail)": "#8250df",
    "session p50": "#1a7f37",
    "session p99": "#bf8700",
    "ingest": "#1f6feb",
    "open": "#8250df",
    "replay": "#1a7f37",
}
FONT = "font-family='Helvetica, Arial, sans-serif'"


def fmt(value):
    """Compact numbers for tick labels: 1200 -> 1.2k, 3000000 -> 3M."""
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            text = f"{value / limit:.1f}".rstrip("0").rstrip(".")
            return text + suffix
    if abs(value) >= 1 or value == 0:
        return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return f"{value:.2g}"


class Panel:
    """One plot: axes, ticks, series of (x, median, low, high) points, a legend."""

    def __init__(self, x, y, width, height, title, xlabel, ylabel, xlog=True, ylog=True):
        self.box = (x, y, width, height)
        self.title, self.xlabel, self.ylabel = title, xlabel, ylabel
        self.xlog, self.ylog = xlog, ylog
        self.series = []

    def add(self, name, points, dashed=False):
        points = [p for p in points if p[1] is not None and p[1] > 0]
        if points:
            self.series.append((name, points, dashed))

    def _range(self, values, log, pad=False):
        low, high = min(values), max(values)
        if log and pad:
            return low / 1.5, high * 1.5
        if log:
            low, high = 10 ** math.floor(math.log10(low)), 10 ** math.ceil(math.log10(high))
            return low, high if high > low else low * 10
        return 0, nice_step(high * 1.15 / 5) * 5 if high > 0 else 1

    def render(self):
        x0, y0, width, height = self.box
        left, right, top, bottom = 64, 16, 34, 46
        plot_w, plot_h = width - left - right, height - top - bottom
        out = [f"<text x='{x0 + width / 2}' y='{y0 + 18}' text-anchor='middle' font-size='14' font-weight='bold' {FONT}>{escape(self.title)}</text>"]
        if not self.series:
            out.append(f"<text x='{x0 + width / 2}' y='{y0 + height / 2}' text-anchor='middle' font-size='12' {FONT}>no data</text>")
            return out
        xs = [p[0] for _, pts, _ in self.series for p in pts]
        ys = [v for _, pts, _ in self.series for p in pts for v in (p[1], p[2] or p[1], p[3] or p[1]) if v and v > 0]
        xr, yr = self._range(xs, self.xlog, pad=True), self._range(ys, self.ylog)

        def sx(v):
            if self.xlog:
                return x0 + left + plot_w * (math.log10(v) - math.log10(xr[0])) / (math.log10(xr[1]) - math.log10(xr[0]))
            return x0 + left + plot_w * (v - xr[0]) / (xr[1] - xr[0])

        def sy(v):
            if self.ylog:
                return y0 + top + plot_h * (1 - (math.log10(v) - math.log10(yr[0])) / (math.log10(yr[1]) - math.log10(yr[0])))
            return y0 + top + plot_h * (1 - (v - yr[0]) / (yr[1] - yr[0]))

        out.append(f"<rect x='{x0 + left}' y='{y0 + top}' width='{plot_w}' height='{plot_h}' fill='white' stroke='#d0d7de'/>")
        yticks = ([10 ** e for e in range(int(math.log10(yr[0])), int(math.log10(yr[1])) + 1)] if self.ylog
                  else [yr[1] * i / 5 for i in range(6)])
        for t in yticks:
            y = sy(t)
            out.append(f"<line x1='{x0 + left}' x2='{x0 + left + plot_w}' y1='{y:.1f}' y2='{y:.1f}' stroke='#eaeef2'/>")
            out.append(f"<text x='{x0 + left - 6}' y='{y + 4:.1f}' text-anchor='end' font-size='11' {FONT}>{fmt(t)}</text>")
        xticks = sorted(set(xs))
        for t in xticks:
            x = sx(t)
            out.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{y0 + top}' y2='{y0 + top + plot_h}' stroke='#eaeef2'/>")
            out.append(f"<text x='{x:.1f}' y='{y0 + top + plot_h + 16}' text-anchor='middle' font-size='11' {FONT}>{fmt(t)}</text>")
        out.append(f"<text x='{x0 + left + plot_w / 2}' y='{y0 + height - 8}' text-anchor='middle' font-size='12' {FONT}>{escape(self.xlabel)}</text>")
        out.append(f"<text transform='translate({x0 + 14},{y0 + top + plot_h / 2}) rotate(-90)' text-anchor='middle' font-size='12' {FONT}>{escape(self.ylabel)}</text>")
        for index, (name, pts, dashed) in enumerate(self.series):
            color = COLORS.get(name, ["#1f6feb", "#d1242f", "#6e7781", "#8250df"][index % 4])
            path = " ".join(f"{sx(p[0]):.1f},{sy(p[1]):.1f}" for p in pts)
            dash = " stroke-dasharray='6 4'" if dashed else ""
            out.append(f"<polyline points='{path}' fill='none' stroke='{color}' stroke-width='2'{dash}/>")
            for x, median, low, high in pts:
                if low and high and high > low:
                    out.append(f"<line x1='{sx(x):.1f}' x2='{sx(x):.1f}' y1='{sy(low):.1f}' y2='{sy(high):.1f}' stroke='{color}' stroke-width='1.5'/>")
                out.append(f"<circle cx='{sx(x):.1f}' cy='{sy(median):.1f}' r='3.5' fill='{color}'><title>{escape(name)}: {fmt(median)} at {fmt(x)}</title></circle>")
            ly = y0 + top + 14 + index * 16
            out.append(f"<line x1='{x0 + left + 10}' x2='{x0 + left + 30}' y1='{ly - 4}' y2='{ly - 4}' stroke='{color}' stroke-width='2'{dash}/>")
            out.append(f"<text x='{x0 + left + 36}' y='{ly}' font-size='11' {FONT}>{escape(name)}</text>")
        return out


def nice_step(raw):
    """The smallest of 1, 2, 5 × 10^k at least `raw`."""
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def spread(value):
    """(median, min, max) of a spread object, or Nones."""
    if not value:
        return None, None, None
    return value["median"], value["min"], value["max"]


def svg(width, height, title, subtitle, body):
    return "\n".join([
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' viewBox='0 0 {width} {height}'>",
        f"<rect width='{width}' height='{height}' fill='#f6f8fa'/>",
        f"<text x='16' y='24' font-size='16' font-weight='bold' {FONT}>{escape(title)}</text>",
        f"<text x='16' y='42' font-size='12' fill='#57606a' {FONT}>{escape(subtitle)}</text>",
        *body,
        "</svg>",
    ]) + "\n"


def environment_line(report):
    env = report.get("environment", {})
    runs = report.get("runs", 1)
    return (f"median of {runs} run{'s' if runs != 1 else ''} (whiskers: min–max); {env.get('build', '?')} build, "
            f"{env.get('processors', '?')} processors, {env.get('scratch_file_system', '?')}, SQLite {env.get('sqlite_version', '?')}")


def batch_size_chart(report):
    points = report.get("batch_sizes") or []
    panel = Panel(0, 50, 720, 420, "Durable ingest throughput vs batch size", "events per batch / transaction / fdatasync", "events/s")
    panel.add("Logbook", [(p["batch_size"], *spread(p["logbook_events_per_second"])) for p in points])
    panel.add("SQLite events table", [(p["batch_size"], *spread(p.get("sqlite_events_per_second"))) for p in points])
    panel.add("bare append loop", [(p["batch_size"], *spread(p["bare_loop_events_per_second"])) for p in points], dashed=True)
    return svg(720, 480, "logbook bench --sweep: throughput by batch size", environment_line(report), panel.render())


def log_size_chart(report):
    sizes = report.get("sizes") or []
    ingest = Panel(0, 50, 460, 360, "Durable ingest", "events in the log", "events/s")
    ingest.add("Logbook", [(p["events"], *spread(p["ingest_events_per_second"])) for p in sizes])
    ingest.add("SQLite events table", [(p["events"], *spread(p.get("sqlite_ingest_events_per_second"))) for p in sizes])
    latency = Panel(460, 50, 460, 360, "Open and session replay", "events in the log", "milliseconds")
    latency.add("open (closed log)", [(p["events"], *spread(p["open_ms"])) for p in sizes])
    latency.add("open (torn tail)", [(p["events"], *spread(p["open_torn_ms"])) for p in sizes])
    latency.add("session p50", [(p["events"], p["session_replay_p50_ms"], None, None) for p in sizes])
    latency.add("session p99", [(p["events"], p["session_replay_p99_ms"], None, None) for p in sizes], dashed=True)
    memory = Panel(920, 50, 460, 360, "Peak RSS (whole process)", "events in the log", "MB", ylog=False)
    memory.add("ingest", [(p["events"], p["peak_rss_ingest_bytes"] / 1048576, None, None) for p in sizes])
    memory.add("open", [(p["events"], p["peak_rss_open_bytes"] / 1048576, None, None) for p in sizes])
    memory.add("replay", [(p["events"], p["peak_rss_replay_bytes"] / 1048576, None, None) for p in sizes])
    body = ingest.render() + latency.render() + memory.render()
    active = ", ".join(f"{p['active_segment_bytes'] / 1048576:.0f}" for p in sizes)
    note = (f"Open time follows the size of the active (unsealed) segment, here {active} MB, not the size of the log: "
            "recovery never scans sealed segments.")
    body.append(f"<text x='16' y='432' font-size='12' fill='#57606a' {FONT}>{escape(note)}</text>")
    return svg(1380, 444, "logbook bench --sweep: Logbook as the log grows", environment_line(report), body)


def summary_chart(report):
    """Horizontal bars of events/s per section, one bar per subject, log scale."""
    sections = [s for s in report.get("sections", []) if s.get("available") and s.get("rows")]
    bar_h, gap, left, right = 18, 6, 190, 240
    width = 900
    rows = sum(len(s["rows"]) for s in sections)
    ratio_lines = sum(len(s.get("ratios", [])) for s in sections)
    height = 70 + rows * (bar_h + gap) + len(sections) * 30 + ratio_lines * 16 + 20
    values = [r["events_per_second"]["max"] for s in sections for r in s["rows"] if r.get("events_per_second")]
    top = 10 ** math.ceil(math.log10(max(values))) if values else 1
    bottom = 10 ** math.floor(math.log10(min(values))) if values else 0.1
    plot_w = width - left - right

    def sx(v):
        return left + plot_w * (math.log10(v) - math.log10(bottom)) / (math.log10(top) - math.log10(bottom))

    body, y = [], 60
    for section in sections:
        body.append(f"<text x='16' y='{y + 14}' font-size='13' font-weight='bold' {FONT}>{escape(section['title'])}</text>")
        y += 22
        for row in section["rows"]:
            median, low, high = spread(row.get("events_per_second"))
            color = COLORS.get(row["label"], "#1f6feb")
            body.append(f"<text x='{left - 8}' y='{y + 13}' text-anchor='end' font-size='12' {FONT}>{escape(row['label'])}</text>")
            if median:
                body.append(f"<rect x='{left}' y='{y}' width='{sx(median) - left:.1f}' height='{bar_h}' fill='{color}' opacity='0.85'/>")
                body.append(f"<line x1='{sx(low):.1f}' x2='{sx(high):.1f}' y1='{y + bar_h / 2}' y2='{y + bar_h / 2}' stroke='black' stroke-width='1.2'/>")
                body.append(f"<text x='{sx(high) + 6:.1f}' y='{y + 13}' font-size='11' {FONT}>{fmt(median)} events/s</text>")
            y += bar_h + gap
        ratios = [r for r in section.get("ratios", []) if r["metric"] in ("events_per_second", "megabytes_per_second", "bytes_on_disk_per_event")]
        labels = {r["id"]: r["label"] for r in section["rows"]}
        units = {"events_per_second": "events/s", "megabytes_per_second": "MB/s", "bytes_on_disk_per_event": "bytes on disk"}
        for r in ratios:
            text = (f"{labels.get(r['numerator'], r['numerator'])} / {labels.get(r['denominator'], r['denominator'])}: "
                    f"{r['value']:.2f}× {units[r['metric']]}")
            if r.get("target") is not None:
                verdict = "met" if r.get("meets_target") else "missed"
                text += f" (target {'≥' if r['higher_is_better'] else '≤'} {r['target']:g}×: {verdict})"
            body.append(f"<text x='{left}' y='{y + 10}' font-size='11' fill='#57606a' {FONT}>{escape(text)}</text>")
            y += 16
        y += 8
    workload = report.get("workload", {})
    subtitle = f"{workload.get('events', 0):,} events, {workload.get('jsonl_bytes', 0) / 1048576:.1f} MB of JSONL; " + environment_line(report)
    return svg(width, height, "logbook bench: Logbook side by side with SQLite (log scale)", subtitle, body)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", nargs="+", help="JSON written by `logbook bench --json` or `logbook bench --sweep --json`")
    parser.add_argument("--out", default="docs", help="the directory to write the SVG files into (default: docs)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    written = []
    for path in args.reports:
        with open(path, encoding="utf-8") as handle:
            report = json.load(handle)
        charts = []
        if report.get("kind") == "sweep":
            if report.get("batch_sizes"):
                charts.append(("bench-batch-size.svg", batch_size_chart(report)))
            if report.get("sizes"):
                charts.append(("bench-log-size.svg", log_size_chart(report)))
        elif report.get("kind") == "bench":
            charts.append(("bench-summary.svg", summary_chart(report)))
        else:
            sys.exit(f"{path}: not the JSON of `logbook bench` (no kind 'bench' or 'sweep')")
        for name, text in charts:
            target = os.path.join(args.out, name)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
            written.append(target)
    for target in written:
        print(target)


if __name__ == "__main__":
    main()
