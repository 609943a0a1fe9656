#!/usr/bin/env bash
# Cost of the passthrough: `state` of a running busybox container through the
# wrapper vs runc itself, measured with hyperfine. Writes JSON next to the table.
# Usage: test/bench/passthrough_state.sh BUILD_DIR [OUT_JSON]   (as root)
set -euo pipefail
build=$(realpath "${1:-build}")
out=${2:-$build/bench/passthrough_state.json}
mkdir -p "$(dirname "$out")"
runc=$(command -v runc)

work=$(mktemp -d)
root=$work/root
trap 'runc --root "$root" delete -f bench >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

mkdir -p "$work/bundle/rootfs/bin"
cp /bin/busybox "$work/bundle/rootfs/bin/busybox"
ln -s busybox "$work/bundle/rootfs/bin/sleep"
runc spec --bundle "$work/bundle"
jq '.process.terminal=false | .process.args=["sleep","600"]' "$work/bundle/config.json" >"$work/c.json"
mv "$work/c.json" "$work/bundle/config.json"
runc --root "$root" run -d -b "$work/bundle" bench </dev/null >/dev/null 2>&1

# The wrapper finds runc the way it would on a node: no config file, runc on PATH.
# exec_floor is a static program that only execs runc: what any wrapper costs.
export SECCOMP_WITNESS_CONFIG=$work/none.toml EXEC_FLOOR_TARGET=$runc
hyperfine -N --warmup 30 --runs "${RUNS:-500}" --export-json "$work/raw.json" \
  -n runc "$runc --root $root state bench" \
  -n exec-floor "$build/test/bench/exec_floor --root $root state bench" \
  -n seccomp-witness "$build/shim/seccomp-witness --root $root state bench" >/dev/null

jq '{benchmark: "passthrough_state",
     runc_ms: {mean: (.results[0].mean * 1000), median: (.results[0].median * 1000)},
     exec_floor_ms: {mean: (.results[1].mean * 1000), median: (.results[1].median * 1000)},
     wrapper_ms: {mean: (.results[2].mean * 1000), median: (.results[2].median * 1000)},
     overhead_ms: ((.results[2].median - .results[0].median) * 1000),
     overhead_above_floor_ms: ((.results[2].median - .results[1].median) * 1000),
     ratio: (.results[2].median / .results[0].median)}' "$work/raw.json" >"$out"
jq -r 'def r: (. * 100 | round) / 100;
       "passthrough `state`         mean ms   median ms",
       "runc                        \(.runc_ms.mean|r)     \(.runc_ms.median|r)",
       "static exec-only hop        \(.exec_floor_ms.mean|r)     \(.exec_floor_ms.median|r)",
       "seccomp-witness             \(.wrapper_ms.mean|r)     \(.wrapper_ms.median|r)",
       "overhead vs runc (median)   \(.overhead_ms|r) ms, ratio \(.ratio|r)  (target: < 1 ms)",
       "of which above a bare exec  \(.overhead_above_floor_ms|r) ms"' "$out"
echo "written: $out"
