#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the suites whose tests wait for the monitor (floods, kills, quiet periods,
# stop-within, execs in turn) several times unloaded and several times pinned to
# one CPU beside a CPU hog (about half the speed), to show that none of them
# depends on how fast the machine is. As root, after a build in build/.
#   bash test/stress_timing.sh [ROUNDS] [SUITE...]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
rounds=${1:-3}
shift || true
suites=("$@")
((${#suites[@]})) || suites=(reliability monitor deputy probes engines)
export SECCOMP_WITNESS_REQUIRE_INTEGRATION=1

hog=
stop_hog() { [[ -n $hog ]] && kill "$hog" 2>/dev/null; hog=; }
trap stop_hog EXIT

failed=0
for round in $(seq "$rounds"); do
  for load in unloaded pinned+hog; do
    pin=()
    if [[ $load == pinned+hog ]]; then
      taskset -c 0 sh -c 'while :; do :; done' &
      hog=$!
      pin=(taskset -c 0)
    fi
    start=$(date +%s)
    if "${pin[@]}" meson test -C build --no-rebuild "${suites[@]}" >"build/stress-$round-${load}.log" 2>&1; then
      result=passed
    else
      result=FAILED
      failed=$((failed + 1))
    fi
    stop_hog
    # Each run's test output, kept: the next run writes meson's log anew.
    cp build/meson-logs/testlog.txt "build/stress-$round-${load}.testlog.txt" 2>/dev/null
    echo "round $round, $load: ${suites[*]}: $result in $(($(date +%s) - start)) s (build/stress-$round-${load}.testlog.txt)"
  done
done
echo "$failed run(s) failed"
[[ $failed -eq 0 ]]
