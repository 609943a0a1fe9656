#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The monitor under ThreadSanitizer: it serves each notify fd on a thread of its
# own, so a data race there is what this looks for. Builds the monitor alone in
# build-tsan/ (sanitizers link dynamically, which the tests' static programs
# cannot), then runs the integration suites that flood, kill and restart it
# (SUITES, default reliability and monitor) from build/ with that monitor. Any
# TSan report fails the run. As root, after a build in build/.
#   bash test/tsan.sh [SUITE...]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
suites=("$@")
((${#suites[@]})) || suites=(reliability monitor)

options=(-Db_sanitize=thread -Db_lundef=false -Dtests=disabled)
meson setup build-tsan "${options[@]}" --reconfigure >/dev/null 2>&1 ||
  meson setup build-tsan "${options[@]}" >/dev/null || exit 1
ninja -C build-tsan shim/monitor/seccomp-witness-monitor >/dev/null || exit 1

reports=build-tsan/reports
rm -rf "$reports" && mkdir -p "$reports"
# halt_on_error=0: a race is reported and the monitor serves on, so that one
# report does not hide the next behind a failed test.
export TSAN_OPTIONS="log_path=$PWD/$reports/monitor halt_on_error=0 second_deadlock_stack=1"
export SECCOMP_WITNESS_REQUIRE_INTEGRATION=1
# Not the bound on memory under ten million calls: TSan's shadow memory grows
# with every access, by design.
export GTEST_FILTER=-Flood.TenMillionDeniedSyscallsStayBounded
meson introspect build --tests | python3 -c '
import json, os, subprocess, sys
monitor = os.path.realpath("build-tsan/shim/monitor/seccomp-witness-monitor")
wanted = set(sys.argv[1:])
failed = 0
for test in json.load(sys.stdin):
    if test["name"] not in wanted:
        continue
    env = {**os.environ, **test["env"], "MONITOR": monitor}
    result = subprocess.run(test["cmd"], env=env, cwd=test["workdir"] or "build",
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    verdict = "passed" if result.returncode == 0 else "FAILED"
    print("tsan:", test["name"], verdict, flush=True)
    if result.returncode != 0:
        failed += 1
        print(result.stdout[-4000:])
sys.exit(1 if failed else 0)
' "${suites[@]}"
status=$?
if compgen -G "$reports/monitor*" >/dev/null; then
  echo "tsan: ThreadSanitizer reports from the monitor:"
  cat "$reports"/monitor*
  status=1
else
  echo "tsan: no report from the monitor"
fi
exit "$status"
