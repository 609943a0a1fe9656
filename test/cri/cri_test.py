#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Pods reach the wrapper as on a node: kubelet (this test, through the CRI) ->
containerd's CRI plugin -> containerd-shim-runc-v2 -> seccomp-witness -> runc or crun.

With contrib's containerd handler as shipped (only paths changed) and default
settings: the seed's scenario under containerd's RuntimeDefault stops the
container with the exact message in its termination file, while the pod's
sandbox is not watched; a container that starts threads (glibc probes clone3,
which RuntimeDefault answers ENOSYS) is not stopped; a restarted container is
watched anew; calls RuntimeDefault denies under argument conditions (clone
with a namespace flag, personality beyond its five values) get runc's answer
and are counted with their argument values; a removed pod leaves no monitor and no live state; a pod on the
plain runc handler never meets the wrapper; the same with crun; and
seccomp-witnessctl names pod, namespace and container.

Needs root, containerd, podman, runc, crun and python3-grpcio/grpc-tools. Where
it cannot run it skips (exit 77), unless SECCOMP_WITNESS_REQUIRE_INTEGRATION is set.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import cri_node
from cri_node import env, kubelet_message

STOP_AFTER = "2"
WATCH = {"seccomp-witness.io/action": "stop", "seccomp-witness.io/stop-after": STOP_AFTER}
SEED = (["chroot", "/tmp"], ["chroot", "/tmp"], ["swapoff", "/tmp"], ["swapoff", "/tmp"])
SEED_MESSAGE = "Used forbidden syscalls: chroot (2x), swapoff (2x)"
EPERM = "Operation not permitted"
PYTHON_THREADS = """import threading
out = []
threads = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
print("threads", sorted(out))"""

FIXTURE = PB = None


def setUpModule():
    global FIXTURE, PB
    FIXTURE = cri_node.Fixture("sw-cri-test.")
    PB = FIXTURE.pb


def tearDownModule():
    FIXTURE.close()


def ctl(node, *args):
    r = subprocess.run([env("CTL"), "--state-dir", str(node.state_root), *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"seccomp-witnessctl {' '.join(args)}: {r.stderr}")
    return r.stdout


def scrape_metrics(node):
    """seccomp-witnessctl serve-metrics on a free loopback port, scraped once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([env("CTL"), "--state-dir", str(node.state_root), "serve-metrics", "--listen",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        server.terminate()
        server.wait()


class SeedScenario:
    """The seed's scenario on one node, shared by the runc and crun cases."""

    def seed(self, node, pod_name):
        cri = node.cri
        pod = cri.pod_config(pod_name, WATCH)
        pod_id = cri.run_pod(pod, "seccomp-witness")
        termination = node.termination_file(pod.metadata.uid, "nginx")
        turns = tempfile.mkdtemp(prefix="sw-turns.")
        self.addCleanup(shutil.rmtree, turns, True)
        cid = cri.create_container(pod_id, pod, "nginx", ["sleep", "100000"], termination, drop=["SYS_CHROOT"],
                                   signal_dir=turns)
        # Four exec sessions, each with a notify fd of its own, in turn within the quiet period.
        for code, _, err in cri.exec_in_turn(cid, turns, SEED):
            self.assertEqual(code, 1, err)
            self.assertIn(EPERM, err)  # as without us
        status = cri.wait_exited(cid, 30)
        self.assertEqual(status.state, PB.CONTAINER_EXITED)
        self.assertEqual(status.exit_code, 137)
        self.assertEqual(kubelet_message(termination), SEED_MESSAGE)
        # The pod's sandbox got the annotations too, and was left alone.
        self.assertFalse((node.state_root / pod_id).exists(), "the sandbox was watched")
        self.assertIn(pod_id, node.wrapper_calls())  # it did pass through the wrapper
        return pod, pod_id, cid, status


class ContainerdRunc(SeedScenario, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = cri_node.Node(env("RUNC"), FIXTURE.archive, FIXTURE.pb, FIXTURE.stubs)

    @classmethod
    def tearDownClass(cls):
        cls.node.close()

    def test_seed_scenario_and_a_restart(self):
        node, cri = self.node, self.node.cri
        pod, pod_id, first, status = self.seed(node, "nginx")
        print(f"\nCRI status of the stopped container: reason={status.reason!r} message={status.message!r}")
        self.assertEqual(status.reason, "Error")  # containerd's word for a non-zero exit; see README

        # kubelet restarts it in the same sandbox: attempt 1, a new container and file.
        termination = node.termination_file(pod.metadata.uid, "nginx")
        second = cri.create_container(pod_id, pod, "nginx", ["sleep", "100000"], termination, attempt=1,
                                      drop=["SYS_CHROOT"])
        self.assertNotEqual(second, first)
        code, _, err = cri.exec_sync(second, ["chroot", "/tmp"])
        self.assertEqual(code, 1, err)
        status = cri.wait_exited(second, 30)
        self.assertEqual(status.exit_code, 137)
        self.assertEqual(kubelet_message(termination), "Used forbidden syscalls: chroot (1x)")

        # What operators see: pod, namespace and container from containerd's annotations.
        listed = {s["containerId"]: s for s in json.loads(ctl(node, "--json", "list"))}
        for cid, total in ((first, 4), (second, 1)):
            self.assertEqual(listed[cid]["pod"], "nginx")
            self.assertEqual(listed[cid]["namespace"], "default")
            self.assertEqual(listed[cid]["container"], "nginx")
            self.assertEqual(listed[cid]["violations"], total)

        # The exporter labels the counts the same way.
        metrics = scrape_metrics(node)
        self.assertIn('seccomp_witness_forbidden_syscalls_total{namespace="default",pod="nginx",container="nginx",'
                      'syscall="chroot",class="violation"} 3', metrics)
        self.assertIn('seccomp_witness_containers_stopped_total{namespace="default",pod="nginx",container="nginx"} 2',
                      metrics)

        # Removing the pod leaves no monitor, and nothing a later pod could inherit.
        cri.stop_and_remove_pod(pod_id)
        deadline = time.monotonic() + 10
        while node.monitors() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.assertEqual(node.monitors(), [])
        for cid in (first, second):
            self.assertFalse((node.state_root / cid).exists(), f"{cid} left a live state dir")
        past = [s for s in json.loads(ctl(node, "--json", "list")) if s.get("past") and s["pod"] == "nginx"]
        self.assertEqual(sorted(s["containerId"] for s in past), sorted([first, second]))

    def test_threads_are_not_stopped(self):
        node, cri = self.node, self.node.cri
        pod = cri.pod_config("threads", WATCH)
        pod_id = cri.run_pod(pod, "seccomp-witness")
        termination = node.termination_file(pod.metadata.uid, "app")
        # Debian's userland from the host, as hostPath volumes: real multi-threaded programs.
        userland = [("/usr", "/usr"), ("/lib", "/usr/lib"), ("/lib64", "/usr/lib64")]
        cid = cri.create_container(pod_id, pod, "app", ["sleep", "100000"], termination, host_dirs=userland)
        code, out, err = cri.exec_sync(cid, ["probe", "--in-thread", "getpid"])
        self.assertEqual(code, 0, err)
        self.assertIn("process goes on", out)
        code, out, err = cri.exec_sync(cid, ["/usr/bin/python3", "-c", PYTHON_THREADS])
        self.assertEqual((code, out), (0, "threads [0, 1, 2, 3]\n"), err)
        code, out, err = cri.exec_sync(cid, ["/bin/sh", "-c", "seq 100000 | /usr/bin/xz -T2 | /usr/bin/xz -dc | tail -n 1"])
        self.assertEqual((code, out), (0, "100000\n"), err)
        time.sleep(2 * float(STOP_AFTER) + 1)
        self.assertEqual(cri.status(cid).state, PB.CONTAINER_RUNNING, "stopped for a clone3 probe")
        self.assertEqual(kubelet_message(termination), "")
        summary = json.loads(ctl(node, "--json", "show", cid))
        clone3 = [s for s in summary["syscalls"] if s["name"] == "clone3"]
        self.assertEqual(len(clone3), 1, summary)
        self.assertEqual(clone3[0]["class"], "probe")
        self.assertEqual(summary["violations"], 0)
        cri.stop_and_remove_pod(pod_id)

    def test_calls_denied_by_conditions_are_seen(self):
        """RuntimeDefault allows clone without namespace flags and personality for
        five values; the rest it denies by its default action, unseen before."""
        node, cri = self.node, self.node.cri
        calls = (["probe", "clone", "0x10000011"], ["probe", "personality", "0x40000"],
                 ["probe", "personality", "0xffffffff"], ["sh", "-c", "echo forked=$(echo yes)"])

        def answers(handler, annotations):
            pod = cri.pod_config(f"conditions-{handler}", annotations)
            pod_id = cri.run_pod(pod, handler)
            termination = node.termination_file(pod.metadata.uid, "app")
            cid = cri.create_container(pod_id, pod, "app", ["sleep", "100000"], termination)
            # clone returns twice, in the scheduler's order: keep the parent's answer, pid-free.
            seen = []
            for cmd in calls:
                code, out, err = cri.exec_sync(cid, cmd)
                lines = [line for line in out.splitlines() if line != "clone = 0"]
                seen.append((code, [(re.sub(r"^clone = [1-9][0-9]*$", "clone = <pid>", line)) for line in lines], err))
            return pod_id, cid, seen

        plain_pod, _, plain = answers("runc", {})
        cri.stop_and_remove_pod(plain_pod)
        self.assertIn("personality = -1 errno=1 (EPERM)", plain[1][1])
        self.assertIn("clone = -1 errno=1 (EPERM)", plain[0][1])
        pod_id, cid, ours = answers("seccomp-witness",
                                    {"seccomp-witness.io/action": "log", "seccomp-witness.io/coverage": "full"})
        self.assertEqual(ours, plain, "the container sees what it sees without us")
        # The monitor writes its summary after it answers: wait for both counts.
        deadline = time.monotonic() + 10
        while True:
            summary = json.loads(ctl(node, "--json", "show", cid))
            if summary.get("total", 0) >= 2 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual(summary["blindSpots"], [], summary)
        counted = {s["name"]: s for s in summary["syscalls"]}
        self.assertEqual(counted["personality"]["count"], 1, summary)
        self.assertEqual(counted["personality"]["arguments"],
                         [[{"index": 0, "value": 0x40000, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]])
        self.assertEqual(counted["clone"]["count"], 1, "forks never reach the monitor")
        self.assertIn({"index": 0, "value": 0x7E020000, "valueTwo": 0x10000000, "op": "SCMP_CMP_MASKED_EQ"},
                      counted["clone"]["arguments"][0], summary)
        cri.stop_and_remove_pod(pod_id)

    def test_the_plain_runc_handler_never_meets_the_wrapper(self):
        node, cri = self.node, self.node.cri
        pod = cri.pod_config("plain", WATCH)
        pod_id = cri.run_pod(pod, "runc")
        termination = node.termination_file(pod.metadata.uid, "app")
        cid = cri.create_container(pod_id, pod, "app", ["sleep", "100000"], termination, drop=["SYS_CHROOT"])
        code, _, err = cri.exec_sync(cid, ["chroot", "/tmp"])
        self.assertEqual(code, 1)
        self.assertIn(EPERM, err)
        time.sleep(float(STOP_AFTER) + 1)
        self.assertEqual(cri.status(cid).state, PB.CONTAINER_RUNNING)
        calls = node.wrapper_calls()
        self.assertNotIn(pod_id, calls)
        self.assertNotIn(cid, calls)
        self.assertFalse((node.state_root / cid).exists())
        cri.stop_and_remove_pod(pod_id)


class ContainerdCrun(SeedScenario, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.node = cri_node.Node(env("CRUN"), FIXTURE.archive, FIXTURE.pb, FIXTURE.stubs)

    @classmethod
    def tearDownClass(cls):
        cls.node.close()

    def test_seed_scenario(self):
        _, pod_id, _, _ = self.seed(self.node, "nginx-crun")
        self.node.cri.stop_and_remove_pod(pod_id)
        self.assertIn("--root", self.node.wrapper_calls())


def can_run():
    if os.geteuid() != 0:
        return "needs root"
    for name in ("CONTAINERD", "CTR", "PODMAN", "RUNC", "CRUN", "WRAPPER", "MONITOR", "CTL", "PROBE", "BUSYBOX"):
        if not env(name) or not os.access(env(name), os.X_OK):
            return f"{name} not found"
    try:
        import grpc  # noqa: F401
        import grpc_tools  # noqa: F401
    except ImportError:
        return "python3-grpcio and python3-grpc-tools are needed"
    return ""


if __name__ == "__main__":
    why = can_run()
    if why:
        print(f"cri_test: skipped: {why}")
        sys.exit(1 if env("SECCOMP_WITNESS_REQUIRE_INTEGRATION") else 77)
    result = unittest.main(exit=False, verbosity=2).result
    passed = result.testsRun - len(result.failures) - len(result.errors) - len(result.skipped)
    print(f"cri_test: {passed} passed, {len(result.failures) + len(result.errors)} failed")
    sys.exit(0 if result.wasSuccessful() else 1)
