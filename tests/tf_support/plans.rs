//! Hand-built plans: one with every resource kind, one full of text to escape.

use std::collections::BTreeMap;

use vpcec::aws::Partition;
use vpcec::plan::model::*;

fn key(kind: Kind, parts: &[&str]) -> ResourceKey {
    ResourceKey::new(kind, parts.iter().copied())
}

fn lit(text: &str) -> Expr {
    Expr::Lit(text.to_string())
}

fn created(kind: Kind, parts: &[&str]) -> IdRef {
    IdRef::Created(key(kind, parts))
}

fn existing(id: &str) -> IdRef {
    IdRef::Existing(id.to_string())
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
        conditions: Vec::new(),
    }
}

fn condition(operator: &str, key: &str, values: Vec<Expr>) -> Condition {
    Condition {
        operator: operator.to_string(),
        key: key.to_string(),
        values,
    }
}

fn empty_region(region: &str) -> RegionPlan {
    RegionPlan::new(region, Partition::Aws)
}

fn subnet(name: &str, cidr: &str, zone: Zone, public: bool) -> Subnet {
    Subnet {
        key: key(Kind::Subnet, &[name]),
        name: name.to_string(),
        vpc: created(Kind::Vpc, &["lab"]),
        cidr: cidr.to_string(),
        zone,
        public,
        route_table: key(Kind::RouteTable, &[name]),
    }
}

fn security_group(parts: &[&str], vpc: IdRef, rules: &[(&str, u16, &str)]) -> SecurityGroup {
    SecurityGroup {
        key: key(Kind::SecurityGroup, parts),
        name: parts.join("-"),
        description: format!("vpcec: clients of endpoint {}", parts.join("-")),
        vpc,
        ingress: rules
            .iter()
            .map(|(cidr, port, description)| IngressRule {
                cidr: cidr.to_string(),
                port: *port,
                description: description.to_string(),
            })
            .collect(),
    }
}

fn interface(
    parts: &[&str],
    vpc: IdRef,
    service_name: Expr,
    service_region: Option<&str>,
    subnets: Vec<IdRef>,
) -> InterfaceEndpoint {
    InterfaceEndpoint {
        key: key(Kind::InterfaceEndpoint, parts),
        name: parts.join("-"),
        vpc,
        service_name,
        service_region: service_region.map(str::to_string),
        subnets,
        security_group: key(Kind::SecurityGroup, parts),
        private_dns: false,
        private_dns_only_for_inbound_resolver: None,
        policy: None,
        served_subnets: vec!["010".into(), "app".into()],
    }
}

/// The home region of the full plan: a created VPC with every network
/// resource, endpoints of every kind, storage and a role.
fn eu_west_1() -> RegionPlan {
    let bucket = key(Kind::Bucket, &["data.lab"]);
    let table = key(Kind::Table, &["orders"]);
    let gateway = key(Kind::GatewayEndpoint, &["lab", "s3"]);
    let s3_interface = key(Kind::InterfaceEndpoint, &["lab", "s3"]);
    let objects = Expr::Concat(vec![Expr::Arn(bucket.clone()), lit("/*")]);
    let mut part = empty_region("eu-west-1");
    part.vpcs.push(Vpc {
        key: key(Kind::Vpc, &["lab"]),
        name: "lab".into(),
        cidr: "10.0.0.0/16".into(),
    });
    part.subnets
        .push(subnet("app", "10.0.1.0/24", Zone::Name("eu-west-1a".into()), false));
    part.subnets
        .push(subnet("web", "10.0.2.0/24", Zone::Id("euw1-az2".into()), true));
    part.subnets
        .push(subnet("010", "10.0.3.0/24", Zone::Name("eu-west-1b".into()), false));
    for name in ["app", "web", "010"] {
        part.route_tables.push(RouteTable {
            key: key(Kind::RouteTable, &[name]),
            name: name.into(),
            vpc: created(Kind::Vpc, &["lab"]),
        });
    }
    part.internet_gateways.push(InternetGateway {
        key: key(Kind::InternetGateway, &["lab"]),
        name: "lab".into(),
        vpc: created(Kind::Vpc, &["lab"]),
    });
    part.nat_gateways.push(NatGateway {
        key: key(Kind::NatGateway, &["lab", "web"]),
        name: "lab-nat".into(),
        subnet: created(Kind::Subnet, &["web"]),
        eip: key(Kind::ElasticIp, &["lab", "web"]),
        internet_gateway: Some(key(Kind::InternetGateway, &["lab"])),
    });
    part.routes.push(Route {
        key: key(Kind::Route, &["web"]),
        name: "web default route".into(),
        route_table: created(Kind::RouteTable, &["web"]),
        destination: "0.0.0.0/0".into(),
        target: RouteTarget::InternetGateway(key(Kind::InternetGateway, &["lab"])),
    });
    part.routes.push(Route {
        key: key(Kind::Route, &["app"]),
        name: "app default route".into(),
        route_table: created(Kind::RouteTable, &["app"]),
        destination: "0.0.0.0/0".into(),
        target: RouteTarget::NatGateway(key(Kind::NatGateway, &["lab", "web"])),
    });
    let clients = [("10.0.1.0/24", 443, "subnet app"), ("10.0.3.0/24", 443, "subnet 010")];
    part.security_groups
        .push(security_group(&["lab", "s3"], created(Kind::Vpc, &["lab"]), &clients));
    part.security_groups.push(security_group(
        &["lab", "kms", "us-east-1"],
        created(Kind::Vpc, &["lab"]),
        &clients[..1],
    ));
    part.security_groups.push(security_group(
        &["lab", "orders"],
        created(Kind::Vpc, &["lab"]),
        &clients[..1],
    ));
    part.gateway_endpoints.push(GatewayEndpoint {
        key: gateway.clone(),
        name: "lab-s3".into(),
        vpc: created(Kind::Vpc, &["lab"]),
        service_name: "com.amazonaws.eu-west-1.s3".into(),
        route_tables: vec![
            created(Kind::RouteTable, &["010"]),
            created(Kind::RouteTable, &["app"]),
            existing("rtb-0123456789abcdef0"),
        ],
        policy: Some(PolicyDocument {
            statements: vec![statement(
                "AllowDataLab",
                Effect::Allow,
                Some(Principal::Any),
                &["s3:GetObject", "s3:PutObject"],
                vec![Expr::Arn(bucket.clone()), objects.clone()],
            )],
        }),
        subnets: vec!["010".into(), "app".into()],
    });
    let mut s3 = interface(
        &["lab", "s3"],
        created(Kind::Vpc, &["lab"]),
        lit("com.amazonaws.eu-west-1.s3"),
        None,
        vec![created(Kind::Subnet, &["010"]), created(Kind::Subnet, &["app"])],
    );
    s3.private_dns = true;
    s3.private_dns_only_for_inbound_resolver = Some(true);
    s3.policy = Some(PolicyDocument {
        statements: vec![statement(
            "AllowAll",
            Effect::Allow,
            Some(Principal::Any),
            &["s3:*"],
            vec![lit("*")],
        )],
    });
    part.interface_endpoints.push(s3);
    part.interface_endpoints.push(interface(
        &["lab", "kms", "us-east-1"],
        created(Kind::Vpc, &["lab"]),
        lit("com.amazonaws.us-east-1.kms"),
        Some("us-east-1"),
        vec![created(Kind::Subnet, &["app"])],
    ));
    let service = Expr::Concat(vec![
        lit("com.amazonaws.vpce.us-east-1."),
        Expr::ImportedId {
            region: "us-east-1".into(),
            key: key(Kind::EndpointService, &["orders"]),
        },
    ]);
    part.interface_endpoints.push(interface(
        &["lab", "orders"],
        created(Kind::Vpc, &["lab"]),
        service,
        Some("us-east-1"),
        vec![created(Kind::Subnet, &["app"])],
    ));
    let mut deny = statement(
        "DenyOutsideEndpoints",
        Effect::Deny,
        Some(Principal::Any),
        &["s3:*"],
        vec![Expr::Arn(bucket.clone()), objects.clone()],
    );
    deny.conditions = vec![
        condition(
            "StringNotEquals",
            "aws:SourceVpce",
            vec![Expr::Id(gateway.clone()), Expr::Id(s3_interface.clone())],
        ),
        condition(
            "ArnNotLike",
            "aws:PrincipalArn",
            vec![Expr::Concat(vec![
                lit("arn:aws:iam::"),
                Expr::AccountId,
                lit(":role/admin"),
            ])],
        ),
    ];
    part.buckets.push(Bucket {
        key: bucket.clone(),
        name: "data.lab".into(),
        created: true,
        policy: Some(PolicyDocument { statements: vec![deny] }),
    });
    let mut legacy = statement(
        "DenyOutsideEndpoints",
        Effect::Deny,
        Some(Principal::Any),
        &["s3:*"],
        vec![Expr::Arn(key(Kind::Bucket, &["legacy-logs"]))],
    );
    legacy.conditions = vec![condition(
        "StringNotEquals",
        "aws:SourceVpce",
        vec![Expr::Id(gateway.clone())],
    )];
    part.buckets.push(Bucket {
        key: key(Kind::Bucket, &["legacy-logs"]),
        name: "legacy-logs".into(),
        created: false,
        policy: Some(PolicyDocument {
            statements: vec![legacy],
        }),
    });
    let mut table_deny = statement(
        "DenyOutsideEndpoints",
        Effect::Deny,
        Some(Principal::Any),
        &["dynamodb:*"],
        vec![Expr::Arn(table.clone())],
    );
    table_deny.conditions = vec![condition(
        "StringNotEquals",
        "aws:SourceVpce",
        vec![Expr::Id(gateway.clone())],
    )];
    part.tables.push(Table {
        key: table.clone(),
        name: "orders".into(),
        partition_key: Some("pk".into()),
        policy: Some(PolicyDocument {
            statements: vec![table_deny.clone()],
        }),
    });
    let old_table = key(Kind::Table, &["010"]);
    let mut old_deny = table_deny;
    old_deny.resources = vec![Expr::Arn(old_table.clone())];
    part.tables.push(Table {
        key: old_table,
        name: "010".into(),
        partition_key: None,
        policy: Some(PolicyDocument {
            statements: vec![old_deny],
        }),
    });
    part.roles.push(Role {
        key: key(Kind::Role, &["app-role"]),
        instance_profile: key(Kind::InstanceProfile, &["app-role"]),
        name: "app-role".into(),
        trust_policy: PolicyDocument {
            statements: vec![statement(
                "TrustEc2",
                Effect::Allow,
                Some(Principal::Service(vec!["ec2.amazonaws.com".into()])),
                &["sts:AssumeRole"],
                Vec::new(),
            )],
        },
        managed_policy_arns: vec!["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore".into()],
        policy: Some(PolicyDocument {
            statements: vec![
                statement("ReadDataLab", Effect::Allow, None, &["s3:GetObject"], vec![objects]),
                statement(
                    "ReadOrders",
                    Effect::Allow,
                    None,
                    &["dynamodb:GetItem", "dynamodb:Query"],
                    vec![Expr::Arn(table)],
                ),
            ],
        }),
    });
    part.imports.push(Import {
        region: "us-east-1".into(),
        key: key(Kind::EndpointService, &["orders"]),
    });
    part
}

/// The second region: an existing VPC, an endpoint service and an interface endpoint.
fn us_east_1() -> RegionPlan {
    let mut part = empty_region("us-east-1");
    part.security_groups.push(security_group(
        &["ops", "sts"],
        existing("vpc-0a1b2c3d"),
        &[("172.16.0.0/24", 443, "subnet ops")],
    ));
    let mut sts = interface(
        &["ops", "sts"],
        existing("vpc-0a1b2c3d"),
        lit("com.amazonaws.us-east-1.sts"),
        None,
        vec![existing("subnet-0aaa1111"), existing("subnet-0bbb2222")],
    );
    sts.private_dns = true;
    sts.served_subnets = vec!["ops".into()];
    part.interface_endpoints.push(sts);
    part.endpoint_services.push(EndpointService {
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

/// A plan with every resource kind, created and existing references, two
/// regions and a value imported from one into the other.
pub fn full_plan() -> Plan {
    let mut regions = BTreeMap::new();
    regions.insert("eu-west-1".to_string(), eu_west_1());
    regions.insert("us-east-1".to_string(), us_east_1());
    Plan {
        source_name: "examples/lab.vpce".into(),
        stem: "lab".into(),
        regions,
    }
}

/// A small plan whose free-text fields hold everything that needs escaping.
pub fn hostile_plan(text: &str) -> Plan {
    let mut part = empty_region("eu-west-1");
    part.vpcs.push(Vpc {
        key: key(Kind::Vpc, &["a.b"]),
        name: text.into(),
        cidr: "10.0.0.0/16".into(),
    });
    let mut group = security_group(
        &["a.b", "kms"],
        created(Kind::Vpc, &["a.b"]),
        &[("10.0.0.0/24", 443, text)],
    );
    group.description = text.into();
    part.security_groups.push(group);
    let mut regions = BTreeMap::new();
    regions.insert("eu-west-1".to_string(), part);
    Plan {
        source_name: format!("{text}.vpce"),
        stem: "hostile".into(),
        regions,
    }
}
