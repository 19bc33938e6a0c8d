"""Time the import of 1,000 new MIDs from one XLSX file into databases of 100, 1,000 and 10,000 MIDs.

    python benchmarks/import_mids.py                        # SQLite
    python benchmarks/import_mids.py --backend postgresql   # a throwaway PostgreSQL server (kept between runs)
    python benchmarks/import_mids.py --mids 1000 --scale 10000 --runs 5

The file holds --mids new participants, one MID each and 5 actions per MID (the sheets
Uczestnicy, MID and Działania, as the template names them). `import_file` runs as the CLI runs it,
on the cached demo database (benchmarks/common.py), in a transaction that is rolled back, so
every run imports the same rows anew. Prints the median and fastest of --runs runs of the real
import and of the dry run (checks only), the SQL statements of one import, and the peak of
Python's memory during one import (tracemalloc, in a separate run: it slows the code down).
"""

import argparse
import io
import logging
import tracemalloc

from openpyxl import Workbook
from sqlmodel import select

from common import SECRET_KEY, StatementCounter, demo_database, machine, postgres, timed  # noqa: I001

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.importer import import_file
from alumni.models import Edition, Network

VOIVODESHIPS = ["pomorskie", "łódzkie", "mazowieckie", "małopolskie", "śląskie", "lubelskie"]
STATUSES = ["zaplanowane", "w trakcie", "zrealizowane", "opóźnione"]


def import_workbook(networks, count):
    """An XLSX file of ``count`` new participants, a MID each, 5 actions per MID."""
    book = Workbook()
    book.remove(book.active)
    participants = book.create_sheet("Uczestnicy")
    participants.append(["nazwa", "rodzaj", "województwo", "liczba mieszkańców"])
    mids = book.create_sheet("MID")
    mids.append(["uczestnik", "edycja", "sieć", "tytuł", "wyzwanie", "data przyjęcia"])
    actions = book.create_sheet("Działania")
    actions.append(["uczestnik", "edycja", "sieć", "lp", "tytuł", "planowany początek", "planowany koniec",
                    "szacowany budżet (PLN)", "status", "postęp (%)"])
    for number in range(1, count + 1):
        name = f"Gmina importowana {number:05d}"
        edition, network = networks[number % len(networks)]
        participants.append([name, "gmina", VOIVODESHIPS[number % len(VOIVODESHIPS)], 5000 + number])
        mids.append([name, edition, network, f"MID importowany nr {number}", "upały", "31.03.2024"])
        for position in range(1, 6):
            status = STATUSES[(number + position) % len(STATUSES)]
            progress = {"zaplanowane": 0, "zrealizowane": 100}.get(status, 40)
            actions.append([name, edition, network, position, f"Działanie {position}", "2024-04", "2026-10",
                            "125 000,50", status, progress])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(url, scale, count, runs):
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False})
    with app.app_context(), session_scope(app) as session:
        networks = session.exec(select(Edition.code, Network.name_pl).join(Network)
                                .order_by(Network.id)).all()
    data = import_workbook(networks, count)

    def run(dry_run):
        with app.app_context(), session_scope(app) as session:
            result = import_file(session, data, "import.xlsx", dry_run=dry_run)
            assert result.ok, result.problems[:3]
            assert result.counts()["mids"]["created"] == count
            session.rollback()

    rows = []
    for label, dry_run in (("import (written, rolled back)", False), ("dry run (checks only)", True)):
        median, fastest = timed(lambda: run(dry_run), runs)  # noqa: B023 (called at once)
        with StatementCounter(get_db(app).engine) as counter:
            run(dry_run)
        tracemalloc.start()
        run(dry_run)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(f"| {scale} | {count} | {label} | {median:.1f} s | {fastest:.1f} s | {counter.count} | "
                    f"{peak / 2**20:.0f} MB |")
    get_db(app).dispose()
    return f"{len(data) / 1024:.0f} KB", rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgresql-url", help="a server's maintenance database; default: a throwaway server")
    parser.add_argument("--scale", type=int, action="append", help="synthetic MIDs already there (repeatable); "
                        "default 100, 1000 and 10000")
    parser.add_argument("--mids", type=int, default=1000, help="new MIDs in the file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("alumni").setLevel(logging.WARNING)
    scales = args.scale or [100, 1000, 10000]
    header = ["| N already | MIDs imported | what | median | fastest | SQL statements | peak Python memory |",
              "|---|---|---|---|---|---|---|"]

    def report(urls):
        print(machine([url for _, url in urls if url.startswith("postgresql")][:1]))
        for number, (scale, url) in enumerate(urls):
            size, rows = measure(url, scale, args.mids, args.runs)
            if number == 0:
                print(f"file: {size} XLSX")
                print("\n".join(header))
            print("\n".join(rows), flush=True)

    if args.backend == "sqlite":
        report([(scale, demo_database("sqlite", scale)) for scale in scales])
        return
    with postgres(args.postgresql_url) as server:
        report([(scale, demo_database("postgresql", scale, server)) for scale in scales])


if __name__ == "__main__":
    main()
