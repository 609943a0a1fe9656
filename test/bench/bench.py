#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""seccomp-witness benchmarks, against the targets of the benchmark issue.

  (a) `state` through the wrapper vs runc                       ratio <= 1.05
  (b) create+start+delete: plain runc, wrapper not opted in,
      wrapper opted in                                          opted-in ratio <= 1.10
  (c) an allowed syscall (getppid loop) under the original vs
      the rewritten profile, named and full coverage            ratio <= 1.02
  (d) denied syscalls: mean, p50 and p99 per call, pinned and
      unpinned, interleaved rounds: plain ERRNO, a minimal C
      listener without and with synchronous wake-up (the floor),
      our monitor in log and in stop mode                       mean, p50 <= 1.3x minimal with sync wake-up;
                                                                p99 <= 10 us
  (e) monitor memory (supervisor and worker): RSS and PSS of one, and of 50 at once     PSS <= 1 MiB per monitor
  (f) syscalls a profile allows under conditions, under Docker's default
      profile (clone without namespace flags, personality for five values):
      a fork+exit loop, a thread create+join loop and a
      personality(0xffffffff) loop, opted in (full coverage) vs plain runc,
      interleaved rounds                                        fork+exit (clone) <= 1.05;
                                                                the others: measured and said

Prints a table and writes JSON. Run as root after a build (test/bench/run.sh does both).
usage: bench.py BUILD_DIR OUT_JSON [PARTS]   (PARTS: letters of the benchmarks to run, default abcdef)
  BASELINE_BUILD=DIR: (d) also measures the monitor of another build (e.g. an earlier commit's) in the same rounds
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

BUILD = os.path.realpath(sys.argv[1])
OUT = sys.argv[2]
RUNC = shutil.which("runc") or "/usr/sbin/runc"


def program(build, folder, name):
    """A program of a build: shim/<folder>/ now, shim/ in builds before the
    programs had a folder each (BASELINE_BUILD may be one)."""
    path = f"{build}/shim/{folder}/{name}"
    return path if os.path.exists(path) else f"{build}/shim/{name}"


WRAPPER = program(BUILD, "wrapper", "seccomp-witness")
CTL = program(BUILD, "ctl", "seccomp-witnessctl")
MONITOR = program(BUILD, "monitor", "seccomp-witness-monitor")
PROBE = f"{BUILD}/test/probe/probe"
MIN_LISTENER = f"{BUILD}/test/bench/min_listener"
EXEC_FLOOR = f"{BUILD}/test/bench/exec_floor"
LOOP_CALLS = int(os.environ.get("LOOP_CALLS", "2000000"))
DENIED_CALLS = int(os.environ.get("DENIED_CALLS", "100000"))
MONITORS = int(os.environ.get("MONITORS", "50"))
PARTS = sys.argv[3] if len(sys.argv) > 3 else "abcdef"

work = tempfile.mkdtemp(prefix="seccomp-witness-bench.")
# Bundles, runtime state and our state dirs all live under /run on a node
# (podman, CRI-O and containerd alike), and /run is a tmpfs there; so here too.
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1g,mode=0700", "seccomp-witness-bench", work], check=True)
root = f"{work}/runc-root"
config_toml = f"{work}/config.toml"
with open(config_toml, "w") as f:
    f.write(f'runtime = "{RUNC}"\nstate_dir = "{work}/state"\nmonitor = "{MONITOR}"\n')
ENV = dict(os.environ, SECCOMP_WITNESS_CONFIG=config_toml)
DENY_CHROOT = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
               "syscalls": [{"names": ["chroot"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}


def sh(*args, env=None, check=True):
    r = subprocess.run(args, capture_output=True, text=True, env=env)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def create(*args, env=None):
    """`create` leaves the container's init holding its stdio: files, not pipes."""
    with tempfile.TemporaryFile() as err:
        r = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env)
        if r.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}: {err.read().decode().strip()}")


def bundle(name, args, seccomp=None, annotations=None):
    path = f"{work}/{name}"
    os.makedirs(f"{path}/rootfs/bin", exist_ok=True)
    os.makedirs(f"{path}/rootfs/tmp", exist_ok=True)
    shutil.copy("/bin/busybox", f"{path}/rootfs/bin/busybox")
    shutil.copy(PROBE, f"{path}/rootfs/bin/probe")
    for applet in ("sh", "sleep", "true"):
        if not os.path.exists(f"{path}/rootfs/bin/{applet}"):
            os.symlink("busybox", f"{path}/rootfs/bin/{applet}")
    sh(RUNC, "spec", "--bundle", path)
    with open(f"{path}/config.json") as f:
        config = json.load(f)
    config["process"]["terminal"] = False
    config["process"]["args"] = args
    if seccomp is not None:
        config["linux"]["seccomp"] = seccomp
    config["annotations"] = annotations or {}
    with open(f"{path}/config.json", "w") as f:
        json.dump(config, f)
    return path


DOCKER_DEFAULT = "/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json"


def containers_common(path="/usr/share/containers/seccomp.json"):
    """A Docker-format profile resolved for runc spec's capabilities."""
    caps = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
    args = [CTL, "profile", "resolve", path]
    for cap in caps:
        args += ["--cap", cap]
    return json.loads(sh(*args))


def hyperfine(name, commands, runs=30, rounds=5):
    """Mean ms of each command: the median over `rounds` hyperfine runs. hyperfine
    times one command after the other, and this machine's speed drifts by more
    than the differences measured; rounds spread each command over the whole time."""
    means = [[] for _ in commands]
    for r in range(rounds):
        out = f"{work}/{name}-{r}.json"
        sh("hyperfine", "--style", "none", "--warmup", "3", "--runs", str(runs), "--export-json", out, *commands)
        with open(out) as f:
            for i, result in enumerate(json.load(f)["results"]):
                means[i].append(result["mean"] * 1000)
    return [sorted(m)[len(m) // 2] for m in means]


def field(text, key):
    match = re.search(rf"{key}=(\d+)", text)
    if not match:
        raise RuntimeError(f"no {key} in: {text!r}")
    return int(match.group(1))


def run_container(runtime, path, cid, env=None):
    out = sh(runtime, "--root", root, "run", "-b", path, cid, env=env)
    return out


def kib(pid, key, path):
    with open(path.format(pid=pid)) as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    return 0


def bench_a():
    """(a) passthrough."""
    idle = bundle("idle", ["sleep", "600"])
    create(RUNC, "--root", root, "create", "-b", idle, "idle")
    # The floor of any wrapper that execs the runtime: one more exec of a static program.
    os.environ["EXEC_FLOOR_TARGET"] = RUNC
    state = hyperfine("state", [f"{RUNC} --root {root} state idle", f"{WRAPPER} --root {root} state idle",
                                f"{EXEC_FLOOR} --root {root} state idle"], runs=40)
    sh(RUNC, "--root", root, "delete", "-f", "idle")
    a = {"runc_ms": state[0], "wrapper_ms": state[1], "ratio": state[1] / state[0],
         "exec_floor_ms": state[2], "exec_floor_ratio": state[2] / state[0], "target": 1.05}
    return "a_passthrough_state", a, [
        ("(a) state: wrapper / runc", f"{a['wrapper_ms']:.2f} / {a['runc_ms']:.2f} ms", f"{a['ratio']:.3f}",
         "<= 1.05"),
        ("(a) state: bare static exec / runc", f"{a['exec_floor_ms']:.2f} / {a['runc_ms']:.2f} ms",
         f"{a['exec_floor_ratio']:.3f}", "(the floor)")]


def lifecycle(runtime, path, cid):
    return (f"sh -c '{runtime} --root {root} create -b {path} {cid} >/dev/null 2>&1 && "
            f"{runtime} --root {root} start {cid} && {runtime} --root {root} delete -f {cid}'")


def bench_b():
    """(b) create+start+delete."""
    plain_b = bundle("life", ["true"], seccomp=containers_common())
    opted_b = bundle("life-opted", ["true"], seccomp=containers_common(),
                     annotations={"seccomp-witness.io/action": "log"})
    os.environ["SECCOMP_WITNESS_CONFIG"] = config_toml  # for hyperfine's shells
    life = hyperfine("lifecycle", [lifecycle(RUNC, plain_b, "l1"), lifecycle(WRAPPER, plain_b, "l2"),
                                   lifecycle(WRAPPER, opted_b, "l3")], runs=20)
    b = {"runc_ms": life[0], "wrapper_not_opted_in_ms": life[1], "wrapper_opted_in_ms": life[2],
         "not_opted_in_ratio": life[1] / life[0], "opted_in_ratio": life[2] / life[0], "target": 1.10}
    return "b_create_start_delete", b, [
        ("(b) create+start+delete, not opted in", f"{b['wrapper_not_opted_in_ms']:.1f} / {b['runc_ms']:.1f} ms",
         f"{b['not_opted_in_ratio']:.3f}", ""),
        ("(b) create+start+delete, opted in", f"{b['wrapper_opted_in_ms']:.1f} / {b['runc_ms']:.1f} ms",
         f"{b['opted_in_ratio']:.3f}", "<= 1.10")]


def bench_c():
    """(c) allowed syscalls under the rewritten profile."""
    loop = ["probe", "--repeat", str(LOOP_CALLS), "getppid"]
    cost = {}
    for mode, annotations in (("original", {}), ("named", {"seccomp-witness.io/action": "log"}),
                              ("full", {"seccomp-witness.io/action": "log", "seccomp-witness.io/coverage": "full"})):
        samples = []
        for attempt in range(5):
            path = bundle(f"allowed-{mode}-{attempt}", loop, seccomp=containers_common(), annotations=annotations)
            runtime = RUNC if mode == "original" else WRAPPER
            samples.append(field(run_container(runtime, path, f"c-{mode}-{attempt}", env=ENV), "ns_per_call"))
        cost[mode] = sorted(samples)[len(samples) // 2]
    c = {"ns_per_call": cost, "named_ratio": cost["named"] / cost["original"],
         "full_ratio": cost["full"] / cost["original"], "target": 1.02}
    return "c_allowed_getppid", c, [
        ("(c) getppid, named coverage", f"{cost['named']} / {cost['original']} ns", f"{c['named_ratio']:.3f}",
         "<= 1.02"),
        ("(c) getppid, full coverage", f"{cost['full']} / {cost['original']} ns", f"{c['full_ratio']:.3f}",
         "<= 1.02")]


DENIED_ROUNDS = int(os.environ.get("DENIED_ROUNDS", "5"))
PIN_CPU = os.environ.get("PIN_CPU", "1")
BASELINE = os.path.realpath(os.environ["BASELINE_BUILD"]) if os.environ.get("BASELINE_BUILD") else None


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def denied_run(variant, mode, tag, extra):
    """One container making DENIED_CALLS denied chroots; the probe's figures."""
    runtime, seccomp, annotations, listener_args, env = variant
    cid = f"d-{tag}"
    path = bundle(cid, ["probe", "--repeat", str(DENIED_CALLS), *extra, "chroot", "s:/tmp"], seccomp=seccomp,
                  annotations=annotations)
    pin = ["taskset", "-c", PIN_CPU] if mode == "pinned" else []
    if pin:
        # The container's cpuset would undo an inherited affinity: pin it there too.
        with open(f"{path}/config.json") as f:
            config = json.load(f)
        config["linux"].setdefault("resources", {})["cpu"] = {"cpus": PIN_CPU}
        with open(f"{path}/config.json", "w") as f:
            json.dump(config, f)
    server = None
    if listener_args is not None:
        socket = seccomp["listenerPath"]
        server = subprocess.Popen([*pin, MIN_LISTENER, *listener_args, socket])
        for _ in range(200):
            if os.path.exists(socket):
                break
            time.sleep(0.01)
    out = sh(*pin, runtime, "--root", root, "run", "-b", path, cid, env=env)
    if server:
        server.wait(timeout=60)
    shutil.rmtree(path, ignore_errors=True)
    return out


def bench_d():
    """(d) denied syscalls: interleaved rounds, each variant once per round in a
    rotating order, pinned to one CPU and unpinned; per container run either the
    throughput (mean ns per call) or single-call latency (p50, p99)."""
    notify = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
              "listenerPath": f"{work}/min.sock", "syscalls": [{"names": ["chroot"], "action": "SCMP_ACT_NOTIFY"}]}
    # A quiet period longer than any run: stop mode pays for its timer, never stops.
    stop = {"seccomp-witness.io/action": "stop", "seccomp-witness.io/stop-after": "600",
            "seccomp-witness.io/stop-within": "600"}
    log = {"seccomp-witness.io/action": "log"}
    variants = {
        "plain_errno": (RUNC, DENY_CHROOT, None, None, ENV),
        "minimal_listener": (RUNC, notify, None, [], ENV),
        "minimal_listener_sync_wake_up": (RUNC, notify, None, ["--sync-wake-up"], ENV),
        "our_monitor_log": (WRAPPER, DENY_CHROOT, log, None, ENV),
        "our_monitor_stop": (WRAPPER, DENY_CHROOT, stop, None, ENV),
    }
    if BASELINE:
        # Another build (an earlier commit), measured in the same rounds.
        baseline_toml = f"{work}/baseline.toml"
        with open(baseline_toml, "w") as f:
            f.write(f'runtime = "{RUNC}"\nstate_dir = "{work}/baseline-state"\n'
                    f'monitor = "{program(BASELINE, "monitor", "seccomp-witness-monitor")}"\n')
        variants["baseline_monitor_log"] = (program(BASELINE, "wrapper", "seccomp-witness"), DENY_CHROOT, log, None,
                                            dict(os.environ, SECCOMP_WITNESS_CONFIG=baseline_toml))
    names = list(variants)
    samples = {mode: {n: {"ns_per_call": [], "p50_ns": [], "p99_ns": []} for n in names}
               for mode in ("pinned", "unpinned")}
    for r in range(DENIED_ROUNDS):
        order = names[r % len(names):] + names[:r % len(names)]
        for mode in ("pinned", "unpinned"):
            for n in order:
                tag = f"{n}-{mode}-{r}"
                s = samples[mode][n]
                out = denied_run(variants[n], mode, f"{tag}-t", [])
                s["ns_per_call"].append(field(out, "ns_per_call"))
                out = denied_run(variants[n], mode, f"{tag}-l", ["--latency"])
                s["p50_ns"].append(field(out, "p50_ns"))
                s["p99_ns"].append(field(out, "p99_ns"))
    d = {"calls_per_container": DENIED_CALLS, "rounds": DENIED_ROUNDS, "pinned_cpu": PIN_CPU, "target": {
        "mean_and_p50_vs_minimal_sync_wake_up": 1.3, "p99_ns": 10000}}
    rows = []
    for mode in ("pinned", "unpinned"):
        figures = {}
        for n in names:
            s = samples[mode][n]
            figures[n] = {key: {"median": median(v), "min": min(v), "max": max(v), "runs": v} for key, v in s.items()}
            figures[n]["calls_per_second"] = round(1e9 / figures[n]["ns_per_call"]["median"])
            f = figures[n]
            rows.append((f"(d) {mode}: {n.replace('_', ' ')}",
                         f"{f['ns_per_call']['median']} ns/call [{f['ns_per_call']['min']}-{f['ns_per_call']['max']}], "
                         f"p50 {f['p50_ns']['median']}, p99 {f['p99_ns']['median']} "
                         f"[{f['p99_ns']['min']}-{f['p99_ns']['max']}]", "", ""))
        floor = figures["minimal_listener_sync_wake_up"]
        for ours in [n for n in names if "monitor" in n]:
            f = figures[ours]
            f["mean_ratio"] = f["ns_per_call"]["median"] / floor["ns_per_call"]["median"]
            f["p50_ratio"] = f["p50_ns"]["median"] / floor["p50_ns"]["median"]
            f["p99_ratio"] = f["p99_ns"]["median"] / floor["p99_ns"]["median"]
            rows.append((f"(d) {mode}: {ours.replace('_', ' ')} / minimal sync", "",
                         f"{f['mean_ratio']:.2f}, p50 {f['p50_ratio']:.2f}, p99 {f['p99_ratio']:.2f}", "<= 1.3"))
            rows.append((f"(d) {mode}: {ours.replace('_', ' ')} p99", f"{f['p99_ns']['median']} ns "
                         f"(minimal sync: {floor['p99_ns']['median']} ns)", "", "<= 10000 ns"))
        d[mode] = figures
    return "d_denied_syscalls", d, rows


def bench_e():
    """(e) monitor memory."""
    watched = bundle("watched", ["sh", "-c", "probe --repeat 1000 chroot s:/tmp; sleep 600"], seccomp=DENY_CHROOT,
                     annotations={"seccomp-witness.io/action": "log"})
    ids = [f"m{i}" for i in range(MONITORS)]
    for cid in ids:
        create(WRAPPER, "--root", root, "create", "-b", watched, cid, env=ENV)
        sh(WRAPPER, "--root", root, "start", cid, env=ENV)
    time.sleep(2)
    # A monitor is two processes: its supervisor (monitor.pid) and its worker (worker.pid).
    pids = [[int(open(f"{work}/state/{cid}/{name}").read()) for name in ("monitor.pid", "worker.pid")] for cid in ids]
    rss = [sum(kib(p, "VmRSS:", "/proc/{pid}/status") for p in pair) for pair in pids]
    pss = [sum(kib(p, "Pss:", "/proc/{pid}/smaps_rollup") for p in pair) for pair in pids]
    for cid in ids:
        sh(RUNC, "--root", root, "delete", "-f", cid, check=False)
    e = {"one": {"rss_kib": rss[0], "pss_kib": pss[0]},
         "many": {"monitors": MONITORS, "rss_kib_total": sum(rss), "pss_kib_total": sum(pss),
                  "pss_kib_per_monitor": sum(pss) / len(pss)},
         "target_pss_kib": 1024}
    return "e_monitor_memory", e, [
        ("(e) one monitor", f"RSS {e['one']['rss_kib']} KiB, PSS {e['one']['pss_kib']} KiB", "", ""),
        (f"(e) {MONITORS} monitors", f"PSS {e['many']['pss_kib_per_monitor']:.0f} KiB each, "
         f"{e['many']['pss_kib_total']} KiB in all", "", "<= 1024 KiB each")]


CONDITIONAL_ROUNDS = int(os.environ.get("CONDITIONAL_ROUNDS", "7"))
CONDITIONAL_LOOPS = {"fork_exit": (["fork-exit"], int(os.environ.get("FORK_CALLS", "3000"))),
                     "thread_join": (["thread-join"], int(os.environ.get("THREAD_CALLS", "5000"))),
                     "personality_query": (["personality", "0xffffffff"], int(os.environ.get("QUERY_CALLS", "100000")))}


def bench_f():
    """(f) syscalls allowed under conditions: each loop in a container of its
    own, plain runc and opted in, in interleaved rounds (the order turns)."""
    docker = containers_common(DOCKER_DEFAULT)
    full = {"seccomp-witness.io/action": "log", "seccomp-witness.io/coverage": "full"}
    variants = {"plain_runc": (RUNC, None), "opted_in": (WRAPPER, full)}
    samples = {loop: {v: [] for v in variants} for loop in CONDITIONAL_LOOPS}
    for r in range(CONDITIONAL_ROUNDS):
        for loop, (call, calls) in CONDITIONAL_LOOPS.items():
            order = list(variants) if r % 2 == 0 else list(reversed(variants))
            for v in order:
                runtime, annotations = variants[v]
                cid = f"f-{loop}-{v}-{r}".replace("_", "-")
                path = bundle(cid, ["probe", "--repeat", str(calls), *call], seccomp=docker, annotations=annotations)
                samples[loop][v].append(field(run_container(runtime, path, cid, env=ENV), "ns_per_call"))
                shutil.rmtree(path, ignore_errors=True)
    f = {"rounds": CONDITIONAL_ROUNDS, "profile": "Docker's default, resolved for runc spec's capabilities",
         "target": {"fork_exit": 1.05}}
    rows = []
    for loop in CONDITIONAL_LOOPS:
        figures = {v: {"median_ns": median(s), "min_ns": min(s), "max_ns": max(s), "runs": s}
                   for v, s in samples[loop].items()}
        ratio = figures["opted_in"]["median_ns"] / figures["plain_runc"]["median_ns"]
        f[loop] = dict(figures, ratio=ratio, calls_per_container=CONDITIONAL_LOOPS[loop][1])
        ours, plain = figures["opted_in"], figures["plain_runc"]
        rows.append((f"(f) {loop.replace('_', ' ')}: opted in / plain runc",
                     f"{ours['median_ns']} [{ours['min_ns']}-{ours['max_ns']}] / "
                     f"{plain['median_ns']} [{plain['min_ns']}-{plain['max_ns']}] ns", f"{ratio:.3f}",
                     "<= 1.05" if loop == "fork_exit" else "(said)"))
    return "f_conditional_syscalls", f, rows


results = {}
rows = []
try:
    for part, bench in (("a", bench_a), ("b", bench_b), ("c", bench_c), ("d", bench_d), ("e", bench_e),
                        ("f", bench_f)):
        if part in PARTS:
            key, figures, part_rows = bench()
            results[key] = figures
            rows += part_rows
finally:
    subprocess.run(["umount", "-l", work], check=False)
    shutil.rmtree(work, ignore_errors=True)

with open(OUT, "w") as f:
    json.dump(results, f, indent=2)
width = max(len(r[0]) for r in rows)
measured = max(len(r[1]) for r in rows)
ratio = max(max(len(r[2]) for r in rows), 5)
print(f"{'benchmark'.ljust(width)}  {'measured'.ljust(measured)}  {'ratio'.ljust(ratio)}  target")
for r in rows:
    print(f"{r[0].ljust(width)}  {r[1].ljust(measured)}  {r[2].ljust(ratio)}  {r[3]}")
print(f"\nJSON: {OUT}")
