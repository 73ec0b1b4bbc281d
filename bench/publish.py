"""`make bench` section "uploads": large asset uploads through the real multipart path (streamed to disk, magic-byte and
header probe, SHA-256, dedupe check): a 20 MB JPEG and a 49 MB MP4 whose movie header sits after the media data (as
cameras write it), timed end to end, with the server's RSS before and at its peak during the upload."""
import http.client, json, os, statistics, struct, threading, time, uuid
from parley_harness import Parley


def jpeg(size):
    """SOI, a comment (to vary the bytes), a 1920x1080 frame header, scan data padding, EOI."""
    com = uuid.uuid4().hex.encode()
    head = b"\xff\xd8" + b"\xff\xfe" + struct.pack(">H", len(com) + 2) + com
    head += b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", 1080, 1920) + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    head += b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00"
    return head + os.urandom(size - len(head) - 2) + b"\xff\xd9"


def mp4(size, millis=30_000):
    """ftyp, a big mdat, then moov with mvhd (length) and a 1080x1920 video track."""
    def box(t, payload): return struct.pack(">I", len(payload) + 8) + t + payload
    mvhd = b"\0\0\0\0" + struct.pack(">IIII", 0, 0, 600, millis * 600 // 1000) + b"\0" * 80
    matrix = struct.pack(">9i", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    tkhd = b"\0\0\0\3" + struct.pack(">IIIII", 0, 0, 1, 0, 0) + b"\0" * 8 + b"\0" * 8 + matrix + struct.pack(">II", 1080 << 16, 1920 << 16)
    moov = box(b"moov", box(b"mvhd", mvhd) + box(b"trak", box(b"tkhd", tkhd)))
    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 0x200) + b"isomiso2avc1mp41")
    return ftyp + box(b"mdat", os.urandom(size - len(ftyp) - len(moov) - 8)) + moov


def upload(port, token, data, name):
    boundary = "bench" + uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t0 = time.perf_counter()
    c.request("POST", "/api/v1/assets", body, {"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    r = c.getresponse(); out = json.loads(r.read() or b"{}")
    dt = (time.perf_counter() - t0) * 1000
    if r.status != 201: raise RuntimeError(f"upload {name}: {r.status} {out}")
    return dt, out["asset"]


def uploads(results, log, runs):
    p = Parley(); p.setup_tenant(page=None)
    try:
        p.start(); token = p.token()
        out = {}
        for label, make, name in (("jpeg_20mb", lambda: jpeg(20 << 20), "photo.jpg"), ("mp4_49mb", lambda: mp4(49 << 20), "clip.mp4")):
            times, peaks, idle = [], [], p.rss_kb()
            for _ in range(runs):
                data = make()  # fresh bytes each run: a repeat would be answered by the dedupe check
                peak, stop = [p.rss_kb()], threading.Event()
                def watch():
                    while not stop.is_set(): peak[0] = max(peak[0], p.rss_kb()); time.sleep(0.005)
                t = threading.Thread(target=watch, daemon=True); t.start()
                try: dt, asset = upload(p.port, token, data, name)
                finally: stop.set(); t.join()
                times.append(dt); peaks.append(peak[0])
            out[label] = {"ms_median": statistics.median(times), "ms_runs": times, "rss_before_kb": idle, "rss_peak_kb": max(peaks),
                          "mb_per_s": len(data) / 1e6 / (statistics.median(times) / 1000),
                          "probe": {k: asset.get(k) for k in ("media_type", "width", "height", "duration_ms")}}
            log(f"upload {label}: {out[label]['ms_median']:.0f} ms median, RSS {idle / 1024:.1f} -> {max(peaks) / 1024:.1f} MiB, {out[label]['probe']}")
        results["uploads"] = out
    finally:
        p.cleanup()


def rows(results, row):
    for label, u in results.get("uploads", {}).items():
        what = "20 MB JPEG" if label.startswith("jpeg") else "49 MB MP4 (moov at the end)"
        row(f"Upload {what}: ms (MB/s), RSS before → peak", f"{u['ms_median']:.0f} ({u['mb_per_s']:.0f} MB/s), "
            f"{u['rss_before_kb'] / 1024:.1f} → {u['rss_peak_kb'] / 1024:.1f} MiB", "", "")
