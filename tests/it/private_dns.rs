//! Private DNS is VPC-wide: an interface endpoint with private DNS serves
//! every subnet of its VPC, its security group admits the VPC's block, and
//! `reach` says so; `private-dns off` keeps an endpoint to the named subnets.

use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::{compile, Compilation};
use vpcec::plan::model::{Plan, SecurityGroup};
use vpcec::plan::serves::ServedBecause;
use vpcec::report::reach::{analyse, Reach};
use vpcec::rules::Code;

fn compiled(name: &str, text: &str) -> Compilation {
    let file = SourceFile {
        name: name.into(),
        text: text.into(),
    };
    compile(&file, Catalog::builtin().expect("catalog"))
}

fn fixture() -> (Plan, Vec<Reach>) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dns/vpc-wide.vpce"))
        .expect("fixture");
    let compilation = compiled("vpc-wide.vpce", &text);
    match (compilation.model, compilation.plan) {
        (Some(model), Some(plan)) => {
            let rows = analyse(&model, &plan);
            (plan, rows)
        }
        _ => panic!("does not compile: {:#?}", compilation.diagnostics),
    }
}

fn group<'a>(plan: &'a Plan, service: &str) -> &'a SecurityGroup {
    let name = format!("shop-{service}-interface-sg");
    plan.regions["eu-west-1"]
        .security_groups()
        .into_iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn row<'a>(rows: &'a [Reach], subnet: &str, target: &str) -> &'a Reach {
    rows.iter()
        .find(|r| r.subnet == subnet && r.target == target)
        .unwrap_or_else(|| panic!("no row {subnet} x {target}"))
}

#[test]
fn with_private_dns_the_security_group_admits_the_whole_vpc() {
    let (plan, _) = fixture();
    for service in ["ssm", "ssmmessages", "ec2messages", "sts"] {
        let cidrs: Vec<&str> = group(&plan, service).ingress.iter().map(|r| r.cidr.as_str()).collect();
        assert_eq!(cidrs, ["10.40.0.0/16"], "{service}");
    }
    // private-dns off: only the named subnet.
    let cidrs: Vec<&str> = group(&plan, "kms").ingress.iter().map(|r| r.cidr.as_str()).collect();
    assert_eq!(cidrs, ["10.40.2.0/24"]);
}

#[test]
fn a_subnet_left_out_of_an_intent_with_private_dns_gets_the_endpoint() {
    let (plan, rows) = fixture();
    let ssm = plan.regions["eu-west-1"]
        .interface_endpoints()
        .into_iter()
        .find(|e| e.name == "shop-ssm-interface")
        .expect("ssm endpoint");
    assert_eq!(ssm.serves.serves("app-a"), Some(&ServedBecause::Intent));
    assert_eq!(
        ssm.serves.serves("edge"),
        Some(&ServedBecause::PrivateDns { vpc: "shop".into() })
    );
    assert!(ssm.serves.takes_all_traffic);
    // The public subnet reaches SSM through the endpoint, not the internet.
    let edge = row(&rows, "edge", "ssm");
    assert!(edge.reachable);
    assert_eq!(edge.via, Some("interface"));
    assert_eq!(
        edge.reason,
        "private DNS of interface endpoint `shop-ssm-interface` answers for `ssm` in every subnet of `shop`"
    );
    assert_eq!(row(&rows, "app-b", "ssmmessages").via, Some("interface"));
}

#[test]
fn private_dns_off_keeps_the_endpoint_to_the_named_subnets() {
    let (plan, rows) = fixture();
    let kms = plan.regions["eu-west-1"]
        .interface_endpoints()
        .into_iter()
        .find(|e| e.name == "shop-kms-interface")
        .expect("kms endpoint");
    assert_eq!(kms.serves.subnet_list(), "app-b");
    assert!(!kms.serves.takes_all_traffic);
    assert_eq!(row(&rows, "app-b", "kms").via, Some("interface"));
    let edge = row(&rows, "edge", "kms");
    assert_eq!(edge.via, Some("internet"), "{edge:?}");
    assert!(edge
        .reason
        .starts_with("interface endpoint `shop-kms-interface` serves only `app-b`"));
}

#[test]
fn a_nat_intent_to_a_service_with_a_private_dns_endpoint_goes_through_the_endpoint() {
    let (_, rows) = fixture();
    let sts = row(&rows, "app-b", "sts");
    assert!(sts.reachable);
    assert_eq!(sts.via, Some("interface"), "{sts:?}");
    assert!(
        sts.reason
            .ends_with("the `via nat` intent of `app-b` to it goes through this endpoint too"),
        "{}",
        sts.reason
    );
    assert_eq!(row(&rows, "app-b", "internet").via, Some("nat"));
}

#[test]
fn an_existing_vpc_without_cidr_is_e127_only_with_private_dns() {
    let head = "region eu-west-1;\nvpc legacy id vpc-0a1b2c3d;\n\
                subnet app id subnet-0a1b2c3d route-table rtb-0a1b2c3d cidr 10.0.1.0/24 az eu-west-1a;\n";
    let with_dns = compiled("e127.vpce", &format!("{head}subnet app reaches kms via interface;\n"));
    let codes: Vec<Code> = with_dns.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E127]);
    assert!(with_dns.plan.is_none());
    let without = compiled(
        "e127.vpce",
        &format!("{head}subnet app reaches kms via interface private-dns off;\n"),
    );
    assert!(without.diagnostics.is_empty(), "{:#?}", without.diagnostics);
}

#[test]
fn a_nat_intent_the_private_dns_endpoint_refuses_is_e124() {
    let text = "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nsubnet edge cidr 10.0.0.0/24 az eu-west-1a public;\n\
                subnet a cidr 10.0.1.0/24 az eu-west-1a;\nsubnet b cidr 10.0.2.0/24 az eu-west-1b;\n\
                bucket kept-bucket-1;\nbucket other-bucket-1;\n\
                subnet a reaches bucket kept-bucket-1 via interface;\n\
                subnet b reaches bucket other-bucket-1 via nat;\n";
    let compilation = compiled("e124.vpce", text);
    // No W203: `b`'s requests go to the endpoint, not through nat.
    let codes: Vec<Code> = compilation.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::E124]);
    // With private DNS off, the NAT path is untouched (and only through nat: W203).
    let off = compiled(
        "e124.vpce",
        &text.replace("via interface;", "via interface private-dns off;"),
    );
    assert!(off.plan.is_some(), "{:#?}", off.diagnostics);
    let codes: Vec<Code> = off.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::W203]);
}

fn nat_intents_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dns/nat-intents.vpce"
    ))
    .expect("fixture")
}

/// The warnings about nat paths and role access agree with `reach`: private
/// DNS sends `other`'s `via nat` requests, and those of the roles' subnets,
/// to the interface endpoint.
#[test]
fn nat_and_role_warnings_follow_private_dns() {
    let compilation = compiled("nat-intents.vpce", &nat_intents_text());
    assert!(compilation.diagnostics.is_empty(), "{:#?}", compilation.diagnostics);
    let (Some(model), Some(plan)) = (compilation.model, compilation.plan) else {
        panic!("no plan");
    };
    let rows = analyse(&model, &plan);
    for subnet in ["other", "idle"] {
        let reach = row(&rows, subnet, "bucket data-bucket-xyz");
        assert!(reach.reachable, "{reach:?}");
        assert_eq!(reach.via, Some("interface"), "{reach:?}");
    }
}

/// With `private-dns off`, the endpoint serves `app` only: `other` reaches
/// the bucket through nat alone, which `deny public` refuses, and neither
/// role's subnet can use it.
#[test]
fn without_private_dns_the_nat_and_role_warnings_stay() {
    let text = nat_intents_text().replace("via interface;", "via interface private-dns off;");
    let compilation = compiled("nat-intents.vpce", &text);
    let found: Vec<(Code, &str)> = compilation
        .diagnostics
        .iter()
        .map(|d| (d.code, d.span.map_or("", |span| &text[span.start..span.end])))
        .collect();
    assert_eq!(
        found,
        [
            (Code::W203, "bucket data-bucket-xyz"),
            (Code::W206, "bucket data-bucket-xyz"),
            (Code::W205, "bucket data-bucket-xyz"),
            (Code::W205, "bucket data-bucket-xyz"),
        ]
    );
    let messages: Vec<&str> = compilation.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages[2].contains("role `worker`") && messages[2].contains("(`other`)"),
        "{messages:?}"
    );
    assert!(
        messages[3].contains("role `reader`") && messages[3].contains("(`idle`)"),
        "{messages:?}"
    );
}
