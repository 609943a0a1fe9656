#!/usr/bin/env bash
# Denied syscalls per second inside a container: the same tight loop of a denied
# `chroot` under plain ERRNO (runc alone) and through seccomp-witness's monitor
# (NOTIFY, answered in user space with the same errno); and the monitor's memory
# (RSS, PSS) after the loop. Writes JSON next to the table.
# Usage: test/bench/notify_throughput.sh BUILD_DIR [OUT_JSON]   (as root)
set -euo pipefail
build=$(realpath "${1:-build}")
out=${2:-$build/bench/notify_throughput.json}
calls=${CALLS:-200000}
mkdir -p "$(dirname "$out")"
runc=$(command -v runc)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bundle=$work/bundle
mkdir -p "$bundle/rootfs/bin" "$bundle/rootfs/tmp"
cp /bin/busybox "$bundle/rootfs/bin/"
ln -s busybox "$bundle/rootfs/bin/sh"
ln -s busybox "$bundle/rootfs/bin/sleep"
cp "$build/test/probe/probe" "$bundle/rootfs/bin/"
runc spec --bundle "$bundle"
jq --arg calls "$calls" '.process.terminal = false
   | .process.args = ["sh", "-c", "probe --repeat \($calls) chroot s:/tmp; sleep 2"]
   | .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
                       "syscalls": [{"names": ["chroot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}' \
  "$bundle/config.json" >"$work/c.json" && mv "$work/c.json" "$bundle/config.json"

ns_per_call() { sed -n 's/.*ns_per_call=\([0-9]*\).*/\1/p'; }

plain=$(runc --root "$work/root" run -b "$bundle" plain | ns_per_call)

cat >"$work/config.toml" <<TOML
runtime = "$runc"
state_dir = "$work/state"
monitor = "$build/shim/seccomp-witness-monitor"
TOML
jq '.annotations = {"seccomp-witness.io/action": "log"}' "$bundle/config.json" >"$work/c.json"
mv "$work/c.json" "$bundle/config.json"
SECCOMP_WITNESS_CONFIG=$work/config.toml "$build/shim/seccomp-witness" --root "$work/root" run -b "$bundle" ours \
  >"$work/ours.out" 2>/dev/null &
runner=$!
# The loop ends, then the container sleeps 2 s: measure the monitor then.
for _ in $(seq 600); do grep -q ns_per_call "$work/ours.out" 2>/dev/null && break; sleep 0.1; done
pid=$(cat "$work/state/ours/monitor.pid")
rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
wait "$runner"
ours=$(ns_per_call <"$work/ours.out")
seen=$(jq .total "$work/state/ours/summary.json")

jq -n --argjson plain "$plain" --argjson ours "$ours" --argjson rss "$rss" --argjson pss "$pss" \
  --argjson calls "$calls" --argjson seen "$seen" \
  '{benchmark: "notify_throughput", calls: $calls, notifications_seen: $seen,
    plain_errno: {ns_per_call: $plain, calls_per_second: (1e9 / $plain | floor)},
    through_monitor: {ns_per_call: $ours, calls_per_second: (1e9 / $ours | floor)},
    slowdown: ($ours / $plain), monitor_rss_kib: $rss, monitor_pss_kib: $pss}' >"$out"
jq -r '"denied chroot in a loop       ns/call   calls/s",
       "plain ERRNO (runc alone)      \(.plain_errno.ns_per_call)      \(.plain_errno.calls_per_second)",
       "NOTIFY through our monitor    \(.through_monitor.ns_per_call)    \(.through_monitor.calls_per_second)",
       "slowdown                      \(.slowdown * 10 | round / 10)x  (\(.notifications_seen) notifications counted)",
       "monitor memory                RSS \(.monitor_rss_kib) KiB, PSS \(.monitor_pss_kib) KiB"' "$out"
echo "written: $out"
