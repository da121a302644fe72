"""Runs vpcec on programs and reads what it writes: templates, Terraform, reach.

All programs of a run are built first (three vpcec calls each), then every
Terraform file is parsed by one HashiCorp-parser process, started in the
background while the CloudFormation templates are decoded.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
from dataclasses import dataclass, field

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HCL2JSON = os.path.join(ROOT, "tests", "support", "hcl2json.mjs")


def files() -> list[tuple[str, str]]:
    """(label, path) of the examples and fixtures, sorted."""
    root = ROOT
    paths = sorted(glob.glob(os.path.join(root, "examples", "*.vpce")))
    paths += sorted(glob.glob(os.path.join(root, "tests", "fixtures", "**", "*.vpce"), recursive=True))
    paths += sorted(glob.glob(os.path.join(root, "tests", "ui", "W*.vpce")))
    return [(os.path.relpath(p, root), p) for p in paths]


@dataclass
class Built:
    label: str
    source: str  # the program text
    path: str  # the .vpce file vpcec read
    status: int = 0
    stderr: str = ""
    cfn_files: list[str] = field(default_factory=list)
    tf_files: list[str] = field(default_factory=list)
    reach: list[dict] | None = None
    tf_bodies: list[dict] = field(default_factory=list)


def vpcec(binary: str, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *args], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


def build(binary: str, label: str, path: str, workdir: str) -> Built:
    """Builds one program for both targets and asks `reach` for its JSON matrix."""
    with open(path, encoding="utf-8") as handle:
        built = Built(label, handle.read(), path)
    cfn_dir = os.path.join(workdir, "cfn")
    tf_dir = os.path.join(workdir, "tf")
    steps = [
        ["build", path, "--target", "cfn", "-o", cfn_dir],
        ["build", path, "--target", "tf", "-o", tf_dir],
        ["reach", path, "--format", "json"],
    ]
    for args in steps:
        done = vpcec(binary, args)
        if done.returncode != 0:
            built.status = done.returncode
            built.stderr = done.stderr.strip()
            return built
        if args[0] == "reach":
            built.reach = json.loads(done.stdout)
    built.cfn_files = sorted(glob.glob(os.path.join(cfn_dir, "*.yaml")) + glob.glob(os.path.join(cfn_dir, "*.json")))
    built.tf_files = sorted(glob.glob(os.path.join(tf_dir, "*.tf")))
    return built


class TerraformParse:
    """One background `node hcl2json.mjs` over every Terraform file of the run."""

    def __init__(self, programs: list[Built]):
        self.programs = [p for p in programs if p.tf_files]
        files = [f for p in self.programs for f in p.tf_files]
        self.process = None
        if files:
            self.process = subprocess.Popen(
                ["node", HCL2JSON, *files], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )

    def finish(self) -> None:
        if self.process is None:
            return
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            raise RuntimeError(f"hcl2json failed: {stderr}")
        bodies = json.loads(stdout)
        for program in self.programs:
            program.tf_bodies, bodies = bodies[: len(program.tf_files)], bodies[len(program.tf_files) :]
