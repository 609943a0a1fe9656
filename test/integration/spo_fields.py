#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Checks a SeccompProfile resource (security-profiles-operator.x-k8s.io/v1beta1)
field by field, as far as that can be done offline: every field is one the
resource has, of the type it has, and every action, architecture and comparison
is one seccomp knows. Exit 0 when it holds, else 1 naming each problem.
usage: spo_fields.py FILE.yaml"""
import sys

import yaml

ACTIONS = {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
           "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP", "SCMP_ACT_NOTIFY"}
OPS = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
       "SCMP_CMP_MASKED_EQ"}
# The fields of the resource's spec, of a syscall rule and of an argument, with their types.
SPEC = {"defaultAction": str, "architectures": list, "flags": list, "listenerPath": str, "listenerMetadata": str,
        "syscalls": list, "baseProfileName": str, "disabled": bool}
RULE = {"action": str, "names": list, "args": list, "errnoRet": int}
ARG = {"index": int, "value": int, "valueTwo": int, "op": str}

problems = []


def fields(where, obj, allowed, required):
    if not isinstance(obj, dict):
        problems.append(f"{where}: not a mapping")
        return False
    for key, value in obj.items():
        if key not in allowed:
            problems.append(f"{where}.{key}: no such field")
        elif not isinstance(value, allowed[key]) or (allowed[key] is int and isinstance(value, bool)):
            problems.append(f"{where}.{key}: not a {allowed[key].__name__}")
    for key in required:
        if key not in obj:
            problems.append(f"{where}.{key}: missing")
    return True


with open(sys.argv[1]) as f:
    doc = yaml.safe_load(f)
fields("", doc, {"apiVersion": str, "kind": str, "metadata": dict, "spec": dict}, ["apiVersion", "kind", "metadata"])
if doc.get("apiVersion") != "security-profiles-operator.x-k8s.io/v1beta1":
    problems.append(f"apiVersion: {doc.get('apiVersion')!r}")
if doc.get("kind") != "SeccompProfile":
    problems.append(f"kind: {doc.get('kind')!r}")
meta = doc.get("metadata", {})
fields("metadata", meta, {"name": str, "namespace": str, "annotations": dict, "labels": dict}, ["name"])
spec = doc.get("spec", {})
if fields("spec", spec, SPEC, ["defaultAction"]):
    if spec.get("defaultAction") not in ACTIONS:
        problems.append(f"spec.defaultAction: {spec.get('defaultAction')!r}")
    for arch in spec.get("architectures", []):
        if not isinstance(arch, str) or not arch.startswith("SCMP_ARCH_"):
            problems.append(f"spec.architectures: {arch!r}")
    for i, rule in enumerate(spec.get("syscalls", [])):
        where = f"spec.syscalls[{i}]"
        if not fields(where, rule, RULE, ["action", "names"]):
            continue
        if rule.get("action") not in ACTIONS:
            problems.append(f"{where}.action: {rule.get('action')!r}")
        if not rule.get("names") or not all(isinstance(n, str) and n for n in rule["names"]):
            problems.append(f"{where}.names: empty, or not names")
        for j, arg in enumerate(rule.get("args", [])):
            if fields(f"{where}.args[{j}]", arg, ARG, ["index", "op"]):
                if arg.get("op") not in OPS:
                    problems.append(f"{where}.args[{j}].op: {arg.get('op')!r}")
                if not 0 <= arg.get("index", -1) <= 5:
                    problems.append(f"{where}.args[{j}].index: {arg.get('index')!r}")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
