#!/usr/bin/env python3
"""Crash consistency (RELIABILITY.md §6 rows 1–2): kill -9 Parley every CRASH_EVERY s (2) while CRASH_POSTS (10,000)
signed webhook POSTs arrive from 8 retrying clients (10% re-sent duplicates, 10% two-message batches, some duplicate
mids inside other batches). A supervisor restarts the server at once. Pass: integrity_check ok on every database,
every acked mid stored, each mid stored exactly once, the ingest journal fully processed."""
import http.client, os, random, sqlite3, sys, threading, time, uuid
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from parley_harness import Parley, integrity, messenger_body, sign

POSTS = int(os.environ.get("CRASH_POSTS", "10000"))
EVERY = float(os.environ.get("CRASH_EVERY", "2"))
CLIENTS = 8


def main():
    p = Parley(); p.setup_tenant(); p.start()
    rnd = random.Random(1)
    run = uuid.uuid4().hex[:8]
    # The POSTs: unique mids, 10% batches of two, 10% extra deliveries of an earlier body, 2% a known mid in a new batch.
    jobs, mids = [], []
    for i in range(POSTS):
        mid = f"m_crash_{run}_{i}"; mids.append(mid)
        if rnd.random() < 0.1 and i + 1 < POSTS:
            body = batch([mid, f"m_crash_{run}_{i}_b"]); mids.append(f"m_crash_{run}_{i}_b")
        else:
            body = messenger_body(mid, f"crash test message {i} \u00e9\u00e8 \U0001F600", psid=str(800000 + i % 300))
        jobs.append((body, [mid] if b'_b"' not in body else [mid, f"m_crash_{run}_{i}_b"]))
        if rnd.random() < 0.1: jobs.append((body, []))  # exact retry of the same delivery
        if rnd.random() < 0.02 and i > 10: jobs.append((batch([mids[rnd.randrange(len(mids) - 1)], f"m_crash_{run}_{i}_dup"]), [])); mids.append(f"m_crash_{run}_{i}_dup")
    rnd.shuffle(jobs)
    lock = threading.Lock(); acked = set(); stats = {"ok": 0, "retries": 0, "other": {}}
    queue = list(jobs); done = threading.Event()

    def client():
        conn = None
        while True:
            with lock:
                if not queue: return
                body, ms = queue.pop()
            while True:
                try:
                    if conn is None: conn = http.client.HTTPConnection("127.0.0.1", p.port, timeout=10)
                    conn.request("POST", "/webhooks/meta", body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)})
                    r = conn.getresponse(); r.read()
                    if r.status == 200:
                        with lock: acked.update(ms); stats["ok"] += 1
                        break
                    with lock: stats["other"][r.status] = stats["other"].get(r.status, 0) + 1; stats["retries"] += 1
                    time.sleep(0.05)
                except (OSError, http.client.HTTPException):
                    with lock: stats["retries"] += 1
                    if conn: conn.close()
                    conn = None; time.sleep(0.02)

    kills = [0]
    def chaos():
        while not done.is_set():
            time.sleep(EVERY * (0.5 + rnd.random()))
            if done.is_set(): break
            p.kill(); kills[0] += 1
            p.start()
    t0 = time.time()
    ch = threading.Thread(target=chaos, daemon=True); ch.start()
    ts = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in ts: t.start()
    for t in ts: t.join()
    done.set(); ch.join()
    send_s = time.time() - t0
    if p.proc.poll() is not None: p.start()
    # Let the worker drain the journal, then stop cleanly and check the files.
    deadline = time.time() + 120
    while time.time() < deadline:
        if q(p.db("ingest.sqlite"), "SELECT count(*) FROM inbound WHERE status = 'pending'") == 0: break
        time.sleep(0.2)
    p.stop()
    dbs = [p.db("control.sqlite"), p.db("ingest.sqlite"), p.tenant_db(1)]
    checks = {os.path.basename(d): integrity(d) for d in dbs}
    con = sqlite3.connect(p.tenant_db(1))
    stored = [r[0] for r in con.execute(f"SELECT external_id FROM messages WHERE external_id LIKE 'm_crash_{run}_%'")]
    con.close()
    stored_set = set(stored)
    lost = acked - stored_set
    dupes = len(stored) - len(stored_set)
    statuses = dict(sqlite3.connect(p.db("ingest.sqlite")).execute("SELECT status, count(*) FROM inbound GROUP BY status").fetchall())
    ok = all(v == "ok" for v in checks.values()) and not lost and dupes == 0 and statuses.get("pending", 0) == 0 \
        and set(mids) == stored_set and not statuses.get("failed")
    print(f"crash: {len(jobs)} POSTs ({stats['ok']} acked, {stats['retries']} retries, non-200 {stats['other']}) in {send_s:.1f} s, "
          f"{kills[0]} kill -9; unique mids sent {len(set(mids))}, stored {len(stored_set)}, acked-but-lost {len(lost)}, "
          f"stored twice {dupes}; inbound {statuses}; integrity {checks} -> {'PASS' if ok else 'FAIL'}")
    if lost: print("  lost sample:", sorted(lost)[:5])
    p.cleanup() if ok else print("  data kept in", p.data_dir)
    sys.exit(0 if ok else 1)


def batch(ms):
    import json
    t = int(time.time() * 1000)
    d = {"object": "page", "entry": [{"id": "100200300400", "time": t, "messaging": [
        {"sender": {"id": "7000" + str(k)}, "recipient": {"id": "100200300400"}, "timestamp": t, "message": {"mid": m, "text": "batch " + m}}
        for k, m in enumerate(ms)]}]}
    return json.dumps(d, separators=(",", ":")).encode()


def q(path, sql):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try: return con.execute(sql).fetchone()[0]
    finally: con.close()


if __name__ == "__main__":
    main()
