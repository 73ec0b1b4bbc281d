#!/usr/bin/env python3
"""Slow clients (RELIABILITY.md §6 rows 14–15) with slowhttptest against Parley directly: slowloris (-H) with 1,000
and 4,000 connections and a slow body (-B) with 1,000, SLOW_SECONDS (30) each. A probe sends a normal GET /healthz
every 250 ms on a fresh connection. Pass: every probe answered 200 within 2 s, and Parley still up after each attack."""
import http.client, os, re, shutil, subprocess, sys, threading, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from parley_harness import Parley

SECS = int(os.environ.get("SLOW_SECONDS", "30"))
ATTACKS = [("slowloris 1000", ["-H", "-c", "1000", "-r", "200", "-i", "10"]),
           ("slowloris 4000", ["-H", "-c", "4000", "-r", "500", "-i", "15"]),
           ("slow body 1000", ["-B", "-c", "1000", "-r", "200", "-i", "10", "-s", "8192", "-t", "POST"])]


def probe(port, stop, out):
    while not stop.is_set():
        t0 = time.monotonic(); ok = False
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5); c.request("GET", "/healthz")
            ok = c.getresponse().status == 200; c.close()
        except OSError: pass
        out.append((ok, time.monotonic() - t0))
        time.sleep(0.25)


def main():
    if not shutil.which("slowhttptest"):
        print("slow: SKIP (apt-get install slowhttptest)"); return 0
    try:
        import resource; resource.setrlimit(resource.RLIMIT_NOFILE, (65536, 65536))
    except (ValueError, OSError): pass
    p = Parley(); p.setup_tenant(page=None); p.start()
    failed = False
    try:
        for name, args in ATTACKS:
            samples, stop = [], threading.Event()
            th = threading.Thread(target=probe, args=(p.port, stop, samples)); th.start()
            r = subprocess.run(["slowhttptest", *args, "-l", str(SECS), "-p", "2", "-u", f"http://127.0.0.1:{p.port}/api/v1/auth/login"
                                if "-B" in args else f"http://127.0.0.1:{p.port}/healthz"], capture_output=True, text=True)
            stop.set(); th.join()
            text = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout + r.stderr)
            avail = re.findall(r"service available:\s*(\S+)", text)
            connected = re.findall(r"connected:\s*(\d+)", text)
            bad = [s for s in samples if not s[0] or s[1] > 2.0]
            worst = max((s[1] for s in samples), default=0)
            alive = p.proc.poll() is None
            ok = alive and not bad and len(samples) > 0
            failed |= not ok
            print(f"slow: {name}: {len(samples)} probes, {len(bad)} failed/over 2 s, worst {worst * 1000:.0f} ms; "
                  f"slowhttptest peak connected {max(map(int, connected), default=0)}, its last verdict {avail[-1] if avail else '?'}; "
                  f"parley alive {alive} -> {'PASS' if ok else 'FAIL'}")
            time.sleep(2)
    finally:
        p.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
