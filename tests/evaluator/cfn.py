"""Reads generated CloudFormation templates (through cfn-lint's decoder) into a World.

Intrinsic functions are evaluated the way CloudFormation would for one
deployment into account ACCOUNT: pseudo parameters become values, `Ref` and
`Fn::GetAtt` of a resource become markers (or the value AWS documents, such
as a bucket's ARN), and a parameter takes the output of the template its
description names, as a user following the README passes it.
"""

from __future__ import annotations

import os
import re

import cfnlint.decode

from world import ACCOUNT, EvaluatorError, World, marker, partition, url_suffix
import cfn_resources

REGION_IN_NAME = re.compile(r"^(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)$")
PARAMETER_SOURCE = re.compile(r"template (\S+?) \(output ([A-Za-z0-9]+)\)")


def plain(value):
    """cfn-lint's node classes as plain dicts, lists and strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    if value is None:
        return None
    raise EvaluatorError(f"unexpected value {value!r} in a template")


def region_of(filename: str) -> str:
    """The region in a template's file name (`STEM.REGION.yaml`)."""
    for part in os.path.basename(filename).split("."):
        if REGION_IN_NAME.match(part):
            return part
    raise EvaluatorError(f"no region in the template name {filename}")


class Template:
    def __init__(self, path: str):
        decoded, matches = cfnlint.decode.decode(path)
        if matches or decoded is None:
            raise EvaluatorError(f"{path} does not decode: {[str(m) for m in matches]}")
        self.body = plain(decoded)
        self.name = os.path.basename(path)
        self.region = region_of(path)
        self.resources: dict = self.body.get("Resources", {})
        if self.body.get("Conditions"):
            raise EvaluatorError(f"{self.name}: Conditions are not modelled")

    def ref(self, logical: str) -> str:
        return marker("cfn", self.name, logical)


class Resolver:
    """Evaluates intrinsic functions across all templates of one build."""

    def __init__(self, templates: list[Template]):
        self.templates = {t.name: t for t in templates}
        self.resolving: set[tuple[str, str]] = set()

    def value(self, template: Template, node):
        if isinstance(node, list):
            return [v for v in (self.value(template, n) for n in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, arg), = node.items()
            if key == "Ref":
                return self.ref(template, arg)
            if key == "Fn::GetAtt":
                return self.get_att(template, arg)
            if key == "Fn::Join":
                sep, items = arg
                parts = self.value(template, items)
                return sep.join(self.text(p) for p in parts)
            if key == "Fn::Sub":
                return self.sub(template, arg)
            if key == "Fn::Select":
                index, items = self.value(template, arg)
                return items[int(index)]
            if key in ("Fn::ImportValue", "Fn::GetStackOutput"):
                return self.stack_output(template, key, self.value(template, arg))
            if key.startswith("Fn::") or key == "Condition":
                raise EvaluatorError(f"{template.name}: `{key}` is not modelled")
        return {k: v for k, v in ((k, self.value(template, v)) for k, v in node.items()) if v is not NO_VALUE}

    @staticmethod
    def text(value) -> str:
        if not isinstance(value, str):
            raise EvaluatorError(f"a string was expected, not {value!r}")
        return value

    def ref(self, template: Template, name: str):
        pseudo = {
            "AWS::AccountId": ACCOUNT,
            "AWS::Region": template.region,
            "AWS::Partition": partition(template.region),
            "AWS::URLSuffix": url_suffix(template.region),
            "AWS::StackName": f"stack-{template.name}",
        }
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in pseudo:
            return pseudo[name]
        if name in template.body.get("Parameters", {}):
            return self.parameter(template, name)
        resource = template.resources.get(name)
        if resource is None:
            raise EvaluatorError(f"{template.name}: `Ref {name}` names nothing")
        kind = resource["Type"]
        props = resource.get("Properties", {})
        if kind == "AWS::S3::Bucket":
            return self.value(template, props["BucketName"])
        if kind == "AWS::DynamoDB::Table":
            return self.value(template, props["TableName"])
        return template.ref(name)

    def get_att(self, template: Template, arg):
        logical, attribute = arg.split(".", 1) if isinstance(arg, str) else arg
        resource = template.resources.get(logical)
        if resource is None:
            raise EvaluatorError(f"{template.name}: `GetAtt {logical}` names nothing")
        kind = resource["Type"]
        props = resource.get("Properties", {})
        part = partition(template.region)
        if kind == "AWS::S3::Bucket" and attribute == "Arn":
            return f"arn:{part}:s3:::{self.value(template, props['BucketName'])}"
        if kind == "AWS::DynamoDB::Table" and attribute == "Arn":
            name = self.value(template, props["TableName"])
            return f"arn:{part}:dynamodb:{template.region}:{ACCOUNT}:table/{name}"
        if (kind, attribute) in (("AWS::EC2::VPCEndpoint", "Id"), ("AWS::EC2::VPCEndpointService", "ServiceId")):
            return template.ref(logical)
        if kind == "AWS::EC2::VPCEndpointService" and attribute == "ServiceName":
            return f"com.amazonaws.vpce.{template.region}.{template.ref(logical)}"
        return marker("cfn", template.name, f"{logical}.{attribute}")

    def sub(self, template: Template, arg) -> str:
        text, variables = (arg, {}) if isinstance(arg, str) else arg
        values = {k: self.value(template, v) for k, v in variables.items()}

        def one(match: re.Match) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in values:
                return self.text(values[name])
            if "." in name and not name.startswith("AWS::"):
                return self.text(self.get_att(template, name))
            return self.text(self.ref(template, name))

        return re.sub(r"\$\{([^}]+)\}", one, text)

    def parameter(self, template: Template, name: str):
        """A parameter's value: the output its description names, else its default."""
        spec = template.body["Parameters"][name]
        match = PARAMETER_SOURCE.search(spec.get("Description", ""))
        if match and match.group(1) in self.templates:
            return self.output(self.templates[match.group(1)], match.group(2))
        if "Default" in spec:
            return spec["Default"]
        return marker("cfn-parameter", template.name, name)

    def output(self, template: Template, name: str):
        key = (template.name, name)
        if key in self.resolving:
            raise EvaluatorError(f"outputs refer to each other in a loop at {key}")
        outputs = template.body.get("Outputs", {})
        if name not in outputs:
            raise EvaluatorError(f"{template.name} has no output {name}")
        self.resolving.add(key)
        try:
            return self.value(template, outputs[name]["Value"])
        finally:
            self.resolving.discard(key)

    def stack_output(self, template: Template, key: str, arg):
        name = arg.get("OutputName") if isinstance(arg, dict) else arg
        found = []
        for other in self.templates.values():
            for output_name, output in other.body.get("Outputs", {}).items():
                export = output.get("Export", {}).get("Name")
                if output_name == name or (export is not None and self.value(other, export) == name):
                    found.append((other, output_name))
        if len(found) != 1:
            raise EvaluatorError(f"{template.name}: `{key}` {arg!r} matches {len(found)} outputs")
        return self.output(*found[0])


class _NoValue:
    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()


def load(paths: list[str]) -> World:
    """The World of one build's templates."""
    templates = [Template(p) for p in sorted(paths)]
    resolver = Resolver(templates)
    world = World("cfn")
    for template in templates:
        for logical, resource in template.resources.items():
            if "Condition" in resource:
                raise EvaluatorError(f"{template.name}: conditional resource {logical}")
            kind = resource["Type"]
            if kind in cfn_resources.IGNORED or not kind.startswith(cfn_resources.WATCHED):
                continue
            props = resolver.value(template, resource.get("Properties", {}))
            cfn_resources.add(world, template, logical, kind, props)
    return world
