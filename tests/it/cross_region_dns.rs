//! Private DNS on cross-region interface endpoints: AWS does not document
//! whether it can be on there, so vpcec turns it off for every cross-region
//! interface endpoint, whatever the service, and says so where users look:
//! `reach`, and the endpoint's output description.

use vpcec::aws::Catalog;
use vpcec::diagnostics::{Diagnostic, SourceFile};
use vpcec::driver::{compile, Compilation};
use vpcec::emit::{cfn, tf};
use vpcec::plan::model::InterfaceEndpoint;
use vpcec::report::reach;

const PROGRAM: &str = include_str!("../fixtures/semantics/cross-region-private-dns.vpce");

fn compiled() -> Compilation {
    let file = SourceFile {
        name: "t.vpce".into(),
        text: PROGRAM.into(),
    };
    compile(&file, Catalog::builtin().expect("catalog"))
}

fn endpoint<'p>(c: &'p Compilation, name: &str) -> &'p InterfaceEndpoint {
    let plan = c.plan.as_ref().expect("plan");
    plan.regions["eu-west-1"]
        .interface_endpoints()
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no endpoint {name}"))
}

#[test]
fn cross_region_interface_endpoints_have_private_dns_off() {
    let c = compiled();
    assert_eq!(c.diagnostics, Vec::<Diagnostic>::new());
    for name in ["app-s3-us-east-1-interface", "app-kms-us-east-1-interface"] {
        let e = endpoint(&c, name);
        assert!(e.service_region.is_some(), "{name} is cross-region");
        assert!(!e.private_dns, "{name} has private DNS on");
        assert_eq!(
            e.private_dns_only_for_inbound_resolver, None,
            "{name} needs no DnsOptions"
        );
        assert!(e.private_dns_off_across_regions, "{name}: the plan records why");
    }
    let near = endpoint(&c, "app-kms-interface");
    assert!(
        near.private_dns && !near.private_dns_off_across_regions,
        "same region keeps private DNS"
    );
}

#[test]
fn an_explicit_private_dns_off_needs_no_note() {
    let file = SourceFile {
        name: "t.vpce".into(),
        text: "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
               subnet a reaches kms us-east-1 via interface private-dns off;\n"
            .into(),
    };
    let c = compile(&file, Catalog::builtin().expect("catalog"));
    let e = endpoint(&c, "app-kms-us-east-1-interface");
    assert!(!e.private_dns && !e.private_dns_off_across_regions);
    let plan = c.plan.as_ref().expect("plan");
    let template = &cfn::emit(plan, cfn::TemplateFormat::Yaml).expect("template")[0].content;
    assert!(!template.contains("so private DNS is off"), "{template}");
}

#[test]
fn both_targets_write_private_dns_off_without_dns_options() {
    let c = compiled();
    let plan = c.plan.as_ref().expect("plan");
    let template = &cfn::emit(plan, cfn::TemplateFormat::Yaml).expect("template")[0].content;
    assert_eq!(template.matches("PrivateDnsEnabled: false").count(), 2, "{template}");
    assert_eq!(template.matches("PrivateDnsEnabled: true").count(), 1, "{template}");
    assert!(!template.contains("DnsOptions"), "{template}");
    assert!(
        template.contains("cross-region to us-east-1, so private DNS is off"),
        "{template}"
    );
    let terraform = tf::emit(plan).expect("terraform").content;
    assert_eq!(
        terraform.matches("private_dns_enabled = false").count(),
        2,
        "{terraform}"
    );
    assert!(!terraform.contains("dns_options"), "{terraform}");
}

#[test]
fn reach_says_private_dns_is_off_across_regions() {
    let c = compiled();
    let rows = reach::analyse(c.model.as_ref().expect("model"), c.plan.as_ref().expect("plan"));
    let far = rows
        .iter()
        .find(|r| r.target == "bucket far-away-archive")
        .expect("bucket row");
    assert!(far.reachable, "{far:?}");
    assert!(far.reason.contains("private DNS is off across regions"), "{far:?}");
    // `kms us-east-1` and `kms` are both written `kms` in the table: one row each.
    let kms: Vec<_> = rows.iter().filter(|r| r.target == "kms").collect();
    assert_eq!(kms.len(), 2, "{kms:#?}");
    let noted = kms.iter().filter(|r| r.reason.contains("private DNS is off")).count();
    assert_eq!(noted, 1, "only the cross-region endpoint: {kms:#?}");
}
