//! What the generated policies mean, checked on the fixtures of
//! `tests/fixtures/policy/`: the actions `allow` words grant, the ARNs that
//! cover a table's indexes, the actions `deny public` leaves to IAM, and the
//! AWS-owned buckets a scoped S3 endpoint policy admits.

use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::compile;
use vpcec::plan::model::{Expr, Plan, PolicyDocument, RegionPlan, Statement};

fn fixture(name: &str) -> Plan {
    let path = format!("{}/tests/fixtures/policy/{name}.vpce", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let compilation = compile(
        &SourceFile {
            name: format!("{name}.vpce"),
            text,
        },
        Catalog::builtin().expect("catalog"),
    );
    compilation
        .plan
        .unwrap_or_else(|| panic!("{name} does not compile: {:#?}", compilation.diagnostics))
}

fn region<'a>(plan: &'a Plan, name: &str) -> &'a RegionPlan {
    plan.regions.get(name).unwrap_or_else(|| panic!("no region {name}"))
}

/// An expression as text, deploy-time parts written as `<account>` or `<id>`.
fn text(expr: &Expr) -> String {
    match expr {
        Expr::Lit(s) => s.clone(),
        Expr::AccountId => "<account>".into(),
        Expr::Concat(parts) => parts.iter().map(text).collect(),
        Expr::Id(_) | Expr::Arn(_) | Expr::ImportedId { .. } => "<id>".into(),
    }
}

fn statement<'a>(policy: &'a PolicyDocument, sid: &str) -> &'a Statement {
    policy
        .statements
        .iter()
        .find(|s| s.sid == sid)
        .unwrap_or_else(|| panic!("no statement {sid} in {policy:#?}"))
}

fn resources(statement: &Statement) -> Vec<String> {
    statement.resources.iter().map(text).collect()
}

#[test]
fn access_words_grant_every_action_the_docs_list() {
    let p = fixture("access-words");
    let r = region(&p, "eu-west-1");
    let bucket_endpoint = r
        .gateway_endpoints()
        .into_iter()
        .find(|e| e.service_name.ends_with(".s3"))
        .expect("s3 gateway endpoint");
    let policy = bucket_endpoint.policy.as_ref().expect("scoped");
    let listing = statement(policy, "AllowBucketAcmeListingEuWest1");
    for action in ["s3:ListBucketVersions", "s3:ListBucketMultipartUploads"] {
        assert!(listing.actions.contains(&action.to_string()), "{:?}", listing.actions);
    }
    let table_endpoint = r
        .gateway_endpoints()
        .into_iter()
        .find(|e| e.service_name.ends_with(".dynamodb"))
        .expect("dynamodb gateway endpoint");
    let granted = &statement(table_endpoint.policy.as_ref().expect("scoped"), "AllowTableOrders").actions;
    let role = r.roles().first().copied().expect("role");
    let role_grants = &statement(role.policy.as_ref().expect("policy"), "AllowTableOrders").actions;
    for action in ["PartiQLSelect", "PartiQLInsert", "PartiQLUpdate", "PartiQLDelete"] {
        let action = format!("dynamodb:{action}");
        assert!(granted.contains(&action), "endpoint: {granted:?}");
        assert!(role_grants.contains(&action), "role: {role_grants:?}");
    }
}

const ORDERS: &str = "arn:aws:dynamodb:eu-west-1:<account>:table/orders";

#[test]
fn every_statement_on_a_table_covers_its_indexes() {
    let p = fixture("table-indexes");
    let r = region(&p, "eu-west-1");
    let both = vec![ORDERS.to_string(), format!("{ORDERS}/index/*")];
    let endpoint = r.gateway_endpoints().first().copied().expect("gateway endpoint");
    let endpoint_policy = endpoint.policy.as_ref().expect("scoped");
    assert_eq!(resources(statement(endpoint_policy, "AllowTableOrders")), both);
    let role = r.roles().first().copied().expect("role");
    assert_eq!(
        resources(statement(role.policy.as_ref().expect("policy"), "AllowTableOrders")),
        both
    );
    let table = r.tables().first().copied().expect("table");
    let deny = table.policy.as_ref().expect("deny public");
    assert!(!deny.statements.is_empty());
    for statement in &deny.statements {
        assert_eq!(resources(statement), both, "{}", statement.sid);
    }
}

/// Whether an IAM action pattern (`s3:Get*`, `s3:*`) matches `action`.
fn matches(pattern: &str, action: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => action.starts_with(stem),
        None => pattern == action,
    }
}

fn denies(statement: &Statement, action: &str) -> bool {
    statement.actions.iter().any(|pattern| matches(pattern, action))
}

#[test]
fn deny_public_leaves_management_to_the_deploying_principal() {
    let p = fixture("deployer-keeps-management");
    let r = region(&p, "eu-west-1");
    let bucket = r
        .buckets()
        .first()
        .copied()
        .and_then(|b| b.policy.as_ref())
        .expect("bucket policy");
    let table = r
        .tables()
        .first()
        .copied()
        .and_then(|t| t.policy.as_ref())
        .expect("table policy");
    let cases = [
        (
            bucket,
            &[
                "s3:PutBucketPolicy",
                "s3:DeleteBucketPolicy",
                "s3:GetBucketPolicy",
                "s3:DeleteBucket",
                "s3:PutBucketTagging",
                "s3:PutBucketPublicAccessBlock",
            ][..],
            &[
                "s3:GetObject",
                "s3:GetObjectVersion",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:DeleteObjectVersion",
                "s3:ListBucket",
                "s3:ListBucketVersions",
                "s3:ListBucketMultipartUploads",
                "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload",
            ][..],
        ),
        (
            table,
            &[
                "dynamodb:PutResourcePolicy",
                "dynamodb:DeleteResourcePolicy",
                "dynamodb:GetResourcePolicy",
                "dynamodb:DeleteTable",
                "dynamodb:DescribeTable",
                "dynamodb:UpdateTable",
                "dynamodb:TagResource",
            ][..],
            &[
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:PartiQLSelect",
                "dynamodb:PartiQLInsert",
                "dynamodb:PartiQLUpdate",
                "dynamodb:PartiQLDelete",
            ][..],
        ),
    ];
    for (policy, management, data) in cases {
        let outside = statement(policy, "DenyDataOutsideVpcEndpoints");
        assert_eq!(outside.conditions[0].key, "aws:SourceVpce");
        for action in management {
            assert!(!denies(outside, action), "{action} is denied outside the endpoints");
        }
        for action in data {
            assert!(denies(outside, action), "{action} is not denied outside the endpoints");
        }
        // TLS stays required for everything, management included.
        let tls = statement(policy, "DenyInsecureTransport");
        for action in management.iter().chain(data) {
            assert!(denies(tls, action), "{action} may go without TLS");
        }
    }
}

fn warnings(name: &str) -> Vec<String> {
    let path = format!("{}/tests/fixtures/policy/{name}.vpce", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    compile(
        &SourceFile {
            name: format!("{name}.vpce"),
            text,
        },
        Catalog::builtin().expect("catalog"),
    )
    .diagnostics
    .iter()
    .map(|d| d.code.as_str().to_string())
    .collect()
}

#[test]
fn allow_aws_buckets_admits_them_through_every_scoped_s3_endpoint() {
    let p = fixture("aws-buckets");
    let r = region(&p, "eu-west-1");
    let gateway = r
        .gateway_endpoints()
        .first()
        .copied()
        .and_then(|e| e.policy.as_ref())
        .expect("gateway policy");
    let interface = r
        .interface_endpoints()
        .first()
        .copied()
        .and_then(|e| e.policy.as_ref())
        .expect("interface policy");
    for policy in [gateway, interface] {
        let sids: Vec<&str> = policy.statements.iter().map(|s| s.sid.as_str()).collect();
        // The file's own bucket first, then the sets in the data file's order, once each.
        assert_eq!(
            sids,
            [
                "AllowBucketAcmeAppDataEuWest1",
                "AllowAwsBucketsSsm",
                "AllowAwsBucketsAmazonLinux2",
                "AllowAwsBucketsEcr"
            ]
        );
        let ssm = statement(policy, "AllowAwsBucketsSsm");
        assert_eq!(ssm.actions, ["s3:GetObject"]);
        let arns = resources(ssm);
        assert!(
            arns.contains(&"arn:aws:s3:::aws-ssm-eu-west-1/*".to_string()),
            "{arns:?}"
        );
        assert!(
            arns.contains(&"arn:aws:s3:::eu-west-1-birdwatcher-prod/*".to_string()),
            "{arns:?}"
        );
        assert_eq!(
            resources(statement(policy, "AllowAwsBucketsEcr")),
            ["arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*"]
        );
    }
    assert!(!warnings("aws-buckets").contains(&"W210".to_string()));
}

#[test]
fn a_scoped_gateway_without_aws_buckets_is_w210() {
    assert!(
        warnings("table-indexes").is_empty(),
        "a dynamodb endpoint blocks no S3 bucket"
    );
    assert!(warnings("access-words").contains(&"W210".to_string()));
    let p = fixture("access-words");
    let r = region(&p, "eu-west-1");
    let s3 = r
        .gateway_endpoints()
        .into_iter()
        .find(|e| e.service_name.ends_with(".s3"))
        .and_then(|e| e.policy.as_ref())
        .expect("s3 policy");
    assert!(s3.statements.iter().all(|s| !s.sid.starts_with("AllowAwsBuckets")));
}
