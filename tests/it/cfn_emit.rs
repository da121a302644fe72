//! The CloudFormation emitter on hand-built plans: snapshots, determinism,
//! logical-id collisions, quotas, and what CloudFormation cannot express.

use crate::support::plans::*;
use vpcec::diagnostics::Diagnostic;
use vpcec::emit::cfn::{emit, TemplateFormat};
use vpcec::emit::OutputFile;
use vpcec::plan::model::*;
use vpcec::rules::Code;

fn files(plan: &Plan, format: TemplateFormat) -> Vec<OutputFile> {
    match emit(plan, format) {
        Ok(files) => files,
        Err(diagnostics) => panic!("unexpected diagnostics: {diagnostics:#?}"),
    }
}

fn errors(plan: &Plan) -> Vec<Diagnostic> {
    match emit(plan, TemplateFormat::Yaml) {
        Ok(files) => panic!("expected diagnostics, got {} files", files.len()),
        Err(diagnostics) => diagnostics,
    }
}

fn yaml(file: &OutputFile) -> serde_yaml::Value {
    serde_yaml::from_str(&file.content).unwrap()
}

#[test]
fn one_template_per_region_in_region_order() {
    let names: Vec<String> = files(&full_plan(), TemplateFormat::Yaml)
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["full.eu-west-1.yaml", "full.us-east-1.yaml"]);
    let names: Vec<String> = files(&full_plan(), TemplateFormat::Json)
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["full.eu-west-1.json", "full.us-east-1.json"]);
}

#[test]
fn full_plan_yaml() {
    for file in files(&full_plan(), TemplateFormat::Yaml) {
        insta::assert_snapshot!(format!("full_plan_yaml@{}", file.name), file.content);
    }
}

#[test]
fn full_plan_json() {
    for file in files(&full_plan(), TemplateFormat::Json) {
        assert!(file.content.ends_with("}\n"), "a final newline");
        insta::assert_snapshot!(format!("full_plan_json@{}", file.name), file.content);
    }
}

#[test]
fn yaml_and_json_hold_the_same_template() {
    let yaml_files = files(&full_plan(), TemplateFormat::Yaml);
    let json_files = files(&full_plan(), TemplateFormat::Json);
    for (y, j) in yaml_files.iter().zip(&json_files) {
        // Parameter descriptions name the other template, whose extension differs.
        let json_text = j.content.replace(".json (output", ".yaml (output");
        let from_json: serde_yaml::Value = serde_json::from_str(&json_text).unwrap();
        assert!(yaml(y) == from_json, "{} and {} differ", y.name, j.name);
    }
}

#[test]
fn output_is_byte_deterministic() {
    for format in [TemplateFormat::Yaml, TemplateFormat::Json] {
        assert_eq!(files(&full_plan(), format), files(&full_plan(), format));
    }
}

#[test]
fn colliding_names_never_merge_resources() {
    let mut r = region("eu-west-1");
    r.push(vpc("a.b", "10.1.0.0/16"));
    r.push(vpc("a-b", "10.2.0.0/16"));
    r.push(vpc("c", "10.3.0.0/16"));
    let template = yaml(&files(&plan("x.vpce", "x", vec![r]), TemplateFormat::Yaml)[0]);
    let resources = template["Resources"].as_mapping().unwrap();
    assert_eq!(resources.len(), 3);
    let ids: Vec<&str> = resources.keys().map(|k| k.as_str().unwrap()).collect();
    assert!(ids.contains(&"CVPC"), "{ids:?}");
    for id in ids.iter().filter(|id| id.starts_with("AB")) {
        assert_eq!(id.len(), "ABVPC".len() + 6, "{id}");
    }
    let cidrs: Vec<&str> = resources
        .values()
        .map(|r| r["Properties"]["CidrBlock"].as_str().unwrap())
        .collect();
    assert_eq!(cidrs.len(), 3);
    assert!(cidrs.contains(&"10.1.0.0/16") && cidrs.contains(&"10.2.0.0/16"));
}

#[test]
fn a_template_over_500_resources_is_an_error() {
    let diagnostics = errors(&many_subnets(501));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, Code::E120);
    assert_eq!(
        diagnostics[0].message,
        "template `big.eu-west-1.yaml` has 1504 resources; cloudformation allows at most 500"
    );
    assert!(diagnostics[0]
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("split the file"));
    // 166 subnets give 499 resources: within the quota.
    assert_eq!(files(&many_subnets(166), TemplateFormat::Yaml).len(), 1);
}

#[test]
fn a_policy_on_an_existing_table_cannot_be_expressed() {
    let mut r = region("eu-west-1");
    r.push(existing_table_with_policy("ledger", lit("vpce-0123456789abcdef0")));
    r.push(vpc("net", "10.0.0.0/16"));
    let diagnostics = errors(&plan("t.vpce", "t", vec![r]));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, Code::E120);
    assert!(
        diagnostics[0].message.contains("existing table `ledger`"),
        "{}",
        diagnostics[0].message
    );
    assert!(diagnostics[0].help.as_deref().unwrap_or_default().contains("Terraform"));
}

#[test]
fn a_reference_to_a_resource_the_template_lacks_is_reported() {
    let mut r = region("eu-west-1");
    r.push(RouteTable {
        key: key(Kind::RouteTable, &["rt"]),
        name: "rt".into(),
        vpc: IdRef::Created(key(Kind::Vpc, &["nowhere"])),
    });
    let diagnostics = errors(&plan("t.vpce", "t", vec![r]));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0].code == Code::E123 && diagnostics[0].message.starts_with("internal error: "),
        "{}",
        diagnostics[0].message
    );
    assert!(
        diagnostics[0].message.contains("Vpc/nowhere"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn an_import_that_the_other_region_does_not_export_is_reported() {
    let mut plan = full_plan();
    plan.regions.get_mut("us-east-1").unwrap().exports.clear();
    let diagnostics = errors(&plan);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0].message.contains("does not export it"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn an_empty_region_is_an_error() {
    let diagnostics = errors(&plan("e.vpce", "e", vec![region("eu-west-1")]));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0].message.contains("no resources"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn any_source_name_is_safe_in_the_description() {
    let mut r = region("eu-west-1");
    r.push(vpc("net", "10.0.0.0/16"));
    let name = "we: \"ird\"\n# name: {x} [y] 'z' \\ & * ! %.vpce";
    for format in [TemplateFormat::Yaml, TemplateFormat::Json] {
        let file = &files(&plan(name, "weird", vec![r.clone()]), format)[0];
        let template: serde_yaml::Value = serde_yaml::from_str(&file.content).unwrap();
        assert_eq!(
            template["Description"].as_str().unwrap(),
            format!("Generated by vpcec from {name}; do not edit.")
        );
    }
    let long = "x".repeat(2000);
    let file = &files(&plan(&long, "long", vec![r]), TemplateFormat::Yaml)[0];
    let description = yaml(file)["Description"].as_str().unwrap().to_string();
    assert!(
        description.len() <= 1024 && description.ends_with("xxx; do not edit."),
        "{description}"
    );
}

#[test]
fn a_resource_the_plan_holds_twice_is_reported() {
    let mut r = region("eu-west-1");
    r.push(vpc("net", "10.0.0.0/16"));
    r.push(vpc("net", "10.1.0.0/16"));
    let diagnostics = errors(&plan("t.vpce", "t", vec![r]));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0].message.contains("`NetVPC` twice"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn routes_of_one_name_in_different_tables_stay_apart() {
    let mut r = region("eu-west-1");
    r.push(vpc("net", "10.0.0.0/16"));
    subnet(&mut r, "net", "a", "10.0.1.0/24", Zone::Name("eu-west-1a".into()), true);
    subnet(&mut r, "net", "b", "10.0.2.0/24", Zone::Name("eu-west-1b".into()), true);
    let igw = key(Kind::InternetGateway, &["net"]);
    r.push(InternetGateway {
        key: igw.clone(),
        name: "net".into(),
        vpc: IdRef::Created(key(Kind::Vpc, &["net"])),
    });
    for table in ["a", "b"] {
        r.push(Route {
            key: key(Kind::Route, &["net-public"]),
            name: "net-public".into(),
            route_table: IdRef::Created(key(Kind::RouteTable, &[table])),
            destination: "0.0.0.0/0".into(),
            target: RouteTarget::InternetGateway(igw.clone()),
        });
    }
    let template = yaml(&files(&plan("r.vpce", "r", vec![r]), TemplateFormat::Yaml)[0]);
    let routes: Vec<&str> = template["Resources"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, body)| body["Type"] == "AWS::EC2::Route")
        .map(|(id, _)| id.as_str().unwrap())
        .collect();
    assert_eq!(routes.len(), 2, "{routes:?}");
    assert!(
        routes.iter().all(|id| id.starts_with("NetPublicDefaultRoute")),
        "{routes:?}"
    );
}

#[test]
fn names_yaml_1_1_would_misread_are_quoted() {
    let file = &files(&yaml_1_1_names_plan(), TemplateFormat::Yaml)[0];
    insta::assert_snapshot!(file.content);
}

/// A table whose resource policy the plan moved to the late stage is created
/// in the late template, policy and all (CloudFormation sets a table's
/// resource policy on the table), and the main template has no table.
#[test]
fn a_late_table_is_created_in_the_late_template_with_its_policy() {
    let remote = key(Kind::InterfaceEndpoint, &["ops", "dynamodb"]);
    let mut home = region("eu-west-1");
    home.push(vpc("lab", "10.0.0.0/16"));
    let table = key(Kind::Table, &["orders"]);
    let imported = Expr::ImportedId {
        region: "us-east-1".into(),
        key: remote.clone(),
    };
    home.push(Table {
        key: table.clone(),
        name: "orders".into(),
        origin: TableOrigin::Created {
            partition_key: "pk".into(),
        },
        policy: document(vec![deny_outside_endpoints(
            "dynamodb:*",
            vec![Expr::Arn(table)],
            vec![imported],
        )]),
        stage: Stage::Late,
    });
    home.imports.push(Import {
        stage: Stage::Late,
        region: "us-east-1".into(),
        key: remote.clone(),
    });
    let mut other = region("us-east-1");
    let ops = existing("vpc-0a1b2c3d");
    other.push(security_group(
        &["ops", "dynamodb"],
        ops.clone(),
        &[("172.16.0.0/24", 443, "subnet ops")],
    ));
    other.push(interface(
        &["ops", "dynamodb"],
        ops,
        lit("com.amazonaws.us-east-1.dynamodb"),
        None,
        vec![existing("subnet-0a1b2c3d")],
        &["ops"],
    ));
    other.exports.push(remote);
    let plan = plan("t.vpce", "t", vec![home, other]);
    let templates = files(&plan, TemplateFormat::Json);
    let names: Vec<&str> = templates.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["t.eu-west-1.json", "t.eu-west-1.late.json", "t.us-east-1.json"]);
    let body = |i: usize| serde_json::from_str::<serde_json::Value>(&templates[i].content).unwrap();
    let (main, late) = (body(0), body(1));
    let late_types: Vec<&str> = late["Resources"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| r["Type"].as_str().unwrap())
        .collect();
    assert_eq!(late_types, ["AWS::DynamoDB::Table"]);
    let policy = &late["Resources"]["OrdersTable"]["Properties"]["ResourcePolicy"]["PolicyDocument"];
    assert_eq!(
        policy["Statement"][0]["Condition"]["StringNotEquals"]["aws:SourceVpce"],
        serde_json::json!({ "Ref": "OpsDynamodbInterfaceEndpointUsEast1" })
    );
    assert!(late["Parameters"]["OpsDynamodbInterfaceEndpointUsEast1"].is_object());
    assert!(main["Resources"].get("OrdersTable").is_none());
    assert!(main.get("Parameters").is_none(), "the main template imports nothing");
    let order: Vec<String> = vpcec::emit::cfn::deployment_order(&plan, TemplateFormat::Json)
        .into_iter()
        .map(|s| s.file)
        .collect();
    assert_eq!(order, ["t.eu-west-1.json", "t.us-east-1.json", "t.eu-west-1.late.json"]);
}
