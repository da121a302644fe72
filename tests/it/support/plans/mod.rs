//! Hand-built plans and the small builders they are made of: the full plan
//! both emitters are tested on, and special-purpose plans (many subnets,
//! names YAML 1.1 misreads, text to escape).

mod full;
mod special;

pub use full::{full_plan, full_plan_for_terraform};
pub use special::{existing_table_with_policy, hostile_plan, many_subnets, yaml_1_1_names_plan};

use std::collections::BTreeMap;

use vpcec::aws::Partition;
use vpcec::plan::model::*;
use vpcec::plan::serves::{Admits, Destination, ServedBecause, ServedSubnet};

/// A key from its kind and name parts.
pub fn key(kind: Kind, parts: &[&str]) -> ResourceKey {
    ResourceKey::new(kind, parts.iter().copied())
}

/// A literal expression.
pub fn lit(text: &str) -> Expr {
    Expr::Lit(text.to_string())
}

/// A reference to a resource the plan creates.
pub fn created(kind: Kind, parts: &[&str]) -> IdRef {
    IdRef::Created(key(kind, parts))
}

/// A reference to a resource that exists already, by its id.
pub fn existing(id: &str) -> IdRef {
    IdRef::Existing(id.to_string())
}

/// An empty region.
pub fn region(name: &str) -> RegionPlan {
    RegionPlan::new(name, Partition::Aws)
}

/// A plan of the given regions, each with the outputs the planner would give
/// it (an existing VPC is named by its id).
pub fn plan(source_name: &str, stem: &str, regions: Vec<RegionPlan>) -> Plan {
    let vpc_name = |vpc: &IdRef| match vpc {
        IdRef::Created(key) => key.parts.join("/"),
        IdRef::Existing(id) => id.clone(),
    };
    let regions: BTreeMap<String, RegionPlan> = regions
        .into_iter()
        .map(|mut r| {
            r.outputs = vpcec::plan::outputs::derive(&r, &vpc_name);
            (r.region.clone(), r)
        })
        .collect();
    let steps = vpcec::plan::stages::order(&regions).expect("hand-built plans have a deployment order");
    Plan {
        source_name: source_name.to_string(),
        stem: stem.to_string(),
        regions,
        deployment: Deployment::Ordered(steps),
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

/// A created subnet of a created VPC, with its route table (of the same name).
pub fn subnet(region: &mut RegionPlan, vpc: &str, name: &str, cidr: &str, zone: Zone, public: bool) {
    let table = key(Kind::RouteTable, &[name]);
    region.push(Subnet {
        key: key(Kind::Subnet, &[name]),
        name: name.to_string(),
        vpc: created(Kind::Vpc, &[vpc]),
        cidr: cidr.to_string(),
        zone,
        public,
        route_table: table.clone(),
    });
    region.push(RouteTable {
        key: table,
        name: name.to_string(),
        vpc: created(Kind::Vpc, &[vpc]),
    });
}

/// A policy statement without conditions.
pub fn statement(
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

/// A policy condition.
pub fn condition(operator: &str, key: &str, values: Vec<Expr>) -> Condition {
    Condition {
        operator: operator.to_string(),
        key: key.to_string(),
        values,
    }
}

/// A policy document of the given statements.
pub fn document(statements: Vec<Statement>) -> Option<PolicyDocument> {
    Some(PolicyDocument { statements })
}

/// `Deny` of `action` on `resources` to anyone, unless the request comes
/// through one of `endpoints` (their ids).
pub fn deny_outside_endpoints(action: &str, resources: Vec<Expr>, endpoints: Vec<Expr>) -> Statement {
    let mut deny = statement(
        "DenyOutsideEndpoints",
        Effect::Deny,
        Some(Principal::Any),
        &[action],
        resources,
    );
    deny.conditions
        .push(condition("StringNotEquals", "aws:SourceVpce", endpoints));
    deny
}

/// A security group of the endpoint `parts`, with HTTPS-style ingress rules
/// `(cidr, port, description)`.
pub fn security_group(parts: &[&str], vpc: IdRef, rules: &[(&str, u16, &str)]) -> SecurityGroup {
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

/// An interface endpoint `parts` (guarded by the security group of the same
/// parts) in the given subnets, which it also serves; without private DNS or
/// a policy.
pub fn interface(
    parts: &[&str],
    vpc: IdRef,
    service_name: Expr,
    service_region: Option<&str>,
    subnets: Vec<IdRef>,
    served_subnets: &[&str],
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
        private_dns_off_across_regions: false,
        depends_on: Vec::new(),
        policy: None,
        serves: serves(
            parts.last().copied().unwrap_or_default(),
            service_region,
            served_subnets,
        ),
    }
}

/// A record of an endpoint to `service` (in `region`, eu-west-1 by default)
/// serving `subnets` as their intents ask, admitting everything.
pub fn serves(service: &str, region: Option<&str>, subnets: &[&str]) -> Serves {
    Serves {
        vpc: "lab".to_string(),
        destination: Destination::Aws {
            service: service.to_string(),
            region: region.unwrap_or("eu-west-1").to_string(),
        },
        subnets: subnets
            .iter()
            .map(|s| ServedSubnet {
                subnet: s.to_string(),
                because: ServedBecause::Intent,
            })
            .collect(),
        admits: Admits::Everything,
        takes_all_traffic: false,
    }
}

/// An instance role EC2 may assume, with its instance profile.
pub fn ec2_role(name: &str, managed_policy_arns: &[&str], policy: Option<PolicyDocument>) -> Role {
    Role {
        key: key(Kind::Role, &[name]),
        instance_profile: key(Kind::InstanceProfile, &[name]),
        name: name.to_string(),
        trust_policy: PolicyDocument {
            statements: vec![statement(
                "TrustEc2",
                Effect::Allow,
                Some(Principal::Service(vec!["ec2.amazonaws.com".into()])),
                &["sts:AssumeRole"],
                Vec::new(),
            )],
        },
        managed_policy_arns: managed_policy_arns.iter().map(|a| a.to_string()).collect(),
        policy,
    }
}
