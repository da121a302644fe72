"""The evaluator's own rules, checked on cases the AWS documentation spells out.

Run before the named questions; a failure here means the evaluator, not
vpcec, is wrong. Sources are in README.md.
"""

from __future__ import annotations

import json

import hclexpr
import iam
import program as programs
from evaluate import Evaluator
from world import Endpoint, Ingress, NatGateway, Route, SecurityGroup, Subnet, Vpc, World

ROLE = "arn:aws:iam::111122223333:role/app"


def request(action="s3:GetObject", resource="arn:aws:s3:::b/k", principal=ROLE, **keys) -> iam.Request:
    context = {"aws:principalarn": principal, "aws:securetransport": "true"}
    context.update({k.replace("_", ":", 1).lower(): v for k, v in keys.items()})
    return iam.Request(principal, action, resource, context)


def deny_if(condition: dict, action="s3:*", resource="arn:aws:s3:::b/*") -> dict:
    return {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": action, "Resource": resource,
                           "Condition": condition}]}


def _raises(check) -> bool:
    try:
        check()
    except iam.EvaluatorError:
        return True
    return False


def denied(policy: dict, req: iam.Request) -> bool:
    return not iam.resource_allows(policy, req)[0]


ALLOW_B = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}
VPCE = {"StringNotEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}}

CASES = [
    # IAM: a negated operator is true when the key is missing (requests not through an endpoint).
    ("StringNotEquals, key missing: the deny applies", lambda: denied(deny_if(VPCE), request())),
    ("StringNotEquals, listed value: no deny", lambda: not denied(deny_if(VPCE), request(aws_sourcevpce="vpce-2"))),
    ("StringNotEquals, other value: deny", lambda: denied(deny_if(VPCE), request(aws_sourcevpce="vpce-3"))),
    ("StringEquals, key missing: false",
     lambda: not denied(deny_if({"StringEquals": {"aws:SourceVpce": "vpce-1"}}), request())),
    ("StringNotEqualsIfExists, key missing: true",
     lambda: denied(deny_if({"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}), request())),
    ("StringEqualsIfExists, key missing: true",
     lambda: denied(deny_if({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}), request())),
    ("StringLike wildcards", lambda: denied(deny_if({"StringLike": {"aws:SourceVpce": "vpce-?a*"}}),
                                           request(aws_sourcevpce="vpce-1abc"))),
    ("Bool false, key true: no deny",
     lambda: not denied(deny_if({"Bool": {"aws:SecureTransport": "false"}}), request())),
    ("Bool false, key false: deny",
     lambda: denied(deny_if({"Bool": {"aws:SecureTransport": "false"}}), request(aws_securetransport="false"))),
    ("Null true: key missing",
     lambda: denied(deny_if({"Null": {"aws:SourceVpce": "true"}}), request())),
    ("${$} is a literal dollar", lambda: denied(deny_if({"StringEquals": {"aws:SourceVpce": "a${$}b"}}),
                                                 request(aws_sourcevpce="a$b"))),
    ("an unresolvable variable is reported", lambda: _raises(
        lambda: denied(deny_if({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::1:role/a${b}"}}), request()))),
    # ArnLike: each of the six parts on its own.
    ("ArnLike per part", lambda: iam.arn_like("arn:aws:iam::*:role/ops-*", "arn:aws:iam::123456789012:role/ops-x/y")),
    ("ArnLike does not span parts", lambda: not iam.arn_like("arn:aws:iam::*", "arn:aws:iam::1:role/a")),
    ("ArnNotLike exempts a matching principal",
     lambda: not denied(deny_if({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/a*"}}), request())),
    # Both conditions must hold for the deny to apply.
    ("conditions are ANDed", lambda: not denied(
        deny_if({**VPCE, "ArnNotLike": {"aws:PrincipalArn": ROLE}}), request())),
    # Actions: case-insensitive, with wildcards; resources: case-sensitive.
    ("actions ignore case", lambda: denied(deny_if(VPCE, action="S3:getobject"), request())),
    ("resources keep case", lambda: not denied(deny_if(VPCE, resource="arn:aws:s3:::B/*"), request())),
    ("NotAction", lambda: not denied({"Statement": [{"Effect": "Deny", "Principal": "*", "NotAction": "s3:Get*",
                                                     "Resource": "*"}]}, request())),
    # An endpoint policy needs an allow; an explicit deny wins over it.
    ("endpoint policy allows the listed action", lambda: iam.endpoint_allows(ALLOW_B, request())[0]),
    ("endpoint policy: no allow, no access",
     lambda: not iam.endpoint_allows(ALLOW_B, request(action="s3:PutObject"))[0]),
    ("explicit deny wins", lambda: not iam.endpoint_allows(
        {"Statement": ALLOW_B["Statement"] + deny_if({"Bool": {"aws:SecureTransport": "true"}})["Statement"]},
        request())[0]),
    ("no endpoint policy: full access", lambda: iam.endpoint_allows(None, request(action="s3:PutObject"))[0]),
    # The root user keeps bucket-policy management whatever the policy says.
    ("root may delete a bucket policy", lambda: not denied(
        deny_if({}, resource="*"),
        request(action="s3:DeleteBucketPolicy", principal="arn:aws:iam::111122223333:root"))),
    ("root may not read through the deny",
     lambda: denied(deny_if({}, resource="*"), request(principal="arn:aws:iam::111122223333:root"))),
    # HashiCorp's parser leaves expressions as text; the evaluator reads them.
    ("jsonencode object", lambda: json.loads(hclexpr.template(
        '${jsonencode({\n A = "x"\n "b:c" = [r.x.id, "y"],\n})}', lambda s: "<" + ".".join(s) + ">"))
     == {"A": "x", "b:c": ["<r.x.id>", "y"]}),
    ("template with interpolation", lambda: hclexpr.template(
        "arn:${data.p.c.partition}:s3", lambda s: "aws") == "arn:aws:s3"),
    ("escaped interpolation stays literal", lambda: hclexpr.template("$${x}", lambda s: "") == "${x}"),
    ("string escapes", lambda: hclexpr.template('${"a\\"b\\\\c"}', lambda s: "") == 'a"b\\c'),
]


MODEL_PROGRAM = """
region eu-west-1;
vpc v cidr 10.0.0.0/16;
subnet a cidr 10.0.1.0/24 az eu-west-1a;
subnet p cidr 10.0.0.0/24 az eu-west-1b public;
bucket here;
bucket there region us-east-1;
subnet a reaches bucket here via gateway;
subnet a reaches kms via interface;
"""
DENY_PUBLIC = deny_if({"StringNotEquals": {"aws:SourceVpce": "{{gw}}"}}, resource=["arn:aws:s3:::here", "arn:aws:s3:::here/*"])


def model(gateway=True, dns=None, admits=False, nat=False, policy=None, inbound_only=None) -> Evaluator:
    """A hand-built World for MODEL_PROGRAM: subnet `a` (table {{rt-a}}), public `p`."""
    world = World("test")
    world.vpcs["{{v}}"] = Vpc("{{v}}", "eu-west-1", "10.0.0.0/16", name="v")
    world.subnets["{{a}}"] = Subnet("{{a}}", "{{v}}", "eu-west-1", "10.0.1.0/24", "eu-west-1a", "a")
    world.subnets["{{p}}"] = Subnet("{{p}}", "{{v}}", "eu-west-1", "10.0.0.0/24", "eu-west-1b", "p")
    world.associations = {"{{a}}": "{{rt-a}}", "{{p}}": "{{rt-p}}"}
    world.igw_attachments["{{igw}}"] = {"{{v}}"}
    world.add_route("{{rt-p}}", Route("0.0.0.0/0", "igw", "{{igw}}"))
    if nat:
        world.nat_gateways["{{nat}}"] = NatGateway("{{nat}}", "{{p}}", True)
        world.add_route("{{rt-a}}", Route("0.0.0.0/0", "nat", "{{nat}}"))
    if gateway:
        world.endpoints["{{gw}}"] = Endpoint("{{gw}}", "gateway", "{{v}}", "eu-west-1", "com.amazonaws.eu-west-1.s3",
                                             route_tables=["{{rt-a}}"], name="gw")
    if dns is not None:
        world.endpoints["{{if}}"] = Endpoint("{{if}}", "interface", "{{v}}", "eu-west-1", f"com.amazonaws.eu-west-1.{dns}",
                                             subnets=["{{a}}"], security_groups=["{{sg}}"], private_dns=True,
                                             inbound_resolver_only=inbound_only, name="if")
        cidr = "10.0.0.0/16" if admits else "10.0.1.0/24"
        world.security_groups["{{sg}}"] = SecurityGroup("{{sg}}", "{{v}}", [Ingress("tcp", 443, 443, cidr)])
    if policy is not None:
        world.bucket_policies["here"] = policy
    return Evaluator(programs.parse(MODEL_PROGRAM), world)


def reach(evaluator: Evaluator, subnet: str, target: str) -> tuple:
    wanted = next(t for t in evaluator.program.targets() if t.written == target)
    row = evaluator.row(subnet, wanted)
    return row.reachable, row.via


MODEL_CASES = [
    ("a gateway endpoint on the subnet's table takes the bucket",
     lambda: reach(model(), "a", "bucket here") == (True, "gateway")),
    ("a gateway endpoint serves its own region only",
     lambda: reach(model(), "a", "bucket there") == (False, None)),
    ("a public subnet off the gateway's table goes over the internet",
     lambda: reach(model(), "p", "bucket here") == (True, "internet")),
    ("deny public stops the internet path", lambda: reach(model(policy=DENY_PUBLIC), "p", "bucket here") == (False, "internet")),
    ("deny public admits the listed endpoint", lambda: reach(model(policy=DENY_PUBLIC), "a", "bucket here") == (True, "gateway")),
    ("another region's bucket goes through NAT", lambda: reach(model(nat=True), "a", "bucket there") == (True, "nat")),
    ("private DNS answers in every subnet; the security group decides",
     lambda: reach(model(dns="kms"), "p", "kms") == (False, "interface")
     and reach(model(dns="kms", admits=True), "p", "kms") == (True, "interface")),
    ("S3 private DNS for every resolver beats the gateway route",
     lambda: reach(model(dns="s3", inbound_only=False, admits=True), "a", "bucket here") == (True, "interface")),
    ("S3 private DNS for the inbound Resolver only leaves the gateway route",
     lambda: reach(model(dns="s3", inbound_only=True), "a", "bucket here") == (True, "gateway")),
]


def run() -> bool:
    """True when a case fails (each failure is printed)."""
    failed = False
    for title, check in CASES + MODEL_CASES:
        try:
            ok = check()
        except Exception as error:  # an exception is a failed case
            ok = False
            title += f" ({error!r})"
        if not ok:
            print(f"FAIL: evaluator self-test: {title}")
            failed = True
    print(f"evaluator self-test: {len(CASES) + len(MODEL_CASES)} cases, {'failures above' if failed else 'all pass'}")
    return failed
