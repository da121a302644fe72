//! Endpoint service names in the China regions start with
//! `cn.com.amazonaws.vpce.`: vpcec writes that form for the services a file
//! declares, in both targets, accepts it as a `service` target, and refuses
//! the prefix of the other partition (E116).

use vpcec::aws::Catalog;
use vpcec::diagnostics::{Diagnostic, SourceFile};
use vpcec::driver::{compile, Compilation};
use vpcec::emit::{cfn, tf};
use vpcec::plan::model::Expr;
use vpcec::rules::Code;

const CHINA: &str = "region cn-north-1;\nvpc app cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az cn-north-1a;\n";
const NLB: &str = "arn:aws-cn:elasticloadbalancing:cn-north-1:111122223333:loadbalancer/net/app/0123456789abcdef";

fn compiled(body: &str) -> Compilation {
    let file = SourceFile {
        name: "cn.vpce".into(),
        text: format!("{CHINA}{body}"),
    };
    compile(&file, Catalog::builtin().expect("catalog"))
}

#[test]
fn a_declared_china_service_is_named_with_the_cn_prefix_in_both_targets() {
    let c = compiled(&format!(
        "service api nlb {NLB};\nsubnet a reaches service api via interface;\n"
    ));
    assert_eq!(c.diagnostics, Vec::<Diagnostic>::new());
    let plan = c.plan.expect("plan");
    let endpoint = plan.regions["cn-north-1"].interface_endpoints()[0];
    match &endpoint.service_name {
        Expr::Concat(parts) => assert_eq!(parts[0], Expr::Lit("cn.com.amazonaws.vpce.cn-north-1.".into())),
        other => panic!("{other:?}"),
    }
    let templates = cfn::emit(&plan, cfn::TemplateFormat::Yaml).expect("template");
    let template = &templates[0].content;
    assert!(template.contains("- cn.com.amazonaws.vpce.cn-north-1.\n"), "{template}");
    assert!(!template.contains("- com.amazonaws.vpce."), "{template}");
    let terraform = tf::emit(&plan).expect("terraform").content;
    assert!(
        terraform.contains("\"cn.com.amazonaws.vpce.cn-north-1.${"),
        "{terraform}"
    );
}

#[test]
fn a_commercial_service_keeps_the_plain_prefix() {
    let file = SourceFile {
        name: "eu.vpce".into(),
        text: "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
               service api nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/app/0123456789abcdef;\n\
               subnet a reaches service api via interface;\n"
            .into(),
    };
    let plan = compile(&file, Catalog::builtin().expect("catalog")).plan.expect("plan");
    match &plan.regions["eu-west-1"].interface_endpoints()[0].service_name {
        Expr::Concat(parts) => assert_eq!(parts[0], Expr::Lit("com.amazonaws.vpce.eu-west-1.".into())),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_china_fixture_builds_with_both_names() {
    let file = SourceFile {
        name: "china-endpoint-service.vpce".into(),
        text: include_str!("../fixtures/semantics/china-endpoint-service.vpce").into(),
    };
    let c = compile(&file, Catalog::builtin().expect("catalog"));
    assert_eq!(c.diagnostics, Vec::<Diagnostic>::new());
    let plan = c.plan.expect("plan");
    let template = &cfn::emit(&plan, cfn::TemplateFormat::Yaml).expect("template")[0].content;
    assert!(template.contains("ServiceName: cn.com.amazonaws.vpce.cn-north-1.vpce-svc-0123456789abcdef0\n"));
    assert!(template.contains("- cn.com.amazonaws.vpce.cn-north-1.\n"), "{template}");
    let terraform = tf::emit(&plan).expect("terraform").content;
    assert!(terraform.contains("\"cn.com.amazonaws.vpce.cn-north-1.vpce-svc-0123456789abcdef0\""));
    assert!(
        terraform.contains("\"cn.com.amazonaws.vpce.cn-north-1.${"),
        "{terraform}"
    );
}

#[test]
fn a_china_service_name_is_accepted_as_a_target() {
    let name = "cn.com.amazonaws.vpce.cn-north-1.vpce-svc-0123456789abcdef0";
    let c = compiled(&format!("subnet a reaches service {name} via interface;\n"));
    assert_eq!(c.diagnostics, Vec::<Diagnostic>::new());
    let plan = c.plan.expect("plan");
    let endpoint = plan.regions["cn-north-1"].interface_endpoints()[0];
    assert_eq!(endpoint.service_name, Expr::Lit(name.into()));
    let templates = cfn::emit(&plan, cfn::TemplateFormat::Yaml).expect("template");
    assert!(templates[0].content.contains(&format!("ServiceName: {name}\n")));
    let terraform = tf::emit(&plan).expect("terraform").content;
    assert!(terraform.contains(&format!("\"{name}\"")), "{terraform}");
}

#[test]
fn the_prefix_of_the_other_partition_is_e116() {
    for (name, wanted) in [
        (
            "com.amazonaws.vpce.cn-north-1.vpce-svc-0123456789abcdef0",
            "cn.com.amazonaws.vpce.cn-north-1",
        ),
        (
            "cn.com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0",
            "com.amazonaws.vpce.eu-west-1",
        ),
    ] {
        let c = compiled(&format!("subnet a reaches service {name} via interface;\n"));
        let errors: Vec<&Diagnostic> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{name}: {errors:#?}");
        assert_eq!(errors[0].code, Code::E116, "{name}");
        let help = errors[0].help.clone().unwrap_or_default();
        assert!(help.contains(wanted), "{name}: {help}");
    }
}
