#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs seccomp-witness on this machine from the source tree (Debian 12, as root):
# the packages it needs, a release build, `meson install` (binaries in /usr/local,
# man pages), then contrib/install-node.sh: /etc/seccomp-witness/config.toml when
# there is none, and the drop-ins for the engines installed here (podman at once;
# CRI-O and containerd once restarted).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash contrib/install-deps.sh
[[ -f build-release/build.ninja ]] || meson setup build-release --buildtype=release -Dtests=disabled >/dev/null
meson install -C build-release --quiet
# The binaries just installed, and the contrib files of this tree.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp /usr/local/bin/seccomp-witness /usr/local/libexec/seccomp-witness/seccomp-witness-monitor \
  contrib/config.toml "$stage/"
cp -r contrib/crio contrib/containerd contrib/podman "$stage/"
bash contrib/install-node.sh --from "$stage" --host-root /
echo "install: done; see man seccomp-witness and man seccomp-witnessctl"
