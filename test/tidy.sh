#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# clang-tidy with the checks in .clang-tidy over the C++ files (tests aside) that
# changed since BASE (default: the commit before HEAD), or over all of them with
# --all. Needs build/compile_commands.json (meson setup build).
#   bash test/tidy.sh [--all | BASE]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
[[ -f build/compile_commands.json ]] || { echo "tidy: no build/compile_commands.json; run meson setup build" >&2; exit 2; }

if [[ ${1:-} == --all ]]; then
  mapfile -t files < <(git ls-files 'common/*.cpp' 'shim/*.cpp' 'hooks/*.cpp')
else
  base=${1:-HEAD~1}
  if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
    echo "tidy: no commit $base here (a shallow clone?): every file"
    exec bash "$0" --all
  fi
  mapfile -t files < <(git diff --name-only --diff-filter=d "$base" -- 'common/*.cpp' 'shim/*.cpp' 'hooks/*.cpp')
fi
((${#files[@]})) || { echo "tidy: no C++ file changed"; exit 0; }

# The build's flags are GCC's; clang does not know some of its warnings.
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy -p build --quiet --extra-arg=-Wno-unknown-warning-option 2>&1 |
  grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter' 
status=${PIPESTATUS[1]}
echo "tidy: ${#files[@]} file(s), $([[ $status -eq 0 ]] && echo clean || echo findings)"
exit "$status"
