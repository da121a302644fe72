"""Deploys vpcec's CloudFormation templates on moto's mock cloud, in order.

Usage: deploy.py DIR [DIR ...]

Each DIR holds the templates of one program, as `vpcec build FILE --target
cfn -o DIR` wrote them, and `order.txt`, that build's standard error, whose
numbered lines give the deployment order. The templates are created as
stacks in that order, in their regions, inside one mock account per program
(moto's in-process `mock_aws`). Every parameter is filled from the output
that its description names (`... from template FILE (output NAME)`), which
must belong to a stack created earlier. Every stack must reach
CREATE_COMPLETE. Exit status 0 when all do; 1 with a report otherwise.

What this proves: the templates' references resolve (Ref, Fn::GetAtt,
parameters fed from earlier stacks' outputs), the printed order is one that
works, and the EC2 calls behind them succeed on moto (for one, a second
route to the same destination in a route table fails with
RouteAlreadyExists). What it does not: moto skips some resource types
entirely and accepts any policy document without evaluating it; the test
that runs this script (tests/it/cfn_lint.rs) lists them. Meaning is the
evaluator's job, not this smoke test's.

Existing VPCs, subnets and route tables, which the templates name by id, are
the user's, made before the build: the script creates stand-ins on moto
first and substitutes their ids for the literal ones, since moto chooses its
own ids. (Existing buckets need none: moto skips bucket policies.)
"""

import json
import re
import sys
import warnings
from pathlib import Path

import boto3
import yaml
from moto import mock_aws

STEP = re.compile(r"^\s+\d+\. (?P<path>\S+)")
NAME = re.compile(r"\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)(?P<late>\.late)?\.(?:yaml|json)$")
SOURCE = re.compile(r" from template (?P<file>\S+) \(output (?P<output>[A-Za-z0-9]+)\)")
EXISTING = re.compile(r"\b(?:vpc|subnet|rtb)-[0-9a-f]{8,17}\b")


class CfnLoader(yaml.SafeLoader):
    """YAML 1.1 as CloudFormation reads it; vpcec writes no short-form tags."""


def load(path):
    text = path.read_text()
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=CfnLoader)


def order_of(directory):
    """The templates in the printed order, or the only template when one."""
    printed = (directory / "order.txt").read_text().splitlines()
    steps = [Path(m.group("path")).name for m in map(STEP.match, printed) if m]
    templates = sorted(p.name for p in directory.iterdir() if NAME.search(p.name))
    if not steps:
        if len(templates) != 1:
            raise SystemExit(f"{directory}: {len(templates)} templates and no order printed")
        return templates
    if sorted(steps) != templates:
        raise SystemExit(f"{directory}: the order lists {steps}, the folder holds {templates}")
    return steps


def region_of(name):
    match = NAME.search(name)
    return match.group("region"), bool(match.group("late"))


def existing_ids(template):
    """Literal ids of existing VPCs, subnets and route tables, by kind."""
    found = set(EXISTING.findall(json.dumps(template["Resources"])))
    return sorted(found)


def stand_ins(region, template, ids):
    """Creates a mock resource for every existing id not yet mapped."""
    ec2 = boto3.client("ec2", region_name=region)
    wanted = [i for i in existing_ids(template) if i not in ids]
    vpc = None
    for literal in sorted(wanted, key=lambda i: ("vpc-", "subnet-", "rtb-").index(i.split("-")[0] + "-")):
        if literal.startswith("vpc-"):
            vpc = ec2.create_vpc(CidrBlock="172.31.0.0/16")["Vpc"]["VpcId"]
            ids[literal] = vpc
        else:
            if vpc is None:
                vpc = ec2.create_vpc(CidrBlock="172.31.0.0/16")["Vpc"]["VpcId"]
            if literal.startswith("subnet-"):
                block = f"172.31.{len(ids) * 16 % 256}.0/20"
                subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=block)
                ids[literal] = subnet["Subnet"]["SubnetId"]
            else:
                ids[literal] = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]


def substitute(text, ids):
    for literal, mock in ids.items():
        text = text.replace(literal, mock)
    return text


def deploy(directory):
    """Deploys one program; returns a list of problems (empty when all is well)."""
    problems = []
    outputs = {}
    ids = {}
    with mock_aws(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in order_of(directory):
            region, late = region_of(name)
            template = load(directory / name)
            stand_ins(region, template, ids)
            parameters = []
            for key, parameter in template.get("Parameters", {}).items():
                source = SOURCE.search(parameter.get("Description", ""))
                if not source:
                    problems.append(f"{name}: parameter {key} does not say where its value comes from")
                    continue
                value = outputs.get(source.group("file"), {}).get(source.group("output"))
                if value is None:
                    problems.append(
                        f"{name}: parameter {key} needs output {source.group('output')} of "
                        f"{source.group('file')}, which no earlier stack has"
                    )
                    continue
                parameters.append({"ParameterKey": key, "ParameterValue": value})
            if problems:
                break
            cloudformation = boto3.client("cloudformation", region_name=region)
            stack = re.sub(r"[^A-Za-z0-9-]", "-", name.rsplit(".", 1)[0])
            body = substitute((directory / name).read_text(), ids)
            try:
                cloudformation.create_stack(
                    StackName=stack,
                    TemplateBody=body,
                    Parameters=parameters,
                    Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
                )
                described = cloudformation.describe_stacks(StackName=stack)["Stacks"][0]
            except Exception as error:  # a failed create is the finding, whatever its class
                problems.append(f"{name}: create_stack failed: {error}")
                break
            status = described["StackStatus"]
            if status != "CREATE_COMPLETE":
                problems.append(f"{name}: {status} {described.get('StackStatusReason', '')}")
                break
            outputs[name] = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
            kinds = sorted({r["Type"] for r in template["Resources"].values()})
            print(f"  {name}: CREATE_COMPLETE in {region}{' (late)' if late else ''}, "
                  f"{len(template['Resources'])} resources, {len(parameters)} parameters, "
                  f"{len(outputs[name])} outputs; types {', '.join(kinds)}")
        skipped = sorted({str(w.message).split("parse ")[1].split(" but")[0]
                          for w in caught if "not supported by moto" in str(w.message)})
        if skipped:
            print(f"  moto skipped: {', '.join(skipped)}")
    return problems


def main(directories):
    failed = 0
    for directory in map(Path, directories):
        print(f"{directory.name}:")
        problems = deploy(directory)
        for problem in problems:
            print(f"  FAILED {problem}")
        failed += bool(problems)
    print(f"deployed {len(directories) - failed} of {len(directories)} programs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
