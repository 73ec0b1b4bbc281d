#!/usr/bin/env bash
# libFuzzer + ASan runs of the multipart parser (ParleyHTTP) and the Meta webhook JSON parser (ParleyCore/Meta),
# compiled straight from the sources with swiftc (not SwiftPM targets). FUZZ_SECONDS per target (default 60).
# Seeds: bench/fuzz/corpus/<target>; the grown corpus and any crash files go to a temp dir (not committed).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-60}
work=$(mktemp -d /tmp/parley-fuzz-XXXXXX)
flags=(-parse-as-library -sanitize=fuzzer,address -O -g -swift-version 6 -module-name FuzzTarget)
echo "fuzz: building in $work"
swiftc "${flags[@]}" -I "$root/Sources/CMicroHTTPD" "$root"/Sources/ParleyHTTP/*.swift "$root/bench/fuzz/multipart_fuzz.swift" \
  -lmicrohttpd -o "$work/multipart_fuzz" 2> >(grep -v "Cannot export local symbol" >&2)
# The Meta parser plus the few domain types its events name.
swiftc "${flags[@]}" "$root"/Sources/ParleyCore/Meta/*.swift "$root/Sources/ParleyCore/Inbox/MessageStatus.swift" \
  "$root/Sources/ParleyCore/Config/String+Trim.swift" "$root/bench/fuzz/meta_json_fuzz.swift" \
  -o "$work/meta_json_fuzz" 2> >(grep -v "Cannot export local symbol" >&2)
status=0
for t in multipart meta_json; do
  mkdir -p "$work/corpus-$t" "$work/crash-$t"
  cp "$root/bench/fuzz/corpus/$t"/* "$work/corpus-$t/"
  echo "fuzz: $t for ${secs}s"
  if "$work/${t}_fuzz" -max_total_time="$secs" -timeout=2 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$work/crash-$t/" "$work/corpus-$t" > "$work/$t.log" 2>&1; then
    echo "fuzz: $t OK — $(grep -E 'stat::number_of_executed_units' "$work/$t.log" | awk '{print $2}') execs, corpus $(ls "$work/corpus-$t" | wc -l) files"
  else
    status=1
    echo "fuzz: $t FAILED — see $work/$t.log and $work/crash-$t/"; tail -40 "$work/$t.log"
  fi
done
exit $status
