#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the commands of README.md's quickstart as they stand (as root, on Debian 12),
# and checks what a new user would look for in their output: the container stopped
# with 137, the forbidden syscall counted, and the metrics served.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

script=$(mktemp)
out=$(mktemp)
trap 'rm -f "$script" "$out"; podman rm --force witnessed >/dev/null 2>&1' EXIT
sed -n '/^<!-- quickstart -->$/,/^<!-- \/quickstart -->$/p' README.md | sed '/^<!--/d; /^```/d' >"$script"
[[ -s $script ]] || { echo "readme_quickstart: no quickstart block in README.md"; exit 1; }
podman rm --force witnessed >/dev/null 2>&1

timeout 900 bash -euo pipefail "$script" >"$out" 2>&1
status=$?
cat "$out"
fail() { echo "readme_quickstart: FAIL: $*"; exit 1; }
((status == 0)) || fail "the quickstart commands ended with exit code $status"
grep -qx '137' "$out" || fail "podman wait did not print 137"
grep -q 'Used forbidden syscalls: swapoff (1x)' "$out" || fail "seccomp-witnessctl did not show the message"
grep -Eq '^seccomp_witness_forbidden_syscalls_total\{.*syscall="swapoff",class="violation"\} 1$' "$out" ||
  fail "no forbidden-syscall metric for swapoff"
grep -Eq '^seccomp_witness_containers_stopped_total\{.*\} 1$' "$out" || fail "no stopped-container metric"
echo "readme_quickstart: passed"
