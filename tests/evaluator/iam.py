"""IAM policy evaluation, as the IAM User Guide documents it.

- A request is allowed by a policy layer that needs an allow (an endpoint
  policy) when a statement allows it and none denies it; a layer that only
  restricts (a same-account resource policy, the principal's identity policy
  being taken to allow) stops the request when a statement denies it. An
  explicit deny always wins.
- A statement applies when its principal, action, resource and every
  condition match. Within a condition, operators and keys are ANDed; the
  values of one key are ORed (a negated operator: the value matches none).
- A key missing from the request: the condition is false, except for negated
  operators (`StringNotEquals`, `ArnNotLike`, ...), which are true, and for
  `...IfExists`, which is true. `Null` tests presence.

Condition keys the evaluator does not put in its requests raise
EvaluatorError instead of being treated as missing, so that a policy using
them is noticed rather than misjudged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from world import EvaluatorError

MODELLED_KEYS = {
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:securetransport",
    "aws:principalisawsservice",
    "aws:viaawsservice",
    "aws:calledvia",
}

NEGATED = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike"}
OPERATORS = NEGATED | {
    "StringEquals",
    "StringEqualsIgnoreCase",
    "StringLike",
    "ArnEquals",
    "ArnLike",
    "Bool",
    "Null",
}


@dataclass
class Request:
    """One API request: who, what, on what, and its condition keys (lowercase names)."""

    principal: str
    action: str
    resource: str
    context: dict = field(default_factory=dict)

    def describe(self) -> str:
        keys = ", ".join(f"{k}={v}" for k, v in sorted(self.context.items()))
        return f"{self.principal} {self.action} on {self.resource} [{keys}]"


def glob(pattern: str, text: str, ignore_case: bool = False) -> bool:
    """IAM wildcards: `*` any run of characters, `?` one character."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.fullmatch(regex, text, flags) is not None


def arn_like(pattern: str, arn: str) -> bool:
    """ArnLike / ArnEquals: each of the six colon-separated parts matched on its own."""
    wanted = pattern.split(":", 5)
    given = arn.split(":", 5)
    if len(wanted) != 6 or len(given) != 6:
        return False
    return all(glob(w, g) for w, g in zip(wanted, given))


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def principal_account(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 4 else ""


def principal_matches(principal, request: Request) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        raise EvaluatorError(f"principal {principal!r} is not modelled")
    for kind, values in principal.items():
        if kind != "AWS":
            continue
        for value in as_list(values):
            if value == "*" or value == request.principal:
                return True
            account = value if re.fullmatch(r"[0-9]{12}", value) else None
            if value.endswith(":root"):
                account = principal_account(value)
            if account is not None and account == principal_account(request.principal):
                return True
    return False


def value_matches(operator: str, wanted: str, given: str) -> bool:
    base = operator.replace("Not", "", 1) if operator in NEGATED else operator
    if base == "StringEquals":
        return wanted == given
    if base == "StringEqualsIgnoreCase":
        return wanted.lower() == given.lower()
    if base == "StringLike":
        return glob(wanted, given)
    if base in ("ArnEquals", "ArnLike"):
        return arn_like(wanted, given)
    if base == "Bool":
        return str(wanted).lower() == str(given).lower()
    raise EvaluatorError(f"operator {operator} is not modelled")


def substitute(value: str) -> str:
    """Policy variables in a condition value (IAM User Guide, "Policy variables").

    `${$}` is a literal `$`. Any other `${...}` is a variable; one that cannot be
    resolved may make AWS treat the whole statement as invalid, so it is
    reported instead of guessed.
    """
    if "${" not in value:
        return value
    rest = value.replace("${$}", "\0")
    if "${" in rest:
        raise EvaluatorError(f"`{value}` holds a policy variable that cannot be resolved; write `$` as `${{$}}`")
    return rest.replace("\0", "$")


def condition_holds(operator_name: str, key: str, wanted, request: Request) -> bool:
    if key.lower() not in MODELLED_KEYS:
        raise EvaluatorError(f"condition key {key} is not modelled")
    qualifier = None
    if ":" in operator_name and operator_name.split(":", 1)[0] in ("ForAnyValue", "ForAllValues"):
        qualifier, operator_name = operator_name.split(":", 1)
    if_exists = operator_name.endswith("IfExists")
    operator = operator_name[: -len("IfExists")] if if_exists else operator_name
    if operator not in OPERATORS:
        raise EvaluatorError(f"operator {operator_name} is not modelled")
    wanted = [substitute(str(w).lower() if isinstance(w, bool) else str(w)) for w in as_list(wanted)]
    present = key.lower() in request.context
    if operator == "Null":
        return any((w.lower() == "true") != present for w in wanted)
    if not present:
        if if_exists:
            return True
        if qualifier == "ForAllValues":
            return True
        return operator in NEGATED
    given = as_list(request.context[key.lower()])
    if qualifier == "ForAllValues":
        return all(_one(operator, wanted, g) for g in given)
    return any(_one(operator, wanted, g) for g in given) if qualifier else _one(operator, wanted, given[0])


def _one(operator: str, wanted: list[str], given: str) -> bool:
    hit = any(value_matches(operator, w, str(given)) for w in wanted)
    return not hit if operator in NEGATED else hit


def statement_applies(statement: dict, request: Request) -> bool:
    if "NotPrincipal" in statement:
        raise EvaluatorError("NotPrincipal is not modelled")
    if "Principal" in statement and not principal_matches(statement["Principal"], request):
        return False
    if "Action" in statement:
        if not any(glob(a, request.action, ignore_case=True) for a in as_list(statement["Action"])):
            return False
    elif "NotAction" in statement:
        if any(glob(a, request.action, ignore_case=True) for a in as_list(statement["NotAction"])):
            return False
    else:
        raise EvaluatorError("a statement without Action")
    if "Resource" in statement:
        if not any(glob(r, request.resource) for r in as_list(statement["Resource"])):
            return False
    elif "NotResource" in statement:
        if any(glob(r, request.resource) for r in as_list(statement["NotResource"])):
            return False
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, wanted in keys.items():
            if not condition_holds(operator, key, wanted, request):
                return False
    return True


@dataclass
class Verdict:
    allowed: bool  # an Allow statement applies
    denied: bool  # a Deny statement applies
    by: list[str]  # Sids (or positions) of the deciding statements


def judge(policy: dict, request: Request) -> Verdict:
    allowed, denied, by = False, False, []
    for index, statement in enumerate(as_list(policy.get("Statement"))):
        if not statement_applies(statement, request):
            continue
        name = statement.get("Sid", f"#{index}")
        if statement.get("Effect") == "Deny":
            denied = True
            by.append(f"Deny {name}")
        elif statement.get("Effect") == "Allow":
            allowed = True
            by.append(f"Allow {name}")
        else:
            raise EvaluatorError(f"statement {name} has no Effect")
    return Verdict(allowed, denied, by)


def endpoint_allows(policy: dict | None, request: Request) -> tuple[bool, str]:
    """An endpoint policy (None: AWS's default full-access policy)."""
    if policy is None:
        return True, "default endpoint policy"
    verdict = judge(policy, request)
    if verdict.denied:
        return False, f"endpoint policy denies ({', '.join(verdict.by)})"
    if not verdict.allowed:
        return False, "endpoint policy allows nothing that matches"
    return True, "endpoint policy allows"


# The bucket owner's root user can manage a bucket policy, and the account's
# root user can delete a table's resource policy, whatever the policy denies
# (S3 DeleteBucketPolicy and DynamoDB DeleteResourcePolicy API references).
ROOT_EXEMPT = {"s3:getbucketpolicy", "s3:putbucketpolicy", "s3:deletebucketpolicy", "dynamodb:deleteresourcepolicy"}


def resource_allows(policy: dict | None, request: Request) -> tuple[bool, str]:
    """A same-account resource policy: only an explicit deny stops the request."""
    if policy is None:
        return True, "no resource policy"
    if request.principal.endswith(":root") and request.action.lower() in ROOT_EXEMPT:
        return True, "the root user may always manage the resource policy"
    verdict = judge(policy, request)
    if verdict.denied:
        return False, f"resource policy denies ({', '.join(verdict.by)})"
    return True, "resource policy does not deny"
