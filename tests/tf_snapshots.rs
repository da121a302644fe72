//! Snapshots of the Terraform that hand-built plans produce (the examples'
//! Terraform is snapshotted by tests/examples.rs).

mod tf_support;

#[test]
fn full_plan_snapshot() {
    let file = vpcec::emit::tf::emit(&tf_support::full_plan()).unwrap();
    assert_eq!(file.name, "lab.tf");
    insta::assert_snapshot!("full_plan", file.content);
}

#[test]
fn escaping_snapshot() {
    let file = vpcec::emit::tf::emit(&tf_support::hostile_plan(
        "q\"b\\s ${x} %{y} $${z}\nline\ttab é 😀 \u{1}",
    ))
    .unwrap();
    insta::assert_snapshot!("hostile_plan", file.content);
}

#[test]
fn output_is_deterministic() {
    let first = vpcec::emit::tf::emit(&tf_support::full_plan()).unwrap();
    let second = vpcec::emit::tf::emit(&tf_support::full_plan()).unwrap();
    assert_eq!(first, second);
}
