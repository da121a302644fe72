//! Names that are not identifiers in either target (`010`, `a.b`), that differ
//! only by punctuation or case (`a.b`, `a-b`, `ab`, `Ab`), that YAML 1.1 would
//! misread (`no`, `2012-10-17`), and values holding `"`, `${` and `%{`, reach
//! both targets exactly: nothing merges, nothing is interpolated.

use crate::support;

use std::collections::BTreeSet;

use serde_json::Value;
use vpcec::emit::{cfn, tf};

const SUBNETS: [&str; 6] = ["a.b", "a-b", "ab", "Ab", "no", "2012-10-17"];
const KEY: &str = "id \"quoted\" ${x} %{y}";
const ADMIN: &str = "arn:aws:iam::123456789012:role/a${b}%{c}";

fn plan() -> vpcec::plan::model::Plan {
    let path = support::root().join("tests/fixtures/names/tricky-names.vpce");
    let file = vpcec::diagnostics::SourceFile {
        name: "tests/fixtures/names/tricky-names.vpce".into(),
        text: std::fs::read_to_string(path).unwrap(),
    };
    vpcec::driver::compile(&file, vpcec::aws::Catalog::builtin().unwrap())
        .plan
        .expect("compiles")
}

fn expected_subnets() -> BTreeSet<String> {
    SUBNETS.iter().map(|s| s.to_string()).collect()
}

#[test]
fn cloudformation_keeps_every_name_apart_and_exact() {
    for format in [cfn::TemplateFormat::Json, cfn::TemplateFormat::Yaml] {
        let templates = cfn::emit(&plan(), format).unwrap();
        assert_eq!(templates.len(), 1);
        let template: Value = match format {
            cfn::TemplateFormat::Json => serde_json::from_str(&templates[0].content).unwrap(),
            cfn::TemplateFormat::Yaml => serde_yaml::from_str(&templates[0].content).unwrap(),
        };
        let resources = template["Resources"].as_object().unwrap();
        let subnets: BTreeSet<String> = resources
            .values()
            .filter(|r| r["Type"] == "AWS::EC2::Subnet")
            .map(|r| r["Properties"]["Tags"][0]["Value"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(subnets, expected_subnets(), "{format:?}");
        let keys: BTreeSet<&str> = resources
            .values()
            .filter(|r| r["Type"] == "AWS::DynamoDB::Table")
            .map(|r| r["Properties"]["KeySchema"][0]["AttributeName"].as_str().unwrap())
            .collect();
        assert_eq!(keys, BTreeSet::from([KEY, "id"]));
        let text = &templates[0].content;
        // IAM reads `${` as a policy variable: the literal is written `${$}{`.
        assert!(
            text.contains("role/a${$}{b}%{c}"),
            "the admin ARN is written literally, as IAM reads it"
        );
        assert_eq!(resources.len(), resources.keys().collect::<BTreeSet<_>>().len());
    }
}

#[test]
fn terraform_keeps_every_name_apart_and_exact() {
    if !support::terraform::hcl2json_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tricky.tf");
    std::fs::write(&file, tf::emit(&plan()).unwrap().content).unwrap();
    let parsed = support::terraform::hcl2json(std::slice::from_ref(&file));
    let resources = &parsed[0]["resource"];
    let subnets: BTreeSet<String> = resources["aws_subnet"]
        .as_object()
        .unwrap()
        .values()
        .map(|blocks| blocks[0]["tags"]["Name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(subnets, expected_subnets());
    // hcl2json keeps HCL's template escapes (`$${`, `%%{`) so that literals cannot
    // pass for interpolations; decoding them gives the value Terraform uses.
    let decoded = |text: &str| support::terraform::template_literal(text).unwrap_or_else(|e| panic!("{e}"));
    let keys: BTreeSet<String> = resources["aws_dynamodb_table"]
        .as_object()
        .unwrap()
        .values()
        .map(|blocks| decoded(blocks[0]["hash_key"].as_str().unwrap()))
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([KEY.to_string(), "id".to_string()]),
        "hash keys are the same literal"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("role/a$${$}{b}%%{c}"),
        "`${{` and `%{{` in values are escaped, never interpolated (and `${{` is IAM's literal `${{$}}{{`)"
    );
    assert!(!text.contains(ADMIN), "the raw ARN would be an interpolation in HCL");
}
