"""The evaluator's own rules, checked on cases the AWS documentation spells out.

Run before the named questions; a failure here means the evaluator, not
vpcec, is wrong. Sources are in README.md.
"""

from __future__ import annotations

import json

import hclexpr
import iam
import program as programs
import workload
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


def _raises(check, error=iam.EvaluatorError) -> bool:
    try:
        check()
    except error:
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
    ("${$}{ in an admin ARN is a literal ${", lambda: not denied(
        deny_if({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/a${$}{b}%{c}"}}),
        request(principal="arn:aws:iam::111122223333:role/a${b}%{c}",
                aws_principalarn="arn:aws:iam::111122223333:role/a${b}%{c}"))),
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
    # The request model is data only (README, "The request model").
    ("GetBucketLocation and DescribeTable are not data", lambda: not workload.is_data_action("s3:GetBucketLocation")
     and not workload.is_data_action("dynamodb:DescribeTable")
     and not workload.is_data_action("s3:GetBucketObjectLockConfiguration")),
    ("object reads, listings and item writes are data", lambda: workload.is_data_action("s3:GetObjectTagging")
     and workload.is_data_action("s3:ListBucketVersions") and workload.is_data_action("dynamodb:PartiQLUpdate")),
    ("a bucket-level action acts on the bucket", lambda: workload.s3_resource("b", "s3:GetBucketObjectLockConfiguration",
                                                                               "eu-west-1") == "arn:aws:s3:::b"),
    ("no metadata request stands for reaching a bucket", lambda: not any(
        not workload.is_data_action(r.action)
        for r in workload.data_requests("bucket", "b", "eu-west-1", [{"Statement": [
            {"Effect": "Allow", "Action": ["s3:GetBucketLocation", "s3:GetObjectAcl"], "Resource": "*"}]}]))),
    # `allow aws-buckets`: AWS-owned objects may be read, nothing else.
    ("aws-buckets admit GetObject on AWS-owned objects", lambda: iam.endpoint_allows(
        SCOPED_TO_THERE, request(resource="arn:aws:s3:::aws-ssm-eu-west-1/agent"))[0]),
    ("aws-buckets admit no write", lambda: not iam.endpoint_allows(
        SCOPED_TO_THERE, request(action="s3:PutObject", resource="arn:aws:s3:::aws-ssm-eu-west-1/agent"))[0]),
    ("aws-buckets admit no other bucket", lambda: not iam.endpoint_allows(
        SCOPED_TO_THERE, request(resource="arn:aws:s3:::here/k"))[0]),
    # The program reader knows every statement form of grammar/vpce.pest.
    ("reader: aws-buckets sets, each once", lambda: programs.parse(READER_PROGRAM).aws_buckets
     == ["ssm", "amazon-linux-2", "ecr"]),
    ("reader: service ports and region", lambda: (programs.parse(READER_PROGRAM).services["s"].ports,
                                                  programs.parse(READER_PROGRAM).services["s"].region)
     == ([8080, 8443], "us-east-1")),
    ("reader: a stray word is refused", lambda: _raises(lambda: programs.parse("allow aws-buckets ssm ecr;"),
                                                                   programs.ProgramError)),
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
HERE = ["arn:aws:s3:::here", "arn:aws:s3:::here/*"]
# vpcec's `deny public` shape: data actions only, so metadata such as GetBucketLocation passes.
DENY_DATA = {"Statement": [{"Effect": "Deny", "Principal": "*", "Resource": HERE,
                            "Action": ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:ListBucket*",
                                       "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload", "s3:RestoreObject"],
                            "Condition": {"StringNotEquals": {"aws:SourceVpce": "{{gw}}"}}}]}
# `allow aws-buckets ssm` in an endpoint policy: GetObject on AWS-owned objects only.
AWS_BUCKETS = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
               "Resource": ["arn:aws:s3:::aws-ssm-eu-west-1/*", "arn:aws:s3:::amazon-ssm-eu-west-1/*"]}
SCOPED_TO_THERE = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*",
                                  "Resource": ["arn:aws:s3:::there", "arn:aws:s3:::there/*"]}, AWS_BUCKETS]}
SCOPED_TO_HERE = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": HERE}, AWS_BUCKETS]}
READER_PROGRAM = """
region eu-west-1; vpc v cidr 10.0.0.0/16; subnet a cidr 10.0.1.0/24 az eu-west-1a;
allow aws-buckets ssm, amazon-linux-2; allow aws-buckets ssm, ecr;
service s nlb arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/x/1 port 8080, 8443
  acceptance required allow arn:aws:iam::111122223333:root;
role r for ec2 in a managed AmazonSSMManagedInstanceCore allow read, s3:GetObject on bucket b, table t;
table t key "a;b"; bucket b region us-east-1 existing;
subnet a reach s3 via gateway;
"""
DENY_PUBLIC = deny_if({"StringNotEquals": {"aws:SourceVpce": "{{gw}}"}}, resource=["arn:aws:s3:::here", "arn:aws:s3:::here/*"])


def model(gateway=True, dns=None, admits=False, nat=False, policy=None, inbound_only=None, gateway_policy=None) -> Evaluator:
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
                                             route_tables=["{{rt-a}}"], name="gw", policy=gateway_policy)
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
    ("deny public on data: metadata passing does not reach the bucket",
     lambda: reach(model(policy=DENY_DATA), "p", "bucket here") == (False, "internet")),
    ("an endpoint policy with only aws-buckets besides other buckets does not reach the bucket",
     lambda: reach(model(gateway_policy=SCOPED_TO_THERE), "a", "bucket here") == (False, "gateway")),
    ("an endpoint policy scoped to the bucket and aws-buckets reaches it",
     lambda: reach(model(gateway_policy=SCOPED_TO_HERE, policy=DENY_DATA), "a", "bucket here") == (True, "gateway")),
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
