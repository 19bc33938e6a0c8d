"""Throughput: requests per second of single pages, gunicorn as deployed, driven by wrk.

    python benchmarks/throughput.py                           # SQLite, 10,000 MIDs, 15 s per page
    python benchmarks/throughput.py --backend postgresql --seconds 30
    python benchmarks/throughput.py --backend both

The server is `gunicorn -c deploy/gunicorn.conf.py` with 2 workers (the configuration's threads
and process settings), serving benchmarks/throughput_app.py: alumni.wsgi:app plus two reference
pages (an empty layout and a bare "ok"), on a loopback port, on a fresh copy of the cached demo
database (benchmarks/common.py) in which the public view is switched on and one MID of Słupsk is
published. People sign in through the login form; `wrk` (8 connections, 2 threads, keep-alive)
then asks for one address at a time, with their session cookie:

- GET /mids/<id>, a MID of Słupsk, as its coordinator;
- GET /mids (first page) and GET /dashboard as the demo ministry user;
- GET /_bench/empty (base.html, nothing in it) and /_bench/bare ("ok") as the coordinator;
- GET /public/mids/<id>, the same MID, anonymous (no cookie).

The pages are first built for each request (ALUMNI_PAGE_CACHE_ENTRIES=0), then, on a second
server as deployed, the three signed-in pages are asked again: each process keeps the pages it
built under their ETag (alumni/http_cache.py), so a repeat is served from memory.

Each address gets a 2-second warm-up (not counted), and the next run waits until the server
is idle again (wrk stops sending, but the server still answers what was queued). Every
address is checked to answer 200 first (a redirect to the login form would be measured
as fast and wrong). The public pages' per-address limit is raised for the run (wrk asks from
one address). It prints a Markdown table: requests/s, latency p50 and p99, answers other than
2xx/3xx and socket errors, and how many times the empty layout the MID page costs.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from sqlmodel import select

from common import (  # noqa: I001
    CACHE, COORDINATOR, MINISTRY, PASSWORD, ROOT, SECRET_KEY, demo_database, machine, postgres,
)

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.models import Mid, Participant
from alumni.public import visibility
from tests.processes import free_port, wait_until_healthy

CONNECTIONS, THREADS, WORKERS = 8, 2, 2
WARM_UP = 2  # seconds of wrk before each measurement, not counted


def prepare(url):
    """Switch the public view on and publish the first MID of Słupsk in the copy; return its id."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False})
    with app.app_context(), session_scope(app) as session:
        mid = session.exec(select(Mid).join(Participant).where(Participant.name == "Słupsk").order_by(Mid.id)).first()
        assert mid is not None, "the demo has no MID of Słupsk"
        visibility.switch_view(session, True)
        visibility.choose_publication(mid, consent=True, budget=True)
        visibility.withhold(mid, False)
        mid_id = mid.id
    get_db(app).dispose()
    return mid_id


class Server:
    """gunicorn -c deploy/gunicorn.conf.py, 2 workers, serving throughput_app:app on a loopback port."""

    def __init__(self, url, log_path, keep_pages=True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.environment = {**os.environ, "ALUMNI_DATABASE_URL": url, "ALUMNI_SECRET_KEY": SECRET_KEY,
                            "ALUMNI_PUBLIC_RATE_LIMIT_PER_MINUTE": "100000000", "GUNICORN_LOG_LEVEL": "warning",
                            "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(WORKERS)}
        if not keep_pages:  # every signed-in page built for each request (alumni/http_cache.py keeps none)
            self.environment["ALUMNI_PAGE_CACHE_ENTRIES"] = "0"

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--pythonpath", str(ROOT / "benchmarks"), "throughput_app:app"],
            env=self.environment, stdout=self.log, stderr=subprocess.STDOUT, cwd=CACHE)
        try:
            wait_until_healthy(self.url, self.process, self.log_path)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def cookie_of(base, email):
    """The Cookie header of a person signed in through the login form."""
    http = requests.Session()
    page = http.get(base + "/login", timeout=60).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = http.post(base + "/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                       timeout=60, allow_redirects=False)
    assert answer.status_code == 302, f"signing in as {email} failed ({answer.status_code})"
    # Then one page, as a browser lands after signing in: the session it sends from then on holds
    # the form token its pages carry (and the ETags made from it stay the same).
    http.get(base + answer.headers["Location"], timeout=120)
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in http.cookies)


def check(base, path, cookie):
    """The address answers 200 (not a redirect to the login form, not an error), before it is measured."""
    headers = {"Cookie": cookie} if cookie else {}
    answer = requests.get(base + path, headers=headers, timeout=120, allow_redirects=False)
    assert answer.status_code == 200, f"GET {path} answered {answer.status_code}, not 200"
    if not cookie:
        assert "Set-Cookie" not in answer.headers, f"GET {path} set a cookie on an anonymous visitor"


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _milliseconds(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def cpu_seconds(pid):
    """CPU time used so far by the process ``pid`` and its children (gunicorn's arbiter and workers)."""
    pids = [pid] + [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    total = 0
    for number in pids:
        try:
            fields = Path(f"/proc/{number}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def wait_idle(pid, limit=300):
    """Wait until the server has finished what an earlier run left queued (its CPU stays quiet for 1 s)."""
    deadline = time.monotonic() + limit
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = cpu_seconds(pid)
        if now - before < 0.05:
            return
        before = now
    raise SystemExit("the server stayed busy after a run")


def etag_of(base, path, cookie):
    """The page's ETag, the same on two requests (else a browser could never be answered 304)."""
    tags = [requests.get(base + path, headers={"Cookie": cookie}, timeout=120).headers.get("ETag") for _ in range(2)]
    assert tags[0] and tags[0] == tags[1], f"GET {path} carries no steady ETag: {tags}"
    answer = requests.get(base + path, headers={"Cookie": cookie, "If-None-Match": tags[0]}, timeout=120)
    assert answer.status_code == 304, f"GET {path} with its ETag answered {answer.status_code}, not 304"
    return tags[0]


def wrk(url, seconds, cookie, tag=None):
    """Run wrk against ``url``; return requests/s, p50 and p99 in ms, non-2xx/3xx answers, socket errors.

    With ``tag``, every request carries ``If-None-Match``: a browser revalidating the page it holds.
    """
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if tag:
        command += ["-H", f"If-None-Match: {tag}"]
    output = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    latency = dict(re.findall(r"^[ \t]+(50|99)%[ \t]+(\S+)[ \t]*$", output, re.MULTILINE))
    assert set(latency) == {"50", "99"}, f"wrk gave no latency distribution:\n{output}"
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "requests": int(re.search(r"(\d+) requests in", output).group(1)),
            "p50": _milliseconds(latency["50"]), "p99": _milliseconds(latency["99"]),
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "socket_errors": sum(int(number) for number in sockets.groups()) if sockets else 0}


# Signed-in pages a browser revalidates with their ETag (alumni/http_cache.py): also timed answered 304.
REVALIDATED = ("GET /mids/<id> (coordinator)", "GET /mids (ministry)", "GET /dashboard (ministry)")


KEPT = ", kept by the process"


def run(backend, url, seconds):
    mid_id = prepare(url)
    logs = [CACHE / f"gunicorn-throughput-{backend}.log", CACHE / f"gunicorn-throughput-{backend}-kept.log"]
    results = {}
    # First every page built for each request (no page kept), then the signed-in pages as deployed:
    # each process keeps the pages it built under their ETag (wrk asks again and again, unchanged).
    with Server(url, logs[0], keep_pages=False) as server:
        coordinator, ministry = cookie_of(server.url, COORDINATOR), cookie_of(server.url, MINISTRY)
        pages = [
            ("bare route: \"ok\" (coordinator)", "/_bench/bare", coordinator),
            ("empty layout: base.html (coordinator)", "/_bench/empty", coordinator),
            ("GET /mids/<id> (coordinator)", f"/mids/{mid_id}", coordinator),
            ("GET /public/mids/<id> (anonymous)", f"/public/mids/{mid_id}", None),
            ("GET /mids (ministry)", "/mids", ministry),
            ("GET /dashboard (ministry)", "/dashboard", ministry),
        ]
        tags = {label: etag_of(server.url, path, cookie) for label, path, cookie in pages if label in REVALIDATED}
        pages += [(f"{label}, revalidated (304)", path, cookie) for label, path, cookie in pages if label in tags]
        _measure(server, pages, tags, seconds, results)
    with Server(url, logs[1]) as server:
        coordinator, ministry = cookie_of(server.url, COORDINATOR), cookie_of(server.url, MINISTRY)
        cookies = {"coordinator": coordinator, "ministry": ministry}
        kept = [(label + KEPT, path, cookies[label.split("(")[-1].rstrip(")")])
                for label, path, _cookie in pages if label in REVALIDATED]
        _measure(server, kept, {}, seconds, results)
    traceback = any("Traceback" in Path(log).read_text() for log in logs)
    report(backend, url, results, seconds, traceback)
    return not traceback and all(not row["non_2xx"] and not row["socket_errors"] for row in results.values())


def _measure(server, pages, tags, seconds, results):
    for _label, path, cookie in pages:
        check(server.url, path, cookie)
    for label, path, cookie in pages:
        tag = tags.get(label.removesuffix(", revalidated (304)")) if label.endswith("(304)") else None
        wrk(server.url + path, WARM_UP, cookie, tag)  # every worker and thread has served it once
        wait_idle(server.process.pid)
        results[label] = wrk(server.url + path, seconds, cookie, tag)
        wait_idle(server.process.pid)  # wrk stops, the server still answers what was sent
        print(f"# {label}: {results[label]['rps']:.1f} requests/s", file=sys.stderr, flush=True)


def report(backend, url, results, seconds, traceback):
    lines = [f"### {backend}: {WORKERS} gunicorn workers, wrk {CONNECTIONS} connections / {THREADS} threads, "
             f"{seconds} s per address; {machine([url])}",
             "", "| address | requests/s | requests | p50 | p99 | non-2xx/3xx | socket errors |",
             "|---|---|---|---|---|---|---|"]
    for label, row in results.items():
        lines.append(f"| {label} | {row['rps']:.1f} | {row['requests']} | {row['p50']:.1f} ms | {row['p99']:.1f} ms "
                     f"| {row['non_2xx']} | {row['socket_errors']} |")
    empty = results["empty layout: base.html (coordinator)"]
    for how, label in (("built for each request", "GET /mids/<id> (coordinator)"),
                       ("kept by the process", "GET /mids/<id> (coordinator)" + KEPT)):
        mid = results[label]
        lines += ["", f"The MID page {how} serves {mid['rps'] / empty['rps']:.2f}× the empty layout's requests/s "
                  f"(it costs {empty['rps'] / mid['rps']:.1f}× as much)."]
    if traceback:
        lines.append("the server logged a traceback (see gunicorn-throughput-*.log in the cache folder)")
    print("\n".join(lines), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--postgresql-url", help="a server's maintenance database; default: a throwaway server")
    parser.add_argument("--scale", type=int, default=10000, help="synthetic MIDs")
    parser.add_argument("--seconds", type=int, default=15, help="wrk's duration for each address (at most 120)")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120:
        parser.error("keep the run bounded: --seconds between 1 and 120")
    print(machine(), flush=True)
    ok = True
    if args.backend in ("sqlite", "both"):
        ok &= run("sqlite", demo_database("sqlite", args.scale, copy="throughput"), args.seconds)
    if args.backend in ("postgresql", "both"):
        with postgres(args.postgresql_url) as server:
            ok &= run("postgresql", demo_database("postgresql", args.scale, server, copy="throughput"), args.seconds)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
