"""Named questions the evaluator answers about the generated templates.

Each question is asked of the CloudFormation and the Terraform output of
every example, every fixture that builds, and the programs below, and lists
every (program, target, resource, principal, action) that answers it wrongly:

1. The admin keeps management access: every `allow admin` principal, from
   outside any endpoint over TLS, can manage and read each guarded bucket and
   table (PutBucketPolicy, DeleteBucketPolicy, DeleteBucket, GetObject;
   PutResourcePolicy, DeleteResourcePolicy, DeleteTable, GetItem).
2. The deployer keeps management access: an ordinary IAM role (not an
   admin) from outside any endpoint over TLS can update and delete the
   policies and the resources (s3:PutBucketPolicy, s3:DeleteBucketPolicy,
   s3:DeleteBucket; dynamodb:PutResourcePolicy, dynamodb:DeleteResourcePolicy,
   dynamodb:DeleteTable), as CloudFormation and Terraform need to.
3. A principal outside the endpoints cannot read the data: the ordinary
   workload reading a guarded bucket's objects or a guarded table's items or
   index (s3:GetObject, dynamodb:GetItem, dynamodb:Query on
   `table/NAME/index/...`) is denied from outside any endpoint, through an
   endpoint the policy does not admit, and without TLS.
4. A subnet left out of an intent with private DNS on gets the endpoint:
   every subnet of a VPC with a private-DNS interface endpoint is admitted by
   the endpoint's security group on the service's ports.
5. `allow aws-buckets` lets the AWS-owned objects through: in the `aws`
   partition, every S3 endpoint with a policy lets the ordinary workload
   `s3:GetObject` one documented object of each named set in the endpoint's
   S3 region, and does not let it `s3:PutObject` there.
"""

from __future__ import annotations

import os
import tempfile

import build
import compare
import iam
import selftest
import workload
from evaluate import PORTS, Evaluator
from world import EvaluatorError, partition, split_service_name

PROGRAMS = {
    "left-out-subnets": """
region eu-west-1;
vpc app cidr 10.0.0.0/16;
subnet private-a cidr 10.0.1.0/24 az eu-west-1a;
subnet private-b cidr 10.0.2.0/24 az eu-west-1b;
subnet public-a cidr 10.0.0.0/24 az eu-west-1a public;
subnet private-a reaches kms, ssm, email-smtp via interface;
""",
    "guarded-bucket-and-table": """
region us-east-1;
vpc app cidr 10.1.0.0/16;
subnet a cidr 10.1.1.0/24 az us-east-1a;
subnet b cidr 10.1.2.0/24 az us-east-1b;
bucket evaluator-guarded-bucket;
table evaluator-guarded-table key id;
subnet a reaches bucket evaluator-guarded-bucket, table evaluator-guarded-table via gateway allow read;
subnet b reaches bucket evaluator-guarded-bucket via interface private-dns off;
deny public;
allow admin arn:aws:iam::111122223333:role/Admin, arn:aws:iam::111122223333:role/ops-*;
""",
}

ADMIN_ACTIONS = {
    "bucket": ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket", "s3:GetObject"],
    "table": ["dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy", "dynamodb:DeleteTable", "dynamodb:GetItem"],
}
DEPLOYER_ACTIONS = {
    "bucket": ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket"],
    "table": ["dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy", "dynamodb:DeleteTable"],
}
# One documented bucket of each set of `allow aws-buckets`, by the user guide
# that names it for VPC endpoint policies (README, Sources).
AWS_BUCKET_SAMPLES = {
    "ssm": "aws-ssm-{region}",  # Systems Manager: SSM Agent and documents
    "amazon-linux-2": "amazonlinux-2-repos-{region}",  # Amazon Linux 2 package repositories
    "ecr": "prod-{region}-starport-layer-bucket",  # Amazon ECR image layers
}
SHOWN = 40  # wrong answers printed per question
OUTSIDE_ENDPOINT = "vpce-0e0a1b2c3d4e5f607"


def guarded(evaluator: Evaluator):
    """(kind, name, region, policy) of every bucket and table with a resource policy."""
    world = evaluator.world
    for store in evaluator.program.stores.values():
        if store.kind == "bucket":
            policy = world.bucket_policies.get(store.name)
        else:
            policy = world.table_policies.get((store.region, store.name))
        if policy is not None:
            yield store.kind, store.name, store.region, policy


def arn_for(kind: str, name: str, region: str, action: str) -> str:
    if kind == "bucket":
        return workload.s3_resource(name, action, region)
    return workload.table_arn(name, region)


def ask(principal: str, action: str, resource: str, policy: dict, endpoint: str | None, tls: bool = True):
    request = iam.Request(principal, action, resource, workload.context(principal, endpoint, None, tls))
    return iam.resource_allows(policy, request)


def admin_keeps_access(evaluator: Evaluator) -> list[str]:
    wrong = []
    for kind, name, region, policy in guarded(evaluator):
        for admin in evaluator.program.admins:
            principal = admin.replace("*", "evaluator").replace("?", "x")
            for action in ADMIN_ACTIONS[kind]:
                ok, why = ask(principal, action, arn_for(kind, name, region, action), policy, None)
                if not ok:
                    wrong.append(f"{kind} {name}: admin {principal} cannot {action} ({why})")
    return wrong


def deployer_keeps_access(evaluator: Evaluator) -> list[str]:
    wrong = []
    for kind, name, region, policy in guarded(evaluator):
        principal = workload.deployer(region)
        for action in DEPLOYER_ACTIONS[kind]:
            ok, why = ask(principal, action, arn_for(kind, name, region, action), policy, None)
            if not ok:
                wrong.append(f"{kind} {name}: the deployer cannot {action} ({why})")
    return wrong


def outsiders_cannot_read(evaluator: Evaluator) -> list[str]:
    wrong = []
    for kind, name, region, policy in guarded(evaluator):
        principal = workload.workload(region)
        if kind == "bucket":
            reads = [("s3:GetObject", arn_for(kind, name, region, "s3:GetObject"))]
        else:
            table = workload.table_arn(name, region)
            reads = [("dynamodb:GetItem", table), ("dynamodb:Query", f"{table}/index/evaluator-index")]
        admitted = [e.key for e in evaluator.world.endpoints.values()]
        for action, resource in reads:
            for endpoint, tls, where in [
                (None, True, "from outside any endpoint"),
                (OUTSIDE_ENDPOINT, True, "through an endpoint of another VPC"),
                (admitted[0] if admitted else None, False, "without TLS"),
            ]:
                ok, _ = ask(principal, action, resource, policy, endpoint, tls)
                if ok:
                    wrong.append(f"{kind} {name}: {action} on {resource} {where} is not denied")
    return wrong


def left_out_subnets_get_the_endpoint(evaluator: Evaluator) -> list[str]:
    wrong = []
    for endpoint in evaluator.world.endpoints.values():
        split = split_service_name(endpoint.service_name)
        if split is None or not evaluator.answers_dns(endpoint, split[0]):
            continue
        ports = PORTS.get(split[0], [443])
        for place in evaluator.places.values():
            if place.vpc != endpoint.vpc:
                continue
            admitted, why = evaluator.admits(endpoint, place, ports)
            if not admitted:
                wrong.append(f"subnet {place.name} resolves {split[0]} to {endpoint.name}, but {why}")
    return wrong


def aws_buckets_get_through(evaluator: Evaluator) -> list[str]:
    wrong = []
    sets = evaluator.program.aws_buckets
    for endpoint in evaluator.world.endpoints.values():
        split = split_service_name(endpoint.service_name)
        if not sets or endpoint.policy is None or split is None or split[0] != "s3":
            continue
        region = split[1]
        if partition(region) != "aws":
            continue
        principal = workload.workload(region)
        for name in sets:
            if name not in AWS_BUCKET_SAMPLES:
                wrong.append(f"the evaluator knows no bucket of the set `{name}`")
                continue
            resource = f"arn:aws:s3:::{AWS_BUCKET_SAMPLES[name].format(region=region)}/evaluator-object"
            for action, wanted in [("s3:GetObject", True), ("s3:PutObject", False)]:
                context = workload.context(principal, endpoint.key, endpoint.vpc)
                ok, why = iam.endpoint_allows(endpoint.policy, iam.Request(principal, action, resource, context))
                if ok != wanted:
                    wrong.append(f"{endpoint.name or endpoint.key}: {action} on {resource}: {why}")
    return wrong


QUESTIONS = [
    ("the admin keeps management access", admin_keeps_access),
    ("the deployer keeps management access", deployer_keeps_access),
    ("a principal outside the endpoints cannot read the data", outsiders_cannot_read),
    ("a subnet left out of an intent with private DNS on gets the endpoint", left_out_subnets_get_the_endpoint),
    ("allow aws-buckets lets the AWS-owned objects through", aws_buckets_get_through),
]


def main(binary: str) -> int:
    failed = selftest.run()
    with tempfile.TemporaryDirectory(prefix="vpcec-questions-") as work:
        sources = list(build.files())
        for name, text in PROGRAMS.items():
            path = os.path.join(work, f"{name}.vpce")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text.lstrip())
            sources.append((f"question program {name}", path))
        built = [build.build(binary, label, path, os.path.join(work, f"q{i}")) for i, (label, path) in enumerate(sources)]
        built = [b for b in built if b.status == 0]
        terraform = build.TerraformParse(built)
        terraform.finish()
        answers: dict[str, list[str]] = {title: [] for title, _ in QUESTIONS}
        asked = 0
        for program in built:
            found, problems = compare.evaluators(program)
            for problem in problems:
                print(f"note: {program.label}: {problem}")
            for target, evaluator in sorted(found.items()):
                asked += 1
                for title, question in QUESTIONS:
                    try:
                        wrong = question(evaluator)
                    except EvaluatorError as error:
                        wrong = [f"the evaluator stops: {error}"]
                    answers[title].extend(f"{program.label} ({target}): {line}" for line in wrong)
    print(f"questions asked of {asked} outputs ({len(built)} programs, both targets)")
    for title, wrong in answers.items():
        print(f"{'FAIL' if wrong else 'ok'}: {title}")
        for line in wrong[:SHOWN]:
            print(f"  {line}")
        if len(wrong) > SHOWN:
            print(f"  ... and {len(wrong) - SHOWN} more")
        failed |= bool(wrong)
    return 1 if failed else 0
