//! Snapshots of the Terraform that hand-built plans and the examples produce.

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

#[test]
fn example_snapshots() {
    for path in tf_support::examples() {
        if let Some(content) = tf_support::example_tf(&path) {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            insta::assert_snapshot!(format!("example_{stem}"), content);
        }
    }
}
