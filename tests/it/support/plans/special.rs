//! Special-purpose plans: a single resource CloudFormation must reject, many
//! subnets for the quota, names YAML 1.1 misreads, text to escape.

use super::*;
use vpcec::plan::model::*;

/// An existing table (no partition key: the plan does not create it) with a
/// policy that denies access from outside `endpoint`. Terraform writes it;
/// CloudFormation cannot attach a policy to a table it does not own (E120).
pub fn existing_table_with_policy(name: &str, endpoint: Expr) -> Table {
    let table = key(Kind::Table, &[name]);
    Table {
        key: table.clone(),
        name: name.to_string(),
        origin: TableOrigin::Existing,
        policy: document(vec![deny_outside_endpoints(
            "dynamodb:*",
            vec![Expr::Arn(table)],
            vec![endpoint],
        )]),
        stage: Stage::Main,
    }
}

/// One region with many subnets (and their route tables) in one VPC.
pub fn many_subnets(count: usize) -> Plan {
    let mut r = region("eu-west-1");
    r.push(vpc("big", "10.0.0.0/8"));
    for n in 0..count {
        let cidr = format!("10.{}.{}.0/24", n / 256, n % 256);
        let zone = Zone::Name("eu-west-1a".into());
        subnet(&mut r, "big", &format!("big-{n}"), &cidr, zone, false);
    }
    plan("big.vpce", "big", vec![r])
}

/// A plan whose names YAML 1.1 would read as booleans, numbers or dates when
/// written plain: the VPC `no`, the subnet (and route table) `on`, the bucket
/// `2012-10-17`, the table `1_000` and the role `yes`.
pub fn yaml_1_1_names_plan() -> Plan {
    let mut r = region("eu-west-1");
    r.push(vpc("no", "10.0.0.0/16"));
    subnet(
        &mut r,
        "no",
        "on",
        "10.0.1.0/24",
        Zone::Name("eu-west-1b".into()),
        false,
    );
    r.push(Bucket {
        key: key(Kind::Bucket, &["2012-10-17"]),
        name: "2012-10-17".into(),
        origin: Origin::Created,
        policy: None,
        policy_stage: Stage::Main,
    });
    r.push(Table {
        key: key(Kind::Table, &["1_000"]),
        name: "1_000".into(),
        origin: TableOrigin::Created {
            partition_key: "y".into(),
        },
        policy: None,
        stage: Stage::Main,
    });
    r.push(ec2_role("yes", &[], None));
    plan("yaml-1.1.vpce", "yaml-1-1", vec![r])
}

/// A small plan whose free-text fields (the source name, the VPC's name, a
/// security group's description and rule) hold `text`, to be escaped.
pub fn hostile_plan(text: &str) -> Plan {
    let mut part = region("eu-west-1");
    let mut net = vpc("a.b", "10.0.0.0/16");
    net.name = text.into();
    part.push(net);
    let rules = [("10.0.0.0/24", 443, text)];
    let mut group = security_group(&["a.b", "kms"], created(Kind::Vpc, &["a.b"]), &rules);
    group.description = text.into();
    part.push(group);
    plan(&format!("{text}.vpce"), "hostile", vec![part])
}
