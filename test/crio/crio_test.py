#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Pods reach the wrapper as on a CRI-O node: kubelet (this test, through the CRI)
-> CRI-O -> conmon -> seccomp-witness -> runc or crun, with what
contrib/install-node.sh installs (the drop-in and config.toml, paths changed).

The seed's scenario under CRI-O's RuntimeDefault, in a pod without an infra
container and in one with (a shared pid namespace: the infra container is not
watched, the container is stopped with `kill --all`); a restarted container with
its own message; no monitor and no live state left once the pod is removed; a pod
on the plain runc handler that never meets the wrapper; crun as the real runtime;
and CRI-O's own notifier on the same scenario, with the differences README lists.

Skips with a line saying so where ../shared/crio (the CRI-O build) is absent.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import crio_node
from crio_node import cri_node, env

sys.path.insert(0, str(crio_node.HERE.parent / "cri"))
from cri_node import kubelet_message  # noqa: E402

WATCH = {"seccomp-witness.io/action": "stop", "seccomp-witness.io/stop-after": "2"}
SEED = (["chroot", "/tmp"], ["chroot", "/tmp"], ["swapoff", "/tmp"], ["swapoff", "/tmp"])
SEED_MESSAGE = "Used forbidden syscalls: chroot (2x), swapoff (2x)"

FIXTURE = PB = None


def setUpModule():
    global FIXTURE, PB
    FIXTURE = cri_node.Fixture("sw-crio-test.")
    PB = FIXTURE.pb


def tearDownModule():
    FIXTURE.close()


class Scenario:
    """kubelet's steps for one pod and one container, on a CRI-O node of the test
    class's own, whose real runtime RUNTIME names."""

    @classmethod
    def setUpClass(cls):
        cls.node = crio_node.CrioNode(env(cls.RUNTIME), FIXTURE.archive, FIXTURE.pb, FIXTURE.stubs)

    @classmethod
    def tearDownClass(cls):
        cls.node.close()

    def start(self, name, handler, annotations, shared_pid=False, attempt=0, pod=None, pod_id=None):
        cri = self.node.cri
        if pod is None:
            pod = cri.pod_config(name, annotations)
            if shared_pid:
                pod.linux.security_context.namespace_options.pid = PB.POD
            pod_id = cri.run_pod(pod, handler)
        self.node.pod_log_dir(pod, name)
        termination = self.node.termination_file(pod.metadata.uid, name)
        self.turns = tempfile.mkdtemp(prefix="sw-turns.")
        self.addCleanup(shutil.rmtree, self.turns, True)
        cid = cri.create_container(pod_id, pod, name, ["sleep", "100000"], termination, attempt=attempt,
                                   drop=["SYS_CHROOT"], signal_dir=self.turns)
        return pod, pod_id, cid, termination

    def seed(self, cid, expect_err):
        # Four exec sessions, each with a notify fd of its own, in turn within the quiet period.
        for code, _, err in self.node.cri.exec_in_turn(cid, self.turns, SEED):
            self.assertEqual(code, 1, err)
            self.assertIn(expect_err, err)

    def ctl(self, *args):
        r = subprocess.run([env("CTL"), "--state-dir", str(self.node.state_root), *args], capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def remove_and_check_nothing_left(self, pod_id, cids):
        self.node.cri.stop_and_remove_pod(pod_id)
        deadline = time.monotonic() + 10
        while self.node.monitors() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(self.node.monitors(), [])
        for cid in cids:
            self.assertFalse((self.node.state_root / cid).exists(), f"{cid} left a live state dir")


class CrioRunc(Scenario, unittest.TestCase):
    RUNTIME = "RUNC"

    def test_seed_scenario_a_restart_and_nothing_left(self):
        pod, pod_id, first, termination = self.start("nginx", "seccomp-witness", WATCH)
        self.seed(first, "Operation not permitted")
        status = self.node.cri.wait_exited(first, 30)
        self.assertEqual((status.state, status.exit_code), (PB.CONTAINER_EXITED, 137))
        self.assertEqual(kubelet_message(termination), SEED_MESSAGE)
        print(f"\nCRI-O's status of our stopped container: reason={status.reason!r} message={status.message!r}")
        self.assertEqual(status.reason, "Error")

        _, _, second, termination = self.start("nginx", None, None, attempt=1, pod=pod, pod_id=pod_id)
        code, _, _ = self.node.cri.exec_sync(second, ["chroot", "/tmp"])
        self.assertEqual(code, 1)
        self.assertEqual(self.node.cri.wait_exited(second, 30).exit_code, 137)
        self.assertEqual(kubelet_message(termination), "Used forbidden syscalls: chroot (1x)")

        listed = {s["containerId"]: s for s in json.loads(self.ctl("--json", "list"))}
        self.assertEqual(listed[first]["pod"], "nginx")
        self.assertEqual(listed[first]["namespace"], "default")
        self.assertEqual(listed[first]["container"], "nginx")
        self.remove_and_check_nothing_left(pod_id, [first, second])
        past = [s["containerId"] for s in json.loads(self.ctl("--json", "list")) if s.get("past") and s["pod"] == "nginx"]
        self.assertEqual(sorted(past), sorted([first, second]))

    def test_pod_with_an_infra_container(self):
        pod, pod_id, cid, termination = self.start("shared", "seccomp-witness", WATCH, shared_pid=True)
        calls = self.node.wrapper_calls()
        self.assertIn(pod_id, calls, "the infra container ran through the wrapper")
        self.assertFalse((self.node.state_root / pod_id).exists(), "the infra container was watched")
        self.seed(cid, "Operation not permitted")
        status = self.node.cri.wait_exited(cid, 30)
        self.assertEqual(status.exit_code, 137)
        self.assertEqual(kubelet_message(termination), SEED_MESSAGE)
        # No pid namespace of its own: the monitor stopped it with `kill --all`.
        with open(self.node.state_root / cid / "monitor.json") as spec:
            self.assertTrue(json.load(spec)["killAll"])
        self.remove_and_check_nothing_left(pod_id, [cid])

    def test_the_plain_runc_handler_never_meets_the_wrapper(self):
        _, pod_id, cid, _ = self.start("plain", "runc", WATCH)
        code, _, err = self.node.cri.exec_sync(cid, ["chroot", "/tmp"])
        self.assertEqual(code, 1)
        self.assertIn("Operation not permitted", err)
        time.sleep(3)
        self.assertEqual(self.node.cri.status(cid).state, PB.CONTAINER_RUNNING)
        self.assertNotIn(cid, self.node.wrapper_calls())
        self.node.cri.stop_and_remove_pod(pod_id)

    def test_crios_own_notifier_beside_ours(self):
        # CRI-O's notifier on the same scenario (handler runc-notifier allows its annotation).
        _, pod_id, cid, termination = self.start(
            "notifier", "runc-notifier", {"io.kubernetes.cri-o.seccompNotifierAction": "stop"})
        code, _, err = self.node.cri.exec_sync(cid, ["chroot", "/tmp"])
        self.assertEqual(code, 1)
        # Where runc says "Operation not permitted", CRI-O's notifier answers ENOSYS.
        self.assertIn("Function not implemented", err)
        status = self.node.cri.wait_exited(cid, 60)
        print(f"\nCRI-O's notifier: exit={status.exit_code} reason={status.reason!r} message={status.message!r}")
        self.assertEqual(status.state, PB.CONTAINER_EXITED)
        self.assertEqual(status.reason, "seccomp killed")
        self.assertIn("Used forbidden syscalls: chroot (1x)", status.message)
        self.assertEqual(kubelet_message(termination), "", "CRI-O's notifier leaves the termination file empty")
        self.assertNotIn(cid, self.node.wrapper_calls())
        self.node.cri.stop_and_remove_pod(pod_id)


class CrioCrun(Scenario, unittest.TestCase):
    RUNTIME = "CRUN"

    def test_seed_scenario(self):
        _, pod_id, cid, termination = self.start("nginx-crun", "seccomp-witness", WATCH)
        self.seed(cid, "Operation not permitted")
        self.assertEqual(self.node.cri.wait_exited(cid, 30).exit_code, 137)
        self.assertEqual(kubelet_message(termination), SEED_MESSAGE)
        self.remove_and_check_nothing_left(pod_id, [cid])


def can_run():
    if crio_node.shared_crio() is None:
        return "no CRI-O build in ../shared/crio (a clone without it); CI has it", False
    if os.geteuid() != 0:
        return "needs root", True
    for name in ("PODMAN", "RUNC", "CRUN", "WRAPPER", "MONITOR", "CTL", "PROBE", "BUSYBOX"):
        if not env(name) or not os.access(env(name), os.X_OK):
            return f"{name} not found", True
    for program in ("conmon", "skopeo", "jq"):
        if shutil.which(program) is None:
            return f"{program} not found", True
    return "", False


if __name__ == "__main__":
    why, required = can_run()
    if why:
        print(f"crio_test: skipped: {why}")
        sys.exit(1 if required and env("SECCOMP_WITNESS_REQUIRE_INTEGRATION") else 77)
    result = unittest.main(exit=False, verbosity=2).result
    passed = result.testsRun - len(result.failures) - len(result.errors) - len(result.skipped)
    print(f"crio_test: {passed} passed, {len(result.failures) + len(result.errors)} failed")
    sys.exit(0 if result.wasSuccessful() else 1)
