//! One file deploys into one account (W211), and an endpoint service that
//! requires acceptance keeps the endpoints of its own file pending (W212,
//! and `reach` says so).

use vpcec::aws::Catalog;
use vpcec::diagnostics::{Diagnostic, SourceFile};
use vpcec::driver::{compile, Compilation};
use vpcec::report::reach;
use vpcec::rules::Code;

const NLB_111: &str = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/app/0123456789abcdef";
const NLB_444: &str = "arn:aws:elasticloadbalancing:eu-west-1:444455556666:loadbalancer/net/app/0123456789abcdef";
const CONSUMER: &str = "vpc app cidr 10.0.0.0/16;\nsubnet app-a cidr 10.0.1.0/24 az eu-west-1a;\n";

fn compiled(body: &str) -> Compilation {
    let file = SourceFile {
        name: "t.vpce".into(),
        text: format!("region eu-west-1;\n{body}"),
    };
    compile(&file, Catalog::builtin().expect("catalog"))
}

fn with_code(compilation: &Compilation, code: Code) -> Vec<&Diagnostic> {
    compilation.diagnostics.iter().filter(|d| d.code == code).collect()
}

#[test]
fn a_load_balancer_of_another_account_than_the_admins_is_w211() {
    let c = compiled(&format!(
        "service api nlb {NLB_111};\nallow admin arn:aws:iam::444455556666:role/Admin;\n"
    ));
    let found = with_code(&c, Code::W211);
    assert_eq!(found.len(), 1, "{:#?}", c.diagnostics);
    assert!(found[0].message.contains("`111122223333`") && found[0].message.contains("`444455556666`"));
}

#[test]
fn load_balancers_of_two_accounts_are_w211_without_admins() {
    let c = compiled(&format!("service a nlb {NLB_444};\nservice b nlb {NLB_111};\n"));
    let found = with_code(&c, Code::W211);
    assert_eq!(found.len(), 1, "{:#?}", c.diagnostics);
    assert!(found[0].message.contains(NLB_111), "the later one is reported");
}

#[test]
fn consumers_allowed_from_other_accounts_are_not_w211() {
    let c = compiled(&format!(
        "service api nlb {NLB_444} allow arn:aws:iam::111122223333:root, arn:aws:iam::999988887777:root;\n\
         allow admin arn:aws:iam::444455556666:role/Admin;\n"
    ));
    assert_eq!(with_code(&c, Code::W211), Vec::<&Diagnostic>::new());
}

#[test]
fn acceptance_required_with_a_consumer_in_the_file_is_w212_and_not_reachable() {
    let c = compiled(&format!(
        "{CONSUMER}service api nlb {NLB_444} acceptance required;\n\
         subnet app-a reaches service api via interface;\n"
    ));
    let found = with_code(&c, Code::W212);
    assert_eq!(found.len(), 1, "{:#?}", c.diagnostics);
    assert!(found[0].message.contains("`api`") && found[0].message.contains("`app-a`"));
    let (model, plan) = (c.model.as_ref().expect("model"), c.plan.as_ref().expect("plan"));
    let rows = reach::analyse(model, plan);
    let row = rows
        .iter()
        .find(|r| r.subnet == "app-a" && r.target == "service api")
        .expect("a row for the service");
    assert!(!row.reachable, "{row:?}");
    assert!(row.reason.contains("pending acceptance"), "{row:?}");
}

#[test]
fn acceptance_required_without_a_consumer_in_the_file_is_fine() {
    let c = compiled(&format!("{CONSUMER}service api nlb {NLB_444} acceptance required;\n"));
    assert_eq!(with_code(&c, Code::W212), Vec::<&Diagnostic>::new());
}

#[test]
fn a_service_without_acceptance_is_reachable_from_its_file() {
    let c = compiled(&format!(
        "{CONSUMER}service api nlb {NLB_444};\nsubnet app-a reaches service api via interface;\n"
    ));
    assert_eq!(c.diagnostics, Vec::<Diagnostic>::new());
    let rows = reach::analyse(c.model.as_ref().expect("model"), c.plan.as_ref().expect("plan"));
    assert!(
        rows.iter().any(|r| r.target == "service api" && r.reachable),
        "{rows:#?}"
    );
}
