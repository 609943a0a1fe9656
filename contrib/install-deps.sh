#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what seccomp-witness needs to build, run and test on Debian 12 (as root).
set -euo pipefail

packages=(
  # build
  g++ meson ninja-build pkg-config
  libseccomp-dev rapidjson-dev libboost-dev libboost-filesystem-dev libspdlog-dev
  libtomlplusplus-dev libcli11-dev libgtest-dev libgmock-dev prometheus-cpp-dev libyaml-cpp-dev
  # the runtimes we wrap, and what the tests and the demo put in containers
  runc crun busybox-static
  # the engines the integration tests drive
  podman conmon containerd
  # network namespaces that tests make (ip netns)
  iproute2
  # the seccomp profiles Debian ships, used by the tests and the demo
  golang-github-containers-common golang-github-docker-docker-dev
  # tooling: JSON in scripts, format check, static analysis, script lint,
  # benchmarks, fuzzing (clang's libFuzzer)
  jq clang-format clang-tidy shellcheck hyperfine python3 curl clang libclang-rt-dev
  # the CRI client of test/cri (kubelet's side of the CRI)
  python3-grpcio python3-grpc-tools
  # test/integration/spo_fields.py reads the SeccompProfile that `suggest` writes
  python3-yaml
  # test/crio: CRI-O (a build in ../shared/crio) puts images into its storage with skopeo
  skopeo
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
