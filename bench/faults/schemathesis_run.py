#!/usr/bin/env python3
"""Runs `st run` per role against a fresh Parley (called by schemathesis.sh with the path of `st`)."""
import os, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from parley_harness import PASSWORD, Parley

EXAMPLES = os.environ.get("ST_EXAMPLES", "30")


def main():
    st = sys.argv[1]
    p = Parley(); p.setup_tenant(); 
    p.cli("user", "create", "--tenant", "bench", "--email", "agent@bench.example", "--name", "Agent", "--role", "agent", "--password", PASSWORD)
    p.start()
    failed = False
    try:
        tokens = {"admin": p.token(), "agent": p.token(email="agent@bench.example")}
        for role, tok in tokens.items():
            junit = os.path.join(p.data_dir, f"st-{role}.xml")
            cmd = [st, "run", f"http://127.0.0.1:{p.port}/api/v1/openapi.json", "--url", f"http://127.0.0.1:{p.port}",
                   "-H", f"Authorization: Bearer {tok}", "--checks", "not_a_server_error", "--max-examples", EXAMPLES,
                   "--seed", "1", "--phases", "examples,coverage,fuzzing", "--request-timeout", "10", "--no-color",
                   "--report", "junit", "--report-junit-path", junit]
            r = subprocess.run(cmd, capture_output=True, text=True)
            out = r.stdout + r.stderr
            tail = "\n".join(l for l in out.splitlines()[-25:])
            alive = p.proc.poll() is None
            print(f"schemathesis {role}: exit {r.returncode}, parley alive {alive}\n{tail}\n")
            failed |= r.returncode != 0 or not alive
            if not alive: p.start()
    finally:
        p.cleanup() if not failed else print("data kept in", p.data_dir, "log", p.log_path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
