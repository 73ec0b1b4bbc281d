"""Shared helpers for bench/ and bench/faults/: start Parley on a fresh data dir, sign Meta webhooks, log in, poll SQLite.
Standard library only, so every script runs on a bare Debian python3."""
import hashlib, hmac, http.client, json, os, shutil, signal, socket, sqlite3, subprocess, tempfile, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("PARLEY_BIN", os.path.join(ROOT, ".build/release/parley"))
SECRET = "bench-app-secret-0123456789abcdef"
PAGE_ID = "100200300400"
PASSWORD = "bench password 123"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def messenger_body(mid: str, text: str, psid: str = "9000001", page: str = PAGE_ID, pad: int = 0) -> bytes:
    """A Messenger text delivery as Meta sends it (compact, ASCII with \\u escapes); pad grows the text to ~2 KB."""
    t = int(time.time() * 1000)
    if pad: text = (text + " " + "lorem ipsum dolor sit amet " * 100)[:pad]
    d = {"object": "page", "entry": [{"id": page, "time": t, "messaging": [{
        "sender": {"id": psid}, "recipient": {"id": page}, "timestamp": t, "message": {"mid": mid, "text": text}}]}]}
    return json.dumps(d, separators=(",", ":"), ensure_ascii=True).encode()


class Parley:
    """One `parley serve` child on 127.0.0.1:<port> over `data_dir`."""

    def __init__(self, data_dir=None, port=None, extra_env=None, bin_path=BIN):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="parley-bench-")
        self.port = port or free_port()
        self.bin = bin_path
        self.env = dict(os.environ, PARLEY_DATA_DIR=self.data_dir, PARLEY_LISTEN=f"127.0.0.1:{self.port}",
                        META_APP_SECRET=SECRET, META_VERIFY_TOKEN="bench-verify", PARLEY_LOG_FORMAT="text",
                        META_GRAPH_URL="http://127.0.0.1:9", META_DIALOG_URL="http://127.0.0.1:9")
        self.env.update(extra_env or {})
        self.proc = None
        self.log_path = os.path.join(tempfile.gettempdir(), "parley-" + os.path.basename(self.data_dir.rstrip("/")) + f"-{self.port}.log")
        self.log = open(self.log_path, "ab")

    def cli(self, *args, check=True):
        r = subprocess.run([self.bin, *args], env=self.env, capture_output=True, text=True)
        if check and r.returncode != 0: raise RuntimeError(f"parley {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def setup_tenant(self, slug="bench", page=PAGE_ID):
        self.cli("tenant", "create", slug, "--name", "Bench " + slug, "--admin-email", f"admin@{slug}.example", "--admin-password", PASSWORD)
        if page: self.cli("channel", "connect", "--tenant", slug, "--kind", "messenger", "--external-id", page, "--name", "Page " + slug)

    def start(self, wait=20.0):
        self.proc = subprocess.Popen([self.bin, "serve"], env=self.env, stdout=self.log, stderr=self.log)
        return self.wait_ready(wait)

    def wait_ready(self, wait=20.0):
        t0 = time.monotonic()
        while time.monotonic() - t0 < wait:
            if self.proc and self.proc.poll() is not None: raise RuntimeError(f"parley exited {self.proc.returncode}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1); c.request("GET", "/healthz")
                if c.getresponse().status == 200: return time.monotonic() - t0
            except OSError: pass
            time.sleep(0.005)
        raise RuntimeError("parley did not become ready")

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig); self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try: self.proc.wait(15)
            except subprocess.TimeoutExpired: self.kill()

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"): return int(line.split()[1])
        return 0

    def db(self, name):
        return os.path.join(self.data_dir, name)

    def tenant_db(self, tenant_id=1):
        return os.path.join(self.data_dir, "tenants", f"{tenant_id}.sqlite")

    def login(self, slug="bench", email=None, password=PASSWORD):
        """Signs in; returns (cookie header, csrf token)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        body = json.dumps({"tenant": slug, "email": email or f"admin@{slug}.example", "password": password})
        c.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
        r = c.getresponse(); data = json.loads(r.read() or b"{}")
        if r.status != 200: raise RuntimeError(f"login {r.status}: {data}")
        cookie = r.getheader("Set-Cookie").split(";")[0]
        return cookie, data.get("csrf_token", "")

    def token(self, slug="bench", email=None, password=PASSWORD):
        cookie, csrf = self.login(slug, email, password)
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request("POST", "/api/v1/tokens", json.dumps({"name": "bench-" + uuid.uuid4().hex[:6]}),
                  {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": csrf})
        r = c.getresponse(); data = json.loads(r.read() or b"{}")
        if r.status not in (200, 201): raise RuntimeError(f"token {r.status}: {data}")
        return data["token"]

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def scalar(path, sql, args=()):
    """One value from a database the server also has open (WAL: readers never block the writer)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try: return con.execute(sql, args).fetchone()[0]
    finally: con.close()


def integrity(path):
    con = sqlite3.connect(path, timeout=10)
    try: return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally: con.close()


def percentile(xs, p):
    xs = sorted(xs)
    if not xs: return float("nan")
    k = min(len(xs) - 1, max(0, int(round(p / 100 * (len(xs) - 1)))))
    return xs[k]
