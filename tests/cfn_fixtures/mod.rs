//! Hand-built plans for the CloudFormation emitter tests: they hold every
//! resource kind the plan model has, so the emitter is tested without the planner.

#![allow(dead_code)]

use std::collections::BTreeMap;

use vpcec::aws::Partition;
use vpcec::plan::model::*;

/// A key from its kind and name parts.
pub fn key(kind: Kind, parts: &[&str]) -> ResourceKey {
    ResourceKey::new(kind, parts.iter().copied())
}

/// A literal expression.
pub fn lit(text: &str) -> Expr {
    Expr::Lit(text.to_string())
}

/// An empty region.
pub fn region(name: &str) -> RegionPlan {
    RegionPlan::new(name, Partition::Aws)
}

/// A plan of the given regions.
pub fn plan(source_name: &str, stem: &str, regions: Vec<RegionPlan>) -> Plan {
    let regions: BTreeMap<String, RegionPlan> = regions.into_iter().map(|r| (r.region.clone(), r)).collect();
    Plan {
        source_name: source_name.to_string(),
        stem: stem.to_string(),
        regions,
    }
}

/// A created VPC.
pub fn vpc(name: &str, cidr: &str) -> Vpc {
    Vpc {
        key: key(Kind::Vpc, &[name]),
        name: name.to_string(),
        cidr: cidr.to_string(),
    }
}

/// A created subnet of a created VPC, with its route table.
pub fn subnet(region: &mut RegionPlan, vpc: &str, name: &str, cidr: &str, zone: Zone, public: bool) {
    let vpc_ref = IdRef::Created(key(Kind::Vpc, &[vpc]));
    let table = key(Kind::RouteTable, &[name]);
    region.subnets.push(Subnet {
        key: key(Kind::Subnet, &[name]),
        name: name.to_string(),
        vpc: vpc_ref.clone(),
        cidr: cidr.to_string(),
        zone,
        public,
        route_table: table.clone(),
    });
    region.route_tables.push(RouteTable {
        key: table,
        name: format!("{name}-rt"),
        vpc: vpc_ref,
    });
}

fn statement(
    sid: &str,
    effect: Effect,
    principal: Option<Principal>,
    actions: &[&str],
    resources: Vec<Expr>,
) -> Statement {
    Statement {
        sid: sid.to_string(),
        effect,
        principal,
        actions: actions.iter().map(|a| a.to_string()).collect(),
        resources,
        conditions: vec![],
    }
}

fn condition(operator: &str, key: &str, values: Vec<Expr>) -> Condition {
    Condition {
        operator: operator.to_string(),
        key: key.to_string(),
        values,
    }
}

/// The plan of a two-region file with every resource kind: created and
/// existing VPCs, a public and a private subnet, internet and NAT gateways,
/// gateway endpoints (one with a scoped policy, one in an existing VPC),
/// interface endpoints (private DNS for inbound resolvers only, and one
/// cross-region to an endpoint service imported from the other region), a
/// bucket with a deny-public policy, an existing bucket, a table with a
/// policy, an endpoint service and an instance role.
pub fn full_plan() -> Plan {
    plan("examples/full: demo.vpce", "full", vec![eu_west_1(), us_east_1()])
}

fn eu_west_1() -> RegionPlan {
    let mut r = region("eu-west-1");
    r.vpcs.push(vpc("net-102", "10.102.0.0/16"));
    subnet(
        &mut r,
        "net-102",
        "net-102-subnet-1",
        "10.102.1.0/24",
        Zone::Name("eu-west-1a".into()),
        true,
    );
    subnet(
        &mut r,
        "net-102",
        "net-102-subnet-2",
        "10.102.2.0/24",
        Zone::Id("euw1-az2".into()),
        false,
    );
    let net = IdRef::Created(key(Kind::Vpc, &["net-102"]));
    let igw = key(Kind::InternetGateway, &["net-102"]);
    r.internet_gateways.push(InternetGateway {
        key: igw.clone(),
        name: "net-102-igw".into(),
        vpc: net.clone(),
    });
    let nat = key(Kind::NatGateway, &["net-102"]);
    r.nat_gateways.push(NatGateway {
        key: nat.clone(),
        name: "net-102-nat".into(),
        subnet: IdRef::Created(key(Kind::Subnet, &["net-102-subnet-1"])),
        eip: key(Kind::ElasticIp, &["net-102"]),
        internet_gateway: Some(igw.clone()),
    });
    r.routes.push(Route {
        key: key(Kind::Route, &["net-102-subnet-1"]),
        name: "net-102-subnet-1".into(),
        route_table: IdRef::Created(key(Kind::RouteTable, &["net-102-subnet-1"])),
        destination: "0.0.0.0/0".into(),
        target: RouteTarget::InternetGateway(igw),
    });
    r.routes.push(Route {
        key: key(Kind::Route, &["net-102-subnet-2"]),
        name: "net-102-subnet-2".into(),
        route_table: IdRef::Created(key(Kind::RouteTable, &["net-102-subnet-2"])),
        destination: "0.0.0.0/0".into(),
        target: RouteTarget::NatGateway(nat),
    });

    let logs = key(Kind::Bucket, &["vpcec-demo-logs"]);
    let orders = key(Kind::Table, &["orders"]);
    let s3_gateway = key(Kind::GatewayEndpoint, &["net-102", "s3"]);
    let ddb_gateway = key(Kind::GatewayEndpoint, &["legacy", "dynamodb"]);
    let objects = Expr::Concat(vec![Expr::Arn(logs.clone()), lit("/*")]);
    r.gateway_endpoints.push(GatewayEndpoint {
        key: s3_gateway.clone(),
        name: "net-102-s3".into(),
        vpc: net.clone(),
        service_name: "com.amazonaws.eu-west-1.s3".into(),
        route_tables: vec![IdRef::Created(key(Kind::RouteTable, &["net-102-subnet-2"]))],
        policy: Some(PolicyDocument {
            statements: vec![statement(
                "AllowBucketVpcecDemoLogs",
                Effect::Allow,
                Some(Principal::Any),
                &["s3:GetObject", "s3:ListBucket"],
                vec![Expr::Arn(logs.clone()), objects.clone()],
            )],
        }),
        subnets: vec!["net-102-subnet-2".into()],
    });
    r.gateway_endpoints.push(GatewayEndpoint {
        key: ddb_gateway.clone(),
        name: "legacy-dynamodb".into(),
        vpc: IdRef::Existing("vpc-0a1b2c3d4e5f60718".into()),
        service_name: "com.amazonaws.eu-west-1.dynamodb".into(),
        route_tables: vec![IdRef::Existing("rtb-0123456789abcdef0".into())],
        policy: None,
        subnets: vec!["legacy-app".into()],
    });

    interface(&mut r, "kms", lit("com.amazonaws.eu-west-1.kms"), None, true, None);
    interface(&mut r, "s3", lit("com.amazonaws.eu-west-1.s3"), None, true, Some(true));
    let api = Expr::Concat(vec![
        lit("com.amazonaws.vpce.us-east-1."),
        Expr::ImportedId {
            region: "us-east-1".into(),
            key: key(Kind::EndpointService, &["api"]),
        },
    ]);
    interface(&mut r, "api", api, Some("us-east-1"), false, None);
    r.imports.push(Import {
        region: "us-east-1".into(),
        key: key(Kind::EndpointService, &["api"]),
    });

    let admin = Expr::Concat(vec![lit("arn:aws:iam::"), Expr::AccountId, lit(":role/admin")]);
    let mut deny = statement(
        "DenyOutsideVpcEndpoints",
        Effect::Deny,
        Some(Principal::Any),
        &["s3:*"],
        vec![Expr::Arn(logs.clone()), objects.clone()],
    );
    deny.conditions.push(condition(
        "StringNotEquals",
        "aws:SourceVpce",
        vec![Expr::Id(s3_gateway.clone())],
    ));
    deny.conditions
        .push(condition("ArnNotLike", "aws:PrincipalArn", vec![admin]));
    deny.conditions.push(condition(
        "BoolIfExists",
        "aws:PrincipalIsAWSService",
        vec![lit("false")],
    ));
    r.buckets.push(Bucket {
        key: logs.clone(),
        name: "vpcec-demo-logs".into(),
        created: true,
        policy: Some(PolicyDocument { statements: vec![deny] }),
    });
    let mut archive_deny = statement(
        "DenyOutsideVpcEndpoints",
        Effect::Deny,
        Some(Principal::Any),
        &["s3:*"],
        vec![lit("arn:aws:s3:::legacy-archive"), lit("arn:aws:s3:::legacy-archive/*")],
    );
    archive_deny.conditions.push(condition(
        "StringNotEquals",
        "aws:SourceVpce",
        vec![
            Expr::Id(s3_gateway),
            Expr::Id(key(Kind::InterfaceEndpoint, &["net-102", "s3"])),
        ],
    ));
    r.buckets.push(Bucket {
        key: key(Kind::Bucket, &["legacy-archive"]),
        name: "legacy-archive".into(),
        created: false,
        policy: Some(PolicyDocument {
            statements: vec![archive_deny],
        }),
    });

    let mut table_deny = statement(
        "DenyOutsideVpcEndpoints",
        Effect::Deny,
        Some(Principal::Any),
        &["dynamodb:*"],
        vec![Expr::Arn(orders.clone())],
    );
    table_deny.conditions.push(condition(
        "StringNotEquals",
        "aws:SourceVpce",
        vec![Expr::Id(ddb_gateway)],
    ));
    r.tables.push(Table {
        key: orders.clone(),
        name: "orders".into(),
        partition_key: Some("id".into()),
        policy: Some(PolicyDocument {
            statements: vec![table_deny],
        }),
    });

    r.roles.push(Role {
        key: key(Kind::Role, &["app"]),
        instance_profile: key(Kind::InstanceProfile, &["app"]),
        name: "app".into(),
        trust_policy: PolicyDocument {
            statements: vec![statement(
                "AllowEc2",
                Effect::Allow,
                Some(Principal::Service(vec!["ec2.amazonaws.com".into()])),
                &["sts:AssumeRole"],
                vec![],
            )],
        },
        managed_policy_arns: vec!["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore".into()],
        policy: Some(PolicyDocument {
            statements: vec![
                statement(
                    "AllowBucketVpcecDemoLogs",
                    Effect::Allow,
                    None,
                    &["s3:GetObject"],
                    vec![objects],
                ),
                statement(
                    "AllowTableOrders",
                    Effect::Allow,
                    None,
                    &["dynamodb:GetItem", "dynamodb:Query"],
                    vec![Expr::Arn(orders)],
                ),
            ],
        }),
    });
    r
}

/// An interface endpoint of `net-102` to `service`, placed in the private subnet, with its security group.
fn interface(
    r: &mut RegionPlan,
    service: &str,
    service_name: Expr,
    service_region: Option<&str>,
    private_dns: bool,
    only_inbound: Option<bool>,
) {
    let group = key(Kind::SecurityGroup, &["net-102", service]);
    r.security_groups.push(SecurityGroup {
        key: group.clone(),
        name: format!("net-102-{service}-endpoint"),
        description: format!("HTTPS to the {service} endpoint from net-102-subnet-2"),
        vpc: IdRef::Created(key(Kind::Vpc, &["net-102"])),
        ingress: vec![IngressRule {
            cidr: "10.102.2.0/24".into(),
            port: 443,
            description: "net-102-subnet-2".into(),
        }],
    });
    r.interface_endpoints.push(InterfaceEndpoint {
        key: key(Kind::InterfaceEndpoint, &["net-102", service]),
        name: format!("net-102-{service}"),
        vpc: IdRef::Created(key(Kind::Vpc, &["net-102"])),
        service_name,
        service_region: service_region.map(str::to_string),
        subnets: vec![IdRef::Created(key(Kind::Subnet, &["net-102-subnet-2"]))],
        security_group: group,
        private_dns,
        private_dns_only_for_inbound_resolver: only_inbound,
        policy: None,
        served_subnets: vec!["net-102-subnet-2".into()],
    });
}

fn us_east_1() -> RegionPlan {
    let mut r = region("us-east-1");
    r.endpoint_services.push(EndpointService {
        key: key(Kind::EndpointService, &["api"]),
        name: "api".into(),
        nlb_arns: vec![
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/api/0123456789abcdef".into(),
        ],
        acceptance_required: true,
        allowed_principals: vec!["arn:aws:iam::111122223333:root".into()],
        supported_regions: vec!["eu-west-1".into()],
    });
    r.exports.push(key(Kind::EndpointService, &["api"]));
    r
}

/// One region with many subnets (and their route tables) in one VPC.
pub fn many_subnets(count: usize) -> Plan {
    let mut r = region("eu-west-1");
    r.vpcs.push(vpc("big", "10.0.0.0/8"));
    for n in 0..count {
        let cidr = format!("10.{}.{}.0/24", n / 256, n % 256);
        subnet(
            &mut r,
            "big",
            &format!("big-{n}"),
            &cidr,
            Zone::Name("eu-west-1a".into()),
            false,
        );
    }
    plan("big.vpce", "big", vec![r])
}

/// A plan whose names YAML 1.1 would read as booleans, numbers or dates when
/// written plain: the VPC `no`, the subnet `on`, the bucket `2012-10-17`, the
/// table `1_000` and the role `yes`.
pub fn yaml_1_1_names_plan() -> Plan {
    let mut r = region("eu-west-1");
    r.vpcs.push(vpc("no", "10.0.0.0/16"));
    subnet(
        &mut r,
        "no",
        "on",
        "10.0.1.0/24",
        Zone::Name("eu-west-1b".into()),
        false,
    );
    r.buckets.push(Bucket {
        key: key(Kind::Bucket, &["2012-10-17"]),
        name: "2012-10-17".into(),
        created: true,
        policy: None,
    });
    r.tables.push(Table {
        key: key(Kind::Table, &["1_000"]),
        name: "1_000".into(),
        partition_key: Some("y".into()),
        policy: None,
    });
    r.roles.push(Role {
        key: key(Kind::Role, &["yes"]),
        instance_profile: key(Kind::InstanceProfile, &["yes"]),
        name: "yes".into(),
        trust_policy: PolicyDocument {
            statements: vec![statement(
                "AllowEc2",
                Effect::Allow,
                Some(Principal::Service(vec!["ec2.amazonaws.com".into()])),
                &["sts:AssumeRole"],
                vec![],
            )],
        },
        managed_policy_arns: vec![],
        policy: None,
    });
    plan("yaml-1.1.vpce", "yaml-1-1", vec![r])
}
