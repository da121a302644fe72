//! Ports: interface endpoints open the ports their service listens on (SMTP's
//! five, Keyspaces' 9142, an endpoint service's `port` clause), in the plan and
//! in both targets, and the 60-rule quota counts one rule per block and port.

use std::collections::BTreeSet;

use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::{compile, Compilation};
use vpcec::emit::cfn::TemplateFormat;
use vpcec::plan::model::{Plan, SecurityGroup};

const FIXTURE: &str = "tests/fixtures/ports/mail-keyspaces-and-nlb.vpce";

fn compiled(name: &str, text: String) -> Compilation {
    compile(
        &SourceFile {
            name: name.into(),
            text,
        },
        Catalog::builtin().expect("catalog"),
    )
}

fn fixture_plan() -> Plan {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ports/mail-keyspaces-and-nlb.vpce"
    ))
    .expect("fixture");
    let compilation = compiled(FIXTURE, text);
    compilation
        .plan
        .unwrap_or_else(|| panic!("does not compile: {:#?}", compilation.diagnostics))
}

/// The security group of the endpoint whose name ends in `-LABEL-interface-sg`.
fn group<'a>(plan: &'a Plan, label: &str) -> &'a SecurityGroup {
    let name = format!("-{label}-interface-sg");
    plan.regions
        .values()
        .flat_map(|r| r.security_groups())
        .find(|g| g.name.ends_with(&name))
        .unwrap_or_else(|| panic!("no security group for {label}"))
}

fn ports(group: &SecurityGroup) -> BTreeSet<u16> {
    group.ingress.iter().map(|rule| rule.port).collect()
}

#[test]
fn each_endpoint_opens_the_ports_of_its_service() {
    let plan = fixture_plan();
    assert_eq!(
        ports(group(&plan, "email-smtp")),
        BTreeSet::from([25, 465, 587, 2465, 2587])
    );
    assert_eq!(ports(group(&plan, "cassandra")), BTreeSet::from([9142]));
    assert_eq!(ports(group(&plan, "kms")), BTreeSet::from([443]));
    // `port 9443, 8443, 9443`: the listeners, once each.
    assert_eq!(ports(group(&plan, "service-billing-api")), BTreeSet::from([8443, 9443]));
    // Every block is admitted on every port.
    let smtp = group(&plan, "email-smtp");
    let blocks: BTreeSet<&str> = smtp.ingress.iter().map(|r| r.cidr.as_str()).collect();
    assert_eq!(smtp.ingress.len(), blocks.len() * 5);
    assert!(
        smtp.description.contains("TCP 25, 465, 587, 2465, 2587"),
        "{}",
        smtp.description
    );
}

#[test]
fn an_endpoint_service_without_a_port_clause_is_reached_on_443() {
    let text = "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
                service api nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/0123456789abcdef;\n\
                subnet a reaches service api via interface;\n";
    let plan = compiled("t.vpce", text.into()).plan.expect("compiles");
    assert_eq!(ports(group(&plan, "service-api")), BTreeSet::from([443]));
}

#[test]
fn both_targets_carry_every_port() {
    let plan = fixture_plan();
    let templates = vpcec::emit::cfn::emit(&plan, TemplateFormat::Json).expect("cfn");
    let template: serde_json::Value = serde_json::from_str(&templates[0].content).expect("json");
    let mut cfn_ports = BTreeSet::new();
    for resource in template["Resources"].as_object().expect("resources").values() {
        for rule in resource["Properties"]["SecurityGroupIngress"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert_eq!(rule["FromPort"], rule["ToPort"]);
            cfn_ports.insert(rule["FromPort"].as_u64().expect("port"));
        }
    }
    assert_eq!(
        cfn_ports,
        BTreeSet::from([25, 443, 465, 587, 2465, 2587, 8443, 9142, 9443])
    );
    let tf = vpcec::emit::tf::emit(&plan).expect("tf").content;
    for port in [25, 443, 465, 587, 2465, 2587, 8443, 9142, 9443] {
        assert!(
            tf.contains(&format!("from_port         = {port}\n")),
            "no rule on {port}"
        );
    }
}

#[test]
fn the_sixty_rule_quota_counts_rules_times_ports() {
    // 30 scattered /24s, which no exact aggregation merges, times 5 SMTP ports.
    let mut text = String::from("region eu-west-1;\nvpc big cidr 10.0.0.0/16;\n");
    let mut names = Vec::new();
    for i in 0..30 {
        text.push_str(&format!("subnet s{i} cidr 10.0.{}.0/24 az eu-west-1a;\n", i * 2));
        names.push(format!("s{i}"));
    }
    text.push_str(&format!(
        "subnet {} reaches email-smtp via interface private-dns off;\n",
        names.join(", ")
    ));
    let plan = compiled("big.vpce", text).plan.expect("compiles");
    let smtp = group(&plan, "email-smtp");
    assert!(smtp.ingress.len() <= 60, "{} rules", smtp.ingress.len());
    assert_eq!(smtp.ingress.len() % 5, 0);
    assert!(smtp
        .ingress
        .iter()
        .any(|r| r.description.ends_with("(widened to fit 60 rules)")));
}

#[test]
fn a_port_outside_1_to_65535_does_not_parse() {
    for bad in ["0", "65536", "70000", "08443", "443x"] {
        let text = format!(
            "service api nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/1 port {bad};\n"
        );
        let (_, diagnostics) = vpcec::syntax::parse(&text);
        assert_eq!(diagnostics.len(), 1, "{bad}: {diagnostics:#?}");
        assert_eq!(diagnostics[0].code, vpcec::rules::Code::E001);
        assert!(
            diagnostics[0].message.contains("a TCP port from 1 to 65535"),
            "{bad}: {}",
            diagnostics[0].message
        );
    }
    for good in ["1", "443", "9999", "60000", "65535"] {
        let text = format!(
            "service api nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/1 port {good};\n"
        );
        assert!(vpcec::syntax::parse(&text).1.is_empty(), "{good}");
    }
}

#[test]
fn fmt_keeps_the_port_clause_and_breaks_before_it() {
    let text = "service billing-api nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/billing/0123456789abcdef port 8443, 9443 acceptance required;\n";
    let formatted = vpcec::syntax::format::format(text).expect("formats");
    assert_eq!(
        formatted,
        "service billing-api\n    nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/billing/0123456789abcdef\n    port 8443, 9443 acceptance required;\n"
    );
    assert_eq!(vpcec::syntax::format::format(&formatted).expect("formats"), formatted);
}

#[test]
fn more_ports_than_a_security_group_holds_is_an_error() {
    let ports: Vec<String> = (1000..1061).map(|p| p.to_string()).collect();
    let text = format!(
        "region eu-west-1;\nservice api nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/api/0123456789abcdef port {};\n",
        ports.join(", ")
    );
    let compilation = compiled("many.vpce", text);
    let codes: Vec<&str> = compilation.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E001"]);
    assert!(
        compilation.diagnostics[0].message.contains("61 ports"),
        "{}",
        compilation.diagnostics[0].message
    );
}
