//! Stages and order on hand-built regions: cycles of bucket and table
//! policies are broken, regions off the cycle keep one template, and a loop
//! of endpoint services has no order.

use std::collections::BTreeMap;

use super::*;
use crate::aws::{Catalog, Partition};
use crate::plan::model::{Bucket, Condition, Effect, Origin, Principal, Statement, Table, TableOrigin};

/// A policy whose condition names the given endpoint ids.
fn policy(ids: Vec<Expr>) -> Option<PolicyDocument> {
    Some(PolicyDocument {
        statements: vec![Statement {
            sid: "DenyOutsideVpcEndpoints".into(),
            effect: Effect::Deny,
            principal: Some(Principal::Any),
            actions: vec!["s3:*".into()],
            resources: vec![Expr::Lit("arn:aws:s3:::b".into())],
            conditions: vec![Condition {
                operator: "StringNotEquals".into(),
                key: "aws:SourceVpce".into(),
                values: ids,
            }],
        }],
    })
}

fn endpoint(vpc: &str) -> ResourceKey {
    ResourceKey::new(Kind::InterfaceEndpoint, [vpc, "s3"])
}

fn imported(region: &str, vpc: &str) -> Expr {
    Expr::ImportedId {
        region: region.into(),
        key: endpoint(vpc),
    }
}

/// Region `name` whose bucket admits its own endpoint and `others`.
fn region_with_bucket(name: &str, others: Vec<Expr>) -> RegionPlan {
    let mut region = RegionPlan::new(name, Partition::Aws);
    let mut ids = vec![Expr::Id(endpoint(name))];
    ids.extend(others);
    region.push(Bucket {
        key: ResourceKey::new(Kind::Bucket, [format!("bucket-{name}")]),
        name: format!("bucket-{name}"),
        origin: Origin::Created,
        policy: policy(ids),
        policy_stage: Stage::Main,
    });
    region
}

fn plan_of(regions: Vec<RegionPlan>) -> (Deployment, BTreeMap<String, RegionPlan>) {
    let model = crate::check::model::Model::default();
    let mut builder = Builder {
        model: &model,
        catalog: Catalog::builtin().expect("catalog"),
        regions: regions.into_iter().map(|r| (r.region.clone(), r)).collect(),
        diagnostics: Vec::new(),
        index: crate::plan::index::ModelIndex::new(&model),
    };
    let deployment = build(&mut builder);
    (deployment, builder.regions)
}

fn step(region: &str, stage: Stage, inputs: &[&str]) -> Step {
    Step {
        region: region.into(),
        stage,
        inputs: inputs.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn a_three_region_cycle_moves_its_policies_and_leaves_the_outsider_alone() {
    let (deployment, regions) = plan_of(vec![
        region_with_bucket("a-1", vec![imported("b-1", "b-1")]),
        region_with_bucket("b-1", vec![imported("c-1", "c-1")]),
        region_with_bucket("c-1", vec![imported("a-1", "a-1")]),
        region_with_bucket("d-1", vec![imported("a-1", "a-1")]),
    ]);
    assert_eq!(
        deployment,
        Deployment::Ordered(vec![
            step("a-1", Stage::Main, &[]),
            step("b-1", Stage::Main, &[]),
            step("c-1", Stage::Main, &[]),
            step("d-1", Stage::Main, &["a-1"]),
            step("a-1", Stage::Late, &["a-1", "b-1"]),
            step("b-1", Stage::Late, &["b-1", "c-1"]),
            step("c-1", Stage::Late, &["a-1", "c-1"]),
        ])
    );
    let bucket = |r: &str| regions[r].buckets()[0];
    assert_eq!(bucket("a-1").policy_stage, Stage::Late);
    assert_eq!(bucket("d-1").policy_stage, Stage::Main, "d-1 is on no cycle");
    // The moved policy takes its own region's endpoint from the main template.
    let values = &bucket("a-1").policy.as_ref().expect("policy").statements[0].conditions[0].values;
    assert_eq!(values, &vec![imported("a-1", "a-1"), imported("b-1", "b-1")]);
    let d_values = &bucket("d-1").policy.as_ref().expect("policy").statements[0].conditions[0].values;
    assert_eq!(
        d_values[0],
        Expr::Id(endpoint("d-1")),
        "a policy left in place keeps its Ref"
    );
    assert_eq!(regions["a-1"].exports, [endpoint("a-1")]);
    assert!(regions["a-1"].imports.iter().all(|i| i.stage == Stage::Late));
}

#[test]
fn a_table_on_a_cycle_moves_with_its_policy() {
    let mut a = region_with_bucket("a-1", vec![imported("b-1", "b-1")]);
    let mut b = RegionPlan::new("b-1", Partition::Aws);
    b.push(Table {
        key: ResourceKey::new(Kind::Table, ["t"]),
        name: "t".into(),
        origin: TableOrigin::Created {
            partition_key: "pk".into(),
        },
        policy: policy(vec![Expr::Id(endpoint("b-1")), imported("a-1", "a-1")]),
        stage: Stage::Main,
    });
    a.buckets_mut()[0].origin = Origin::Existing;
    let (deployment, regions) = plan_of(vec![a, b]);
    assert_eq!(regions["b-1"].tables()[0].stage, Stage::Late);
    assert_eq!(regions["a-1"].buckets()[0].policy_stage, Stage::Late);
    assert_eq!(deployment.steps().len(), 4);
}

#[test]
fn one_way_references_keep_one_template_per_region() {
    let (deployment, regions) = plan_of(vec![
        region_with_bucket("a-1", vec![]),
        region_with_bucket("b-1", vec![imported("a-1", "a-1")]),
    ]);
    assert_eq!(
        deployment,
        Deployment::Ordered(vec![step("a-1", Stage::Main, &[]), step("b-1", Stage::Main, &["a-1"])])
    );
    assert_eq!(regions["b-1"].buckets()[0].policy_stage, Stage::Main);
}

#[test]
fn a_loop_of_endpoint_services_has_no_order() {
    let consumer = |name: &str, other: &str| {
        let mut region = RegionPlan::new(name, Partition::Aws);
        region.push(crate::plan::model::InterfaceEndpoint {
            key: ResourceKey::new(
                Kind::InterfaceEndpoint,
                [format!("vpc-{name}"), "service".into(), other.into()],
            ),
            name: format!("to-{other}"),
            vpc: crate::plan::model::IdRef::Existing("vpc-0a1b2c3d".into()),
            service_name: Expr::ImportedId {
                region: other.into(),
                key: ResourceKey::new(Kind::EndpointService, [other]),
            },
            service_region: Some(other.into()),
            subnets: Vec::new(),
            security_group: ResourceKey::new(Kind::SecurityGroup, [name]),
            private_dns: false,
            private_dns_only_for_inbound_resolver: None,
            depends_on: Vec::new(),
            policy: None,
            serves: crate::plan::serves::Serves {
                vpc: format!("vpc-{name}"),
                destination: crate::plan::serves::Destination::EndpointService { name: other.into() },
                subnets: Vec::new(),
                admits: crate::plan::serves::Admits::Everything,
                takes_all_traffic: false,
            },
            private_dns_off_across_regions: false,
        });
        region
    };
    let (deployment, _) = plan_of(vec![consumer("a-1", "b-1"), consumer("b-1", "a-1")]);
    let Deployment::Cycle(links) = deployment else {
        panic!("ordered: {deployment:?}");
    };
    let path: Vec<(&str, &str)> = links.iter().map(|l| (l.region.as_str(), l.home.as_str())).collect();
    assert_eq!(path, [("a-1", "b-1"), ("b-1", "a-1")]);
    assert_eq!(links[0].needs, "endpoint service `b-1`");
}
