//! `vpcec reach` answers from the plan's record of what each endpoint serves
//! (`plan::serves`): which subnets and why, where it leads, what it admits.

use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::compile;
use vpcec::plan::serves::ServedBecause;
use vpcec::report::reach::{analyse, Reach};

fn rows(name: &str, text: &str) -> Vec<Reach> {
    let file = SourceFile {
        name: name.into(),
        text: text.into(),
    };
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    match (compilation.model, compilation.plan) {
        (Some(model), Some(plan)) => analyse(&model, &plan),
        _ => panic!("does not compile: {:#?}", compilation.diagnostics),
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/reach/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn row<'a>(rows: &'a [Reach], subnet: &str, target: &str) -> &'a Reach {
    rows.iter()
        .find(|r| r.subnet == subnet && r.target == target)
        .unwrap_or_else(|| panic!("no row {subnet} x {target}"))
}

#[test]
fn a_gateway_endpoint_in_another_region_is_named_as_the_reason() {
    let rows = rows(
        "lab.vpce",
        "region eu-west-1;\nvpc lab cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
         bucket b-far-away region us-east-1;\nbucket near-1;\nsubnet a reaches bucket near-1 via gateway;\n",
    );
    let far = row(&rows, "a", "bucket b-far-away");
    assert!(!far.reachable);
    assert_eq!(far.via, None);
    assert_eq!(
        far.reason,
        "gateway endpoint `lab-s3-gateway` serves eu-west-1 only; bucket `b-far-away` is in us-east-1; \
         no endpoint, NAT or internet route of `a` reaches it"
    );
}

#[test]
fn a_subnet_on_a_shared_route_table_uses_the_gateway_endpoint() {
    let rows = rows("shared.vpce", &fixture("regions-and-shared-tables.vpce"));
    let y = row(&rows, "y", "dynamodb");
    assert!(y.reachable, "{y:?}");
    assert_eq!(y.via, Some("gateway"));
    assert!(
        y.reason.contains("shares route table `rtb-0abc1234` with `x`"),
        "{}",
        y.reason
    );
    // The subnets of another VPC are not told about this VPC's endpoints.
    assert_eq!(
        row(&rows, "a", "dynamodb").reason,
        "no endpoint, NAT or internet route of `a` reaches it"
    );
}

#[test]
fn private_dns_wins_over_a_narrower_gateway_policy() {
    // `a`'s gateway endpoint only admits `lab-data-1`, but the S3 interface
    // endpoint (private DNS, all resolvers) takes every S3 request of the VPC.
    let rows = rows("shared.vpce", &fixture("regions-and-shared-tables.vpce"));
    let s3 = row(&rows, "a", "s3");
    assert!(s3.reachable, "{s3:?}");
    assert_eq!(s3.via, Some("interface"));
    let data = row(&rows, "a", "bucket lab-data-1");
    assert_eq!(data.via, Some("interface"), "{data:?}");
    let far = row(&rows, "a", "bucket far-away-1");
    assert!(
        far.reason.starts_with(
            "interface endpoint `lab-s3-interface` serves eu-west-1 only; bucket `far-away-1` is in us-east-1"
        ),
        "{}",
        far.reason
    );
}

#[test]
fn the_plan_records_why_each_subnet_is_served() {
    let file = SourceFile {
        name: "shared.vpce".into(),
        text: fixture("regions-and-shared-tables.vpce"),
    };
    let plan = compile(&file, Catalog::builtin().expect("catalog"))
        .plan
        .expect("compiles");
    let gateway = plan.regions["eu-west-1"]
        .gateway_endpoints()
        .into_iter()
        .find(|e| e.name == "legacy-dynamodb-gateway")
        .expect("endpoint");
    assert_eq!(gateway.serves.serves("x"), Some(&ServedBecause::Intent));
    assert_eq!(
        gateway.serves.serves("y"),
        Some(&ServedBecause::SharedRouteTable {
            route_table: "rtb-0abc1234".into(),
            with: "x".into()
        })
    );
    assert_eq!(gateway.serves.serves("a"), None);
}

#[test]
fn a_scoped_private_dns_endpoint_keeps_other_buckets_out() {
    // The interface endpoint admits `kept-1` only, and its private DNS takes
    // every S3 request of `a`, so `other-1` is out of reach.
    let rows = rows(
        "scoped.vpce",
        "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
         bucket kept-1;\nbucket other-1;\nsubnet a reaches bucket kept-1 via interface;\n",
    );
    let other = row(&rows, "a", "bucket other-1");
    assert!(!other.reachable);
    assert_eq!(other.via, Some("interface"));
    assert_eq!(
        other.reason,
        "the policy of interface endpoint `v-s3-interface` does not allow it (it admits only `bucket kept-1`), \
         and its private DNS takes all `s3` traffic of `a`"
    );
}

#[test]
fn an_allow_without_any_data_action_reaches_no_data() {
    let rows = rows("no-data-action.vpce", &fixture("no-data-action.vpce"));
    let bucket = row(&rows, "a", "bucket metadata-only-bucket");
    assert!(!bucket.reachable, "{bucket:?}");
    assert_eq!(bucket.via, Some("gateway"), "{bucket:?}");
    assert!(
        bucket
            .reason
            .contains("it admits no data: its actions read, write or list no object or item"),
        "{bucket:?}"
    );
}

/// A `via nat` intent of a subnet whose route table carries a gateway endpoint
/// for the service (put there by another subnet's intent) goes through the
/// endpoint: `reach` says so, and W203 (only through nat) does not claim otherwise.
#[test]
fn a_nat_intent_on_a_shared_route_table_gets_no_w203() {
    let text = "region eu-west-1;\n\
                vpc legacy id vpc-0a1b2c3d cidr 172.31.0.0/16;\n\
                subnet edge in legacy id subnet-0ccc3333 route-table rtb-0def5678 cidr 172.31.0.0/24 az eu-west-1a public;\n\
                subnet x in legacy id subnet-0aaa1111 route-table rtb-0abc1234 cidr 172.31.1.0/24 az eu-west-1a;\n\
                subnet y in legacy id subnet-0bbb2222 route-table rtb-0abc1234 cidr 172.31.2.0/24 az eu-west-1b;\n\
                subnet x reaches dynamodb via gateway;\n\
                subnet y reaches dynamodb via nat;\n";
    let file = SourceFile {
        name: "shared.vpce".into(),
        text: text.into(),
    };
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    assert!(compilation.diagnostics.is_empty(), "{:#?}", compilation.diagnostics);
    let rows = rows("shared.vpce", text);
    let y = row(&rows, "y", "dynamodb");
    assert_eq!(y.via, Some("gateway"), "{y:?}");
    // On a route table of its own, `y` does reach dynamodb only through nat.
    let own = text.replace(
        "subnet-0bbb2222 route-table rtb-0abc1234",
        "subnet-0bbb2222 route-table rtb-0fed4321",
    );
    let file = SourceFile {
        name: "own.vpce".into(),
        text: own,
    };
    let codes: Vec<&str> = compile(&file, Catalog::builtin().expect("catalog"))
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["W203"]);
}
