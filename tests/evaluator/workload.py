"""The request model: which API requests stand for "the subnet reaches the target".

A row of the matrix says whether an ordinary workload in the subnet can use
the target. The workload is an IAM role of the deploying account that is not
an `allow admin` principal, whose identity policy allows everything, calling
over TLS. The target is reached when at least one of its data requests gets
through every layer on the path:

- a bucket: the S3 data actions below (object reads and writes, listing),
  object actions on `BUCKET/object` and listings on the bucket, plus every
  concrete S3 data action named in a generated policy;
- a table: the DynamoDB data actions below (item reads and writes, query,
  scan, PartiQL) on the table's ARN (not its indexes: vpcec creates tables
  without indexes; indexes are a named question), plus every concrete
  DynamoDB data action named in a policy;
- a bare service (`s3`, `kms`): the same kind of request to a resource the
  program does not declare (`s3` and `dynamodb`), or a probe action of the
  service on `*` (other services; vpcec writes no policy for them);
- an endpoint service or the internet: a TCP connection (no policy applies).

Metadata and management requests (`s3:GetBucketLocation`,
`dynamodb:DescribeTable`, policies, deletion) never make a row reachable: a
subnet reaches a bucket or table when it can read or write its data.
"""

from __future__ import annotations

from iam import Request
from world import ACCOUNT, partition


def workload(region: str) -> str:
    """The ordinary workload principal (not an `allow admin` ARN)."""
    return f"arn:{partition(region)}:iam::{ACCOUNT}:role/vpcec-evaluator-workload"


def deployer(region: str) -> str:
    """The principal that deploys the stacks: an ordinary IAM role, not an admin."""
    return f"arn:{partition(region)}:iam::{ACCOUNT}:role/vpcec-evaluator-deployer"

# "Reaching" a bucket or a table means using its DATA: reading or writing its
# objects or items, or listing them. These are the requests CloudTrail calls data
# events ("the resource operations performed on or in a resource ... also known as
# data plane operations", e.g. S3 "GetObject, DeleteObject, and PutObject" on
# objects), plus listing a bucket's objects (ListObjectsV2 "You must have
# permission to perform the s3:ListBucket action"). Bucket and table metadata and
# management (GetBucketLocation, DescribeTable, policies, deletion) are not data:
# `deny public` leaves them to IAM on purpose, so they pass from anywhere.
# Sources: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html,
# https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html,
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html (resource type `object`),
# https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html,
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html (PartiQL).
S3_DATA = [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:ListBucketMultipartUploads",
]
DYNAMODB_DATA = [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:ConditionCheckItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLSelect",
    "dynamodb:PartiQLInsert",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
]
# S3 actions whose resource is an object (Service Authorization Reference, resource
# type `object`): the object reads and writes, their versions, tags, ACLs and locks.
S3_OBJECT_PREFIXES = ("getobject", "putobject", "deleteobject", "restoreobject")
S3_OBJECT_ACTIONS = {"abortmultipartupload", "listmultipartuploadparts"}
# Listing a bucket's objects, versions and uploads (resource type `bucket`).
S3_LISTING = {"listbucket", "listbucketversions", "listbucketmultipartuploads"}


def is_data_action(action: str) -> bool:
    """Whether a concrete `s3:` or `dynamodb:` action reads, writes or lists data."""
    service, _, name = action.lower().partition(":")
    if service == "s3":
        return name.startswith(S3_OBJECT_PREFIXES) or name in S3_OBJECT_ACTIONS or name in S3_LISTING
    if service == "dynamodb":
        return name in {a.split(":", 1)[1].lower() for a in DYNAMODB_DATA}
    return False


# The IAM prefix of a service's actions where it differs from the endpoint name.
IAM_PREFIX = {"ecr.api": "ecr", "ecr.dkr": "ecr", "email-smtp": "ses", "monitoring": "cloudwatch"}

UNDECLARED_BUCKET = "vpcec-evaluator-undeclared-bucket"
UNDECLARED_TABLE = "vpcec-evaluator-undeclared-table"


def s3_resource(bucket: str, action: str, region: str) -> str:
    name = action.split(":", 1)[1].lower()
    arn = f"arn:{partition(region)}:s3:::{bucket}"
    if name.startswith(S3_OBJECT_PREFIXES) or name in S3_OBJECT_ACTIONS:
        return f"{arn}/vpcec-evaluator/object"
    return arn


def table_arn(table: str, region: str) -> str:
    return f"arn:{partition(region)}:dynamodb:{region}:{ACCOUNT}:table/{table}"


def concrete_actions(policies: list[dict], prefix: str) -> list[str]:
    """Concrete `prefix:Action` data actions that appear in any statement of the policies."""
    found: list[str] = []
    for policy in policies:
        statements = policy.get("Statement", [])
        for statement in statements if isinstance(statements, list) else [statements]:
            actions = statement.get("Action", [])
            for action in actions if isinstance(actions, list) else [actions]:
                concrete = "*" not in action and "?" not in action
                if action.lower().startswith(prefix + ":") and concrete and is_data_action(action):
                    found.append(action)
    return found


def data_requests(kind: str, name: str, region: str, policies: list[dict], principal: str | None = None) -> list[Request]:
    """The requests that stand for reaching a target (without condition keys)."""
    principal = principal or workload(region)
    if kind in ("bucket", "s3"):
        bucket = name if kind == "bucket" else UNDECLARED_BUCKET
        actions = _unique(S3_DATA + concrete_actions(policies, "s3"))
        return [Request(principal, a, s3_resource(bucket, a, region)) for a in actions]
    if kind in ("table", "dynamodb"):
        table = name if kind == "table" else UNDECLARED_TABLE
        actions = _unique(DYNAMODB_DATA + concrete_actions(policies, "dynamodb"))
        return [Request(principal, a, table_arn(table, region)) for a in actions]
    prefix = IAM_PREFIX.get(name, name)
    return [Request(principal, f"{prefix}:VpcecEvaluatorProbe", "*")]


def _unique(actions: list[str]) -> list[str]:
    seen: list[str] = []
    for action in actions:
        if action.lower() not in (s.lower() for s in seen):
            seen.append(action)
    return seen


def context(principal: str, endpoint: str | None, vpc: str | None, tls: bool = True) -> dict:
    """The condition keys of a request from `principal`, through `endpoint` when given."""
    keys = {
        "aws:principalarn": principal,
        "aws:principalaccount": principal.split(":")[4],
        "aws:securetransport": "true" if tls else "false",
        "aws:principalisawsservice": "false",
        "aws:viaawsservice": "false",
    }
    if endpoint is not None:
        keys["aws:sourcevpce"] = endpoint
        if vpc is not None:
            keys["aws:sourcevpc"] = vpc
    return keys
