"""Evaluates one built program on both targets and lists every disagreement."""

from __future__ import annotations

import traceback

import cfn
import checks
import program as programs
import tf
from build import Built
from evaluate import Evaluator, Row
from world import EvaluatorError


def fmt(reachable, via) -> str:
    return f"{'yes' if reachable else 'no'} via {via or '-'}"


def evaluators(built: Built) -> tuple[dict, list[str]]:
    """{"cfn": Evaluator, "tf": Evaluator} of a built program, and the problems found on the way."""
    found: list[str] = []
    result: dict[str, Evaluator] = {}
    try:
        program = programs.parse(built.source)
    except programs.ProgramError as error:
        return result, [f"the evaluator cannot read the program: {error}"]
    for target in ("cfn", "tf"):
        try:
            if target == "cfn":
                world = cfn.load(built.cfn_files)
            else:
                if len(built.tf_bodies) != 1:
                    raise EvaluatorError(f"expected one Terraform file, got {len(built.tf_bodies)}")
                world = tf.load(built.tf_bodies[0])
            result[target] = Evaluator(program, world)
            found.extend(f"{target} deploy: {p}" for p in checks.problems(result[target]))
        except EvaluatorError as error:
            found.append(f"{target}: the evaluator stops: {error}")
        except Exception:  # a bug in the evaluator: show where
            found.append(f"{target}: evaluator crash:\n{traceback.format_exc()}")
    return result, found


def matrices(built: Built) -> tuple[dict, list[str]]:
    """{"cfn": rows, "tf": rows} and the problems found on the way."""
    found_evaluators, found = evaluators(built)
    result: dict[str, list[Row]] = {}
    for target, evaluator in found_evaluators.items():
        try:
            result[target] = evaluator.matrix()
        except EvaluatorError as error:
            found.append(f"{target}: the evaluator stops: {error}")
        except Exception:  # a bug in the evaluator: show where
            found.append(f"{target}: evaluator crash:\n{traceback.format_exc()}")
    return result, found


def differences(built: Built) -> list[str]:
    """Every row where the CFN matrix, the TF matrix and `vpcec reach` disagree."""
    rows, found = matrices(built)
    reach = built.reach or []
    for target, evaluated in sorted(rows.items()):
        if len(evaluated) != len(reach):
            found.append(f"{target}: {len(evaluated)} rows, reach has {len(reach)}")
    cfn_rows, tf_rows = rows.get("cfn"), rows.get("tf")
    for index, theirs in enumerate(reach):
        mine = {t: r[index] for t, r in (("cfn", cfn_rows), ("tf", tf_rows)) if r is not None and index < len(r)}
        for target, row in mine.items():
            if (row.subnet, row.target) != (theirs["subnet"], theirs["target"]):
                found.append(
                    f"{target}: row {index} is {row.subnet} -> {row.target}, "
                    f"reach has {theirs['subnet']} -> {theirs['target']}"
                )
                return found
        said = fmt(theirs["reachable"], theirs["via"])
        line = f"{theirs['subnet']} -> {theirs['target']}: "
        if len(mine) == 2 and mine["cfn"].key() != mine["tf"].key():
            found.append(
                line + " / ".join(f"{t} {fmt(r.reachable, r.via)} ({r.why})" for t, r in mine.items())
                + f" / reach {said} ({theirs['reason']})"
            )
            continue
        row = next(iter(mine.values()), None)
        if row is not None and (row.reachable, row.via) != (theirs["reachable"], theirs["via"]):
            found.append(
                line + f"evaluator ({'+'.join(mine)}) {fmt(row.reachable, row.via)} ({row.why}); "
                f"reach {said} ({theirs['reason']})"
            )
    return found
