#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Makes this host able to run containers with crun 1.8 as well as runc (as root).
#
# On a hybrid cgroup host (v1 controllers plus a cgroup2 hierarchy at
# /sys/fs/cgroup/unified), crun refuses to start anything while the cgroup2
# hierarchy holds a controller ("cgroups in hybrid mode not supported, drop all
# controllers from cgroupv2"). Controllers that no v1 hierarchy has (hugetlb, say)
# land there by default. Binding each of them to a v1 hierarchy of its own moves
# it off cgroup2; runc does not mind either way.
set -euo pipefail

unified=/sys/fs/cgroup/unified
[[ -r $unified/cgroup.controllers ]] || exit 0
read -ra controllers <"$unified/cgroup.controllers"
for controller in "${controllers[@]}"; do
  target=/sys/fs/cgroup/$controller
  mountpoint -q "$target" && continue
  mkdir -p "$target"
  mount -t cgroup -o "$controller" cgroup "$target"
  echo "prepare-host: bound cgroup controller $controller to $target (v1) so that crun can run"
done
