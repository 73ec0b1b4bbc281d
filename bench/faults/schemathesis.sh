#!/usr/bin/env bash
# Schemathesis against /api/v1/openapi.json, once with an admin token and once with an agent token (RELIABILITY.md §6
# row 10). Creates its own venv (ST_VENV, default ~/.cache/parley-schemathesis) and pip-installs schemathesis there.
# Pass: no server errors (check not_a_server_error) for either role. ST_EXAMPLES per operation (default 30).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
venv=${ST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/parley-schemathesis}
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q schemathesis
fi
exec "$venv/bin/python" "$here/faults/schemathesis_run.py" "$venv/bin/st"
