//! Snapshots of the Terraform that hand-built plans produce (the examples'
//! Terraform is snapshotted by tests/it/examples.rs).

use crate::support;

#[test]
fn full_plan_snapshot() {
    let file = vpcec::emit::tf::emit(&support::plans::full_plan_for_terraform()).unwrap();
    assert_eq!(file.name, "full.tf");
    insta::assert_snapshot!("full_plan", file.content);
}

#[test]
fn escaping_snapshot() {
    let file = vpcec::emit::tf::emit(&support::plans::hostile_plan(
        "q\"b\\s ${x} %{y} $${z}\nline\ttab é 😀 \u{1}",
    ))
    .unwrap();
    insta::assert_snapshot!("hostile_plan", file.content);
}

#[test]
fn output_is_deterministic() {
    let first = vpcec::emit::tf::emit(&support::plans::full_plan_for_terraform()).unwrap();
    let second = vpcec::emit::tf::emit(&support::plans::full_plan_for_terraform()).unwrap();
    assert_eq!(first, second);
}

#[test]
fn plans_that_break_their_invariants_give_e123() {
    use vpcec::plan::model::{IdRef, Kind, ResourceKey};
    let mut plan = support::plans::full_plan_for_terraform();
    let part = plan.regions.get_mut("eu-west-1").unwrap();
    part.subnets_mut()[0].vpc = IdRef::Created(ResourceKey::new(Kind::Vpc, ["nowhere"]));
    let diagnostics = vpcec::emit::tf::emit(&plan).unwrap_err();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, vpcec::rules::Code::E123);
    assert!(diagnostics[0].message.contains("nowhere"), "{}", diagnostics[0].message);

    let mut plan = support::plans::full_plan_for_terraform();
    let part = plan.regions.get_mut("eu-west-1").unwrap();
    let policy = part.buckets_mut().into_iter().next().unwrap().policy.as_mut().unwrap();
    let twice = policy.statements[0].conditions[0].clone();
    policy.statements[0].conditions.push(twice);
    let diagnostics = vpcec::emit::tf::emit(&plan).unwrap_err();
    assert!(
        diagnostics[0].message.contains("appears twice"),
        "{}",
        diagnostics[0].message
    );
}
