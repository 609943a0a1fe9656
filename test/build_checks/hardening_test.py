#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The programs are built as a root daemon on every node should be: position
independent (static-pie where static, so that no address in the monitor is
known beforehand), RELRO with BIND_NOW, a stack that is not executable, and
our own code compiled with the stack protector and _FORTIFY_SOURCE (checked on
common::display_text, which fills a local buffer with snprintf).
usage: hardening_test.py PROGRAM..."""
import re
import subprocess
import sys

problems = []


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def check(program):
    header = run("readelf", "-hW", program)
    if not re.search(r"Type:\s+DYN", header):
        problems.append(f"{program}: not position independent: {re.search(r'Type:.*', header).group(0)}")
    segments = run("readelf", "-lW", program)
    if "GNU_RELRO" not in segments:
        problems.append(f"{program}: no RELRO segment")
    stack = re.search(r"GNU_STACK\s+(\S+\s+){5}(\S+)", segments)
    if stack is None or "E" in stack.group(2):
        problems.append(f"{program}: executable stack")
    dynamic = run("readelf", "-dW", program)
    if "BIND_NOW" not in dynamic and not re.search(r"FLAGS_1\).*\bNOW\b", dynamic):
        problems.append(f"{program}: relocations not resolved at start (no BIND_NOW)")
    symbols = [line.split() for line in run("nm", program).splitlines()]
    ours = [s[-1] for s in symbols if len(s) >= 2 and s[-2] in ("T", "t") and "12display_text" in s[-1]
            and "cold" not in s[-1]]
    if not ours:
        problems.append(f"{program}: common::display_text not found to check")
        return
    code = run("objdump", "-d", "--no-show-raw-insn", f"--disassemble={ours[0]}", program)
    for needed, why in (("__stack_chk_fail", "the stack protector"), ("__snprintf_chk", "_FORTIFY_SOURCE")):
        if needed not in code:
            problems.append(f"{program}: our code is built without {why} (no call of {needed})")


for program in sys.argv[1:]:
    check(program)
for problem in problems:
    print(problem)
print(f"{len(sys.argv) - 1} program(s) checked, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
