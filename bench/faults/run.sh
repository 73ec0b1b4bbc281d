#!/usr/bin/env bash
# `make test-faults`: the long fault suites (minutes each), sequentially (2-core CI). Runs all, then fails if any failed.
# Select with FAULTS="crash diskfull slow schemathesis fuzz".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export PARLEY_BIN=${PARLEY_BIN:-$here/../../.build/release/parley}
ulimit -n 65536 2>/dev/null || true
failed=()
for f in ${FAULTS:-crash diskfull slow schemathesis fuzz}; do
  echo "== $f"
  case $f in
    crash) python3 "$here/crash.py" ;;
    diskfull) python3 "$here/diskfull.py" ;;
    slow) python3 "$here/slow.py" ;;
    schemathesis) bash "$here/schemathesis.sh" ;;
    fuzz) bash "$here/fuzz.sh" ;;
    *) echo "unknown fault suite $f"; false ;;
  esac || failed+=("$f")
done
if [ ${#failed[@]} -gt 0 ]; then echo "test-faults: FAILED: ${failed[*]}"; exit 1; fi
echo "test-faults: all passed"
