"""Benchmark: time and peak memory of the workshop XLSX for N synthetic MIDs (not a test).

    python benchmarks/workshop_export.py --mids 1000 --mids 10000 [--year 2026] [--database-dir DIR]

For each N it builds a SQLite database (`alumni init-db`, `alumni demo --scale N`), then exports
the year's XLSX in a fresh process, twice: once timed, once under tracemalloc. It prints a
Markdown table: wall time, the process's peak resident memory above what it held before the
export, and the peak of Python allocations during the export.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _app(url):
    from alumni import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark"})


def prepare(url, mids):
    """Create and fill the database with the demo and ``mids`` synthetic MIDs (skipped if done)."""
    runner = _app(url).test_cli_runner()
    for args in (["init-db"], ["demo", "--scale", str(mids)]):
        result = runner.invoke(args=args)
        if result.exit_code:
            raise SystemExit(result.output)


def measure(url, year, output, traced):
    """Export once in this process; return what it cost."""
    from alumni.db import get_db
    from alumni.workshop.aggregate import picture_for_app
    from alumni.workshop.export import write_export

    app = _app(url)
    clock = datetime.now(ZoneInfo(app.config["TIMEZONE"]))
    with app.app_context(), get_db(app).session(write=False) as session:
        # Warm up imports, templates and the connection, so that only the export is measured.
        picture_for_app(session, app, year, clock)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if traced:
            tracemalloc.start()
        started, started_cpu = time.perf_counter(), time.process_time()
        picture = picture_for_app(session, app, year, clock)
        write_export(session, picture, "xlsx", output, "pl")
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
        peak = tracemalloc.get_traced_memory()[1] if traced else None
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"mids": picture.mid_count, "seconds": seconds, "cpu_seconds": cpu_seconds, "python_peak_mib": peak and peak / 2**20,
            "rss_growth_mib": (rss_after - rss_before) / 1024, "rss_peak_mib": rss_after / 1024,
            "bytes": Path(output).stat().st_size}


def _child(url, year, output, traced):
    command = [sys.executable, __file__, "--child", url, "--year", str(year), "--output", str(output)]
    if traced:
        command.append("--traced")
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mids", type=int, action="append", help="synthetic MIDs (repeat for several runs)")
    parser.add_argument("--year", type=int, default=datetime.now().year)
    parser.add_argument("--database-dir", default=None, help="keep the databases here (default: a temp dir)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.year, args.output, args.traced)))
        return
    folder = Path(args.database_dir or tempfile.mkdtemp(prefix="alumni-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"Workshop XLSX benchmark, year {args.year}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print()
    print("| synthetic MIDs | MIDs exported | time (s) | RSS growth (MiB) | RSS peak (MiB) | Python peak (MiB) | file (KiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for count in args.mids or [10000]:
        url = f"sqlite:///{folder}/bench-{count}.db"
        prepare(url, count)
        timed = _child(url, args.year, folder / f"workshop-{count}.xlsx", traced=False)
        traced = _child(url, args.year, folder / f"workshop-{count}-traced.xlsx", traced=True)
        print(f"| {count:,} | {timed['mids']:,} | {timed['seconds']:.1f} | {timed['rss_growth_mib']:.0f} | "
              f"{timed['rss_peak_mib']:.0f} | {traced['python_peak_mib']:.1f} | {timed['bytes'] / 1024:,.0f} |")


if __name__ == "__main__":
    main()
