#!/usr/bin/env python3
"""Disk full (RELIABILITY.md §6 row 5): the data dir lives on a small tmpfs (needs root for mount); a ballast file
eats the free space while signed webhooks keep arriving. Pass: never a 200 for an event that is not committed
(every acked mid is in ingest.sqlite after a kill -9), 503 + Retry-After while full, process stays up, 200 again
within 5 s after the ballast is removed, integrity ok, and every acked event reaches the tenant database."""
import http.client, os, sqlite3, subprocess, sys, tempfile, threading, time, uuid
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from parley_harness import Parley, integrity, messenger_body, sign

SIZE_MB = int(os.environ.get("DISKFULL_TMPFS_MB", "32"))


def post(port, body, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("POST", "/webhooks/meta", body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)})
        r = c.getresponse(); r.read()
        return r.status, r.getheader("Retry-After")
    finally:
        c.close()


def main():
    if os.geteuid() != 0:
        print("diskfull: SKIP (needs root to mount a tmpfs)"); return 0
    mnt = tempfile.mkdtemp(prefix="parley-full-")
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE_MB}m", "tmpfs", mnt], check=True)
    try:
        return run(mnt)
    finally:
        subprocess.run(["umount", "-l", mnt]); os.rmdir(mnt)


def run(mnt):
    p = Parley(data_dir=os.path.join(mnt, "data")); os.makedirs(p.data_dir, exist_ok=True)
    p.setup_tenant(); p.start()
    run_id = uuid.uuid4().hex[:6]
    ballast = os.path.join(mnt, "ballast")
    acked, refused, seq, other = [], [], [0], {}
    lock = threading.Lock()

    def one():
        with lock: seq[0] += 1; i = seq[0]
        mid = f"m_full_{run_id}_{i}"
        try: st, ra = post(p.port, messenger_body(mid, "disk full test", pad=2000))
        except OSError as e:
            with lock: other["conn:" + type(e).__name__] = other.get("conn:" + type(e).__name__, 0) + 1
            return None
        with lock:
            if st == 200: acked.append(mid)
            elif st == 503: refused.append((mid, ra))
            else: other[st] = other.get(st, 0) + 1
        return st

    for _ in range(50): one()  # warm: the journal has pages to reuse
    # Fill the disk, leaving ~256 KiB, then keep posting from 4 threads until 200 consecutive refusals.
    st = os.statvfs(mnt)
    with open(ballast, "wb") as f:
        left = st.f_bavail * st.f_frsize - 256 * 1024
        chunk = b"\0" * (1 << 20)
        try:
            while left > 0:
                n = min(left, len(chunk)); f.write(chunk[:n]); left -= n
            f.flush(); os.fsync(f.fileno())
        except OSError: pass
    streak = [0]; stop = threading.Event()

    def load():
        while not stop.is_set():
            s = one()
            with lock:
                streak[0] = streak[0] + 1 if s == 503 else 0
                if streak[0] >= 200: stop.set()
    t0 = time.time()
    ts = [threading.Thread(target=load) for _ in range(4)]
    for t in ts: t.start()
    stop.wait(120); stop.set()
    for t in ts: t.join()
    full_s = time.time() - t0
    alive_when_full = p.proc.poll() is None
    healthz_when_full = None
    try:
        c = http.client.HTTPConnection("127.0.0.1", p.port, timeout=5); c.request("GET", "/healthz"); healthz_when_full = c.getresponse().status
    except OSError: pass
    # Space returns: remove the ballast; the next POSTs must succeed within 5 s, without a restart.
    os.unlink(ballast)
    t1 = time.time(); recovered = None
    while time.time() - t1 < 10:
        if one() == 200: recovered = time.time() - t1; break
        time.sleep(0.1)
    for _ in range(50): one()
    # Strict check of "no 200 without a commit": kill -9 now, then every acked mid must be in ingest.sqlite.
    p.kill()
    con = sqlite3.connect(p.db("ingest.sqlite"))
    journal = b"\n".join(bytes(r[0]) for r in con.execute("SELECT body FROM inbound"))
    con.close()
    missing = [m for m in acked if m.encode() not in journal]
    # Restart and let the worker drain; every acked event must reach the tenant database.
    p.start()
    deadline = time.time() + 60
    tdb = p.tenant_db(1)
    while time.time() < deadline:
        con = sqlite3.connect(tdb); n = con.execute(f"SELECT count(*) FROM messages WHERE external_id LIKE 'm_full_{run_id}_%'").fetchone()[0]; con.close()
        if n >= len(acked): break
        time.sleep(0.2)
    p.stop()
    con = sqlite3.connect(tdb)
    stored = {r[0] for r in con.execute(f"SELECT external_id FROM messages WHERE external_id LIKE 'm_full_{run_id}_%'")}
    con.close()
    not_applied = [m for m in acked if m not in stored]
    checks = {os.path.basename(d): integrity(d) for d in (p.db("control.sqlite"), p.db("ingest.sqlite"), tdb)}
    bad_ra = [m for m, ra in refused if not ra]
    ok = (len(refused) > 0 and not missing and not not_applied and alive_when_full and recovered is not None and recovered <= 5
          and not bad_ra and all(v == "ok" for v in checks.values()))
    print(f"diskfull: tmpfs {SIZE_MB} MB; {len(acked)} acked, {len(refused)} refused with 503 ({len(bad_ra)} without Retry-After), "
          f"other {other}; full phase {full_s:.1f} s; alive while full {alive_when_full} (healthz {healthz_when_full}); "
          f"200 again {('%.2f s' % recovered) if recovered is not None else 'NEVER'} after space returned; acked-but-not-journaled {len(missing)}; "
          f"acked-but-not-applied {len(not_applied)}; integrity {checks} -> {'PASS' if ok else 'FAIL'}")
    if not ok:
        print("  log tail:"); os.system(f"tail -20 {p.log_path}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
