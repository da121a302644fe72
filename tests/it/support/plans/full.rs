//! The full plan: every resource kind of the plan model and the edges the
//! emitters must handle, in two regions.

use super::*;
use vpcec::plan::model::*;

/// Two regions with every resource kind: created and existing VPCs, subnets
/// public and private (zones by name and by id, one named `010`), internet
/// and NAT gateways with routes to both, a gateway endpoint with a scoped
/// policy and created and existing route tables, a gateway endpoint of an
/// existing VPC, interface endpoints (one with a policy and private DNS for
/// inbound resolvers only, one cross-region by service name, one
/// cross-region to an endpoint service imported from the other region, one
/// in an existing VPC), a created bucket with a deny-public policy (`Concat`
/// with `AccountId`), an existing bucket with a policy, a table with a
/// policy, an endpoint service with principals and supported regions, and an
/// instance role with managed and inline policies.
pub fn full_plan() -> Plan {
    plan("examples/full: demo.vpce", "full", vec![eu_west_1(), us_east_1()])
}

/// The full plan and what only Terraform can take: a policy on an existing
/// table (CloudFormation cannot attach one, E120), and policies naming the
/// existing table and bucket by key (CloudFormation's emitter writes only
/// its own template's resources by key).
pub fn full_plan_for_terraform() -> Plan {
    let mut plan = full_plan();
    let part = plan.regions.get_mut("eu-west-1").unwrap();
    let gateway = key(Kind::GatewayEndpoint, &["legacy", "dynamodb"]);
    part.push(existing_table_with_policy("010", Expr::Id(gateway)));
    let legacy = part
        .buckets_mut()
        .into_iter()
        .find(|bucket| bucket.origin == Origin::Existing)
        .unwrap();
    let arn = Expr::Arn(legacy.key.clone());
    legacy.policy.as_mut().unwrap().statements[0].resources = vec![arn.clone(), Expr::Concat(vec![arn, lit("/*")])];
    plan
}

/// The home region: a created VPC with every network resource, endpoints of
/// every kind, storage and a role.
fn eu_west_1() -> RegionPlan {
    let mut part = region("eu-west-1");
    network(&mut part);
    endpoints(&mut part);
    storage(&mut part);
    let objects = Expr::Concat(vec![Expr::Arn(key(Kind::Bucket, &["data.lab"])), lit("/*")]);
    part.push(ec2_role(
        "app-role",
        &["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
        document(vec![
            statement("ReadDataLab", Effect::Allow, None, &["s3:GetObject"], vec![objects]),
            statement(
                "ReadOrders",
                Effect::Allow,
                None,
                &["dynamodb:GetItem", "dynamodb:Query"],
                vec![Expr::Arn(key(Kind::Table, &["orders"]))],
            ),
        ]),
    ));
    part.imports.push(Import {
        stage: Stage::Main,
        region: "us-east-1".into(),
        key: key(Kind::EndpointService, &["orders"]),
    });
    part
}

/// VPC `lab`: subnets `app` (private, behind the NAT), `web` (public) and
/// `010` (private, no route out), the gateways and the default routes.
fn network(part: &mut RegionPlan) {
    part.push(vpc("lab", "10.0.0.0/16"));
    let zone_a = Zone::Name("eu-west-1a".into());
    subnet(part, "lab", "app", "10.0.1.0/24", zone_a, false);
    subnet(part, "lab", "web", "10.0.2.0/24", Zone::Id("euw1-az2".into()), true);
    subnet(
        part,
        "lab",
        "010",
        "10.0.3.0/24",
        Zone::Name("eu-west-1b".into()),
        false,
    );
    let igw = key(Kind::InternetGateway, &["lab"]);
    let nat = key(Kind::NatGateway, &["lab", "web"]);
    part.push(InternetGateway {
        key: igw.clone(),
        name: "lab".into(),
        vpc: created(Kind::Vpc, &["lab"]),
    });
    part.push(NatGateway {
        key: nat.clone(),
        name: "lab-nat".into(),
        subnet: created(Kind::Subnet, &["web"]),
        eip: key(Kind::ElasticIp, &["lab", "web"]),
        internet_gateway: Some(igw.clone()),
        serves: NatServes {
            vpc: "lab".into(),
            subnets: vec![vpcec::plan::serves::ServedSubnet {
                subnet: "app".into(),
                because: vpcec::plan::serves::ServedBecause::Intent,
            }],
        },
    });
    for (subnet, target) in [
        ("web", RouteTarget::InternetGateway(igw)),
        ("app", RouteTarget::NatGateway(nat)),
    ] {
        part.push(Route {
            key: key(Kind::Route, &[subnet]),
            name: format!("{subnet} default route"),
            route_table: created(Kind::RouteTable, &[subnet]),
            destination: "0.0.0.0/0".into(),
            target,
        });
    }
}

/// Gateway endpoints (S3 in `lab` with a scoped policy, DynamoDB in an
/// existing VPC) and interface endpoints with their security groups.
fn endpoints(part: &mut RegionPlan) {
    let bucket = key(Kind::Bucket, &["data.lab"]);
    let objects = Expr::Concat(vec![Expr::Arn(bucket.clone()), lit("/*")]);
    part.push(GatewayEndpoint {
        key: key(Kind::GatewayEndpoint, &["lab", "s3"]),
        name: "lab-s3".into(),
        vpc: created(Kind::Vpc, &["lab"]),
        service_name: "com.amazonaws.eu-west-1.s3".into(),
        route_tables: vec![
            created(Kind::RouteTable, &["010"]),
            created(Kind::RouteTable, &["app"]),
            existing("rtb-0123456789abcdef0"),
        ],
        policy: document(vec![statement(
            "AllowDataLab",
            Effect::Allow,
            Some(Principal::Any),
            &["s3:GetObject", "s3:PutObject"],
            vec![Expr::Arn(bucket), objects],
        )]),
        serves: serves("s3", None, &["010", "app"]),
    });
    part.push(GatewayEndpoint {
        key: key(Kind::GatewayEndpoint, &["legacy", "dynamodb"]),
        name: "legacy-dynamodb".into(),
        vpc: existing("vpc-0a1b2c3d4e5f60718"),
        service_name: "com.amazonaws.eu-west-1.dynamodb".into(),
        route_tables: vec![existing("rtb-0fedcba9876543210")],
        policy: None,
        serves: serves("dynamodb", None, &["legacy-app"]),
    });

    let lab = || created(Kind::Vpc, &["lab"]);
    let clients = [("10.0.1.0/24", 443, "subnet app"), ("10.0.3.0/24", 443, "subnet 010")];
    let app = || vec![created(Kind::Subnet, &["app"])];
    part.push(security_group(&["lab", "s3"], lab(), &clients));
    let mut s3 = interface(
        &["lab", "s3"],
        lab(),
        lit("com.amazonaws.eu-west-1.s3"),
        None,
        vec![created(Kind::Subnet, &["010"]), created(Kind::Subnet, &["app"])],
        &["010", "app"],
    );
    s3.private_dns = true;
    s3.private_dns_only_for_inbound_resolver = Some(true);
    s3.depends_on = vec![key(Kind::GatewayEndpoint, &["lab", "s3"])];
    s3.policy = document(vec![statement(
        "AllowAll",
        Effect::Allow,
        Some(Principal::Any),
        &["s3:*"],
        vec![lit("*")],
    )]);
    part.push(s3);

    let kms = ["lab", "kms", "us-east-1"];
    part.push(security_group(&kms, lab(), &clients[..1]));
    let kms_name = lit("com.amazonaws.us-east-1.kms");
    part.push(interface(&kms, lab(), kms_name, Some("us-east-1"), app(), &["app"]));

    let orders = ["lab", "orders"];
    part.push(security_group(&orders, lab(), &clients[..1]));
    let service = Expr::Concat(vec![
        lit("com.amazonaws.vpce.us-east-1."),
        Expr::ImportedId {
            region: "us-east-1".into(),
            key: key(Kind::EndpointService, &["orders"]),
        },
    ]);
    part.push(interface(&orders, lab(), service, Some("us-east-1"), app(), &["app"]));
}

/// A created bucket that denies access from outside the endpoints (its
/// admins and AWS services excepted), an existing bucket with a policy, and
/// a table with a policy.
fn storage(part: &mut RegionPlan) {
    let bucket = key(Kind::Bucket, &["data.lab"]);
    let gateway = Expr::Id(key(Kind::GatewayEndpoint, &["lab", "s3"]));
    let s3_interface = Expr::Id(key(Kind::InterfaceEndpoint, &["lab", "s3"]));
    let objects = Expr::Concat(vec![Expr::Arn(bucket.clone()), lit("/*")]);
    let mut deny = deny_outside_endpoints(
        "s3:*",
        vec![Expr::Arn(bucket.clone()), objects],
        vec![gateway.clone(), s3_interface],
    );
    let admin = Expr::Concat(vec![lit("arn:aws:iam::"), Expr::AccountId, lit(":role/admin")]);
    deny.conditions
        .push(condition("ArnNotLike", "aws:PrincipalArn", vec![admin]));
    deny.conditions.push(condition(
        "BoolIfExists",
        "aws:PrincipalIsAWSService",
        vec![lit("false")],
    ));
    part.push(Bucket {
        key: bucket,
        name: "data.lab".into(),
        origin: Origin::Created,
        policy: document(vec![deny]),
        policy_stage: Stage::Main,
    });
    let legacy = vec![lit("arn:aws:s3:::legacy-logs"), lit("arn:aws:s3:::legacy-logs/*")];
    part.push(Bucket {
        key: key(Kind::Bucket, &["legacy-logs"]),
        name: "legacy-logs".into(),
        origin: Origin::Existing,
        policy: document(vec![deny_outside_endpoints("s3:*", legacy, vec![gateway])]),
        policy_stage: Stage::Main,
    });
    let table = key(Kind::Table, &["orders"]);
    let dynamodb = Expr::Id(key(Kind::GatewayEndpoint, &["legacy", "dynamodb"]));
    part.push(Table {
        key: table.clone(),
        name: "orders".into(),
        origin: TableOrigin::Created {
            partition_key: "pk".into(),
        },
        policy: document(vec![deny_outside_endpoints(
            "dynamodb:*",
            vec![Expr::Arn(table)],
            vec![dynamodb],
        )]),
        stage: Stage::Main,
    });
}

/// The second region: an interface endpoint in an existing VPC and the
/// endpoint service the home region imports.
fn us_east_1() -> RegionPlan {
    let mut part = region("us-east-1");
    let ops = existing("vpc-0a1b2c3d");
    let clients = [("172.16.0.0/24", 443, "subnet ops")];
    part.push(security_group(&["ops", "sts"], ops.clone(), &clients));
    let mut sts = interface(
        &["ops", "sts"],
        ops,
        lit("com.amazonaws.us-east-1.sts"),
        None,
        vec![existing("subnet-0aaa1111"), existing("subnet-0bbb2222")],
        &["ops"],
    );
    sts.private_dns = true;
    part.push(sts);
    part.push(EndpointService {
        key: key(Kind::EndpointService, &["orders"]),
        name: "orders".into(),
        nlb_arns: vec![
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/orders/0123456789abcdef".into(),
        ],
        acceptance_required: true,
        allowed_principals: vec![
            "arn:aws:iam::111122223333:root".into(),
            "arn:aws:iam::444455556666:role/consumer".into(),
        ],
        supported_regions: vec!["eu-west-1".into()],
    });
    part.exports.push(key(Kind::EndpointService, &["orders"]));
    part
}
