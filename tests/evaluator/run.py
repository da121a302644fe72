"""The evaluator's entry point: compares its matrices with `vpcec reach`.

    python tests/evaluator/run.py --vpcec BIN [--generated N] [--seed S] [--questions]

Without --questions it builds every example, every fixture that builds
(tests/fixtures/**, tests/ui/W*.vpce) and N generated programs (seed S, or a
fresh one), evaluates each on the CloudFormation and the Terraform output,
and prints every row where the evaluator, the other target, or `vpcec reach`
disagree. With --questions it answers the named questions instead. Exit
status: 0 when everything agrees, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import os
import random
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import build  # noqa: E402
import compare  # noqa: E402
import generator  # noqa: E402

SHOWN_GENERATED = 3  # failing generated programs printed in full
SHOWN_PROGRAMS = 40  # failing programs whose disagreements are printed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vpcec", required=True)
    parser.add_argument("--generated", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--questions", action="store_true")
    parser.add_argument("--only", action="append", default=[], help="only these files")
    args = parser.parse_args()
    if args.questions:
        import questions

        return questions.main(args.vpcec)
    seed = args.seed if args.seed is not None else int(os.environ.get("VPCEC_EVAL_SEED", time.time_ns() % 10**9))
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="vpcec-evaluator-") as work:
        chosen = [(label, path) for label, path in build.files() if not args.only or label in args.only]
        jobs = [(label, path, os.path.join(work, f"f{index}")) for index, (label, path) in enumerate(chosen)]
        rng = random.Random(seed)
        for index in range(args.generated):
            directory = os.path.join(work, f"g{index}")
            os.makedirs(directory)
            path = os.path.join(directory, f"generated-{index}.vpce")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(generator.program(rng))
            jobs.append((f"generated #{index} (seed {seed})", path, directory))
        # vpcec runs in two threads (the CI machine has two cores); the order of results is the jobs' order.
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            programs = list(pool.map(lambda job: build.build(args.vpcec, *job), jobs))
        terraform = build.TerraformParse(programs)
        failures: list[tuple[build.Built, list[str]]] = []
        skipped = []
        for program in programs:
            if program.status != 0:
                if program.label.startswith("generated"):
                    codes = sorted(set(re.findall(r"^\s*(E\d{3})\s*$", program.stderr, re.M)))
                    failures.append((program, [f"vpcec rejects a program the generator thinks valid ({', '.join(codes)}):\n"
                                               + "\n".join(program.stderr.splitlines()[:40])]))
                else:
                    skipped.append(program.label)
                continue
        terraform.finish()
        for program in programs:
            if program.status == 0:
                found = compare.differences(program)
                if found:
                    failures.append((program, found))
        report(programs, failures, skipped, seed, time.time() - started)
    return 1 if failures else 0


def report(programs, failures, skipped, seed: int, seconds: float) -> None:
    built = [p for p in programs if p.status == 0]
    generated = [p for p in built if p.label.startswith("generated")]
    print(f"evaluator: {len(built)} programs built ({len(generated)} generated, seed {seed}), "
          f"{sum(len(p.reach or []) for p in built)} rows, {seconds:.1f} s")
    if skipped:
        print(f"not built (errors expected): {', '.join(skipped)}")
    shown = 0
    for number, (program, found) in enumerate(failures):
        if number >= SHOWN_PROGRAMS:
            print(f"== {program.label}: {len(found)} disagreements (not shown)")
            continue
        print(f"\n== {program.label}: {len(found)} disagreements")
        for line in found:
            print(f"  {line}")
        if program.label.startswith("generated") and shown < SHOWN_GENERATED:
            shown += 1
            print("  -- program:")
            print("".join(f"  | {line}\n" for line in program.source.splitlines()), end="")
    if failures:
        tally = collections.Counter(kind(line) for _, found in failures for line in found)
        print("\ndisagreements by kind:")
        for what, count in tally.most_common():
            print(f"  {count:6}  {what}")
        count = sum(1 for p, _ in failures if p.label.startswith("generated"))
        print(f"\n{len(failures)} programs disagree ({count} generated); reproduce with "
              f"VPCEC_EVAL_SEED={seed} (or --seed {seed})")


def kind(line: str) -> str:
    """A disagreement without its names: `evaluator no via interface / reach yes via internet`."""
    if line.startswith("vpcec rejects"):
        return line.split("\n")[0]
    match = re.search(r"evaluator \(([a-z+]+)\) (\w+ via \S+) \(.*\); reach (\w+ via \S+) \(", line)
    if match:
        return f"rows: evaluator ({match.group(1)}) {match.group(2)} / reach {match.group(3)}"
    if " / reach " in line:
        return "rows: cfn and tf differ"
    return re.sub(r"`[^`]*`|\S*\{\{[^}]*\}\}\S*|\b[\w.-]*\d[\w.-]*\b", "_", line.split("\n")[0])[:120]


if __name__ == "__main__":
    sys.exit(main())
