//! Every example compiles without errors, and its outputs for both targets
//! are pinned as snapshots (reviewed in pull requests like generated code).

use std::path::PathBuf;

use vpcec::aws::Catalog;
use vpcec::diagnostics::{render_human, SourceFile};
use vpcec::driver::compile;
use vpcec::emit::{cfn, tf};

use crate::support::programs::{deploy_fixtures, examples};

/// A source file named by its path from the checkout's root.
fn source(path: &std::path::Path) -> SourceFile {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = path.strip_prefix(root).unwrap_or(path).display().to_string();
    SourceFile { name, text }
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The five seed labs the project was created from, each an example whose
/// header names it ("From seed 00N").
const SEED_LABS: [&str; 5] = ["000", "001", "002", "003", "004"];

#[test]
fn there_is_an_example_per_seed_lab() {
    let headers: Vec<String> = examples()
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("example is readable"))
        .collect();
    for seed in SEED_LABS {
        let marker = format!("# From seed {seed},");
        assert!(
            headers.iter().any(|text| text.contains(&marker)),
            "no example says `{marker}`"
        );
    }
}

#[test]
fn every_example_builds_for_cloudformation() {
    let catalog = Catalog::builtin().expect("catalog");
    for path in examples() {
        let file = source(&path);
        let compilation = compile(&file, catalog);
        let warnings = render_human(&file, &compilation.diagnostics, false);
        let plan = compilation
            .plan
            .unwrap_or_else(|| panic!("{} does not compile:\n{warnings}", file.name));
        insta::assert_snapshot!(format!("{}.diagnostics", stem(&path)), warnings);
        let templates = cfn::emit(&plan, cfn::TemplateFormat::Yaml).unwrap_or_else(|d| panic!("{}: {d:?}", file.name));
        assert!(!templates.is_empty(), "{} produced no template", file.name);
        for template in templates {
            insta::assert_snapshot!(format!("{}.cfn.{}", stem(&path), template.name), template.content);
        }
    }
}

#[test]
fn every_example_builds_for_terraform() {
    let catalog = Catalog::builtin().expect("catalog");
    for path in examples() {
        let file = source(&path);
        let plan = compile(&file, catalog)
            .plan
            .unwrap_or_else(|| panic!("{} does not compile", file.name));
        let output = tf::emit(&plan).unwrap_or_else(|d| panic!("{}: {d:?}", file.name));
        insta::assert_snapshot!(format!("{}.tf", stem(&path)), output.content);
    }
}

#[test]
fn builds_are_byte_deterministic() {
    let catalog = Catalog::builtin().expect("catalog");
    for path in examples() {
        let file = source(&path);
        let first = compile(&file, catalog)
            .plan
            .map(|p| (cfn::emit(&p, cfn::TemplateFormat::Json), tf::emit(&p)));
        let second = compile(&file, catalog)
            .plan
            .map(|p| (cfn::emit(&p, cfn::TemplateFormat::Json), tf::emit(&p)));
        assert_eq!(first, second, "{}", file.name);
    }
}

#[test]
fn every_deploy_fixture_builds_for_both_targets() {
    let catalog = Catalog::builtin().expect("catalog");
    let fixtures = deploy_fixtures();
    assert!(!fixtures.is_empty(), "tests/fixtures/deploy holds no program");
    for path in fixtures {
        let file = source(&path);
        let compilation = compile(&file, catalog);
        let warnings = render_human(&file, &compilation.diagnostics, false);
        let plan = compilation
            .plan
            .unwrap_or_else(|| panic!("{} does not compile:\n{warnings}", file.name));
        let name = format!("deploy-{}", stem(&path));
        insta::assert_snapshot!(format!("{name}.diagnostics"), warnings);
        let templates = cfn::emit(&plan, cfn::TemplateFormat::Yaml).unwrap_or_else(|d| panic!("{}: {d:?}", file.name));
        for template in templates {
            insta::assert_snapshot!(format!("{name}.cfn.{}", template.name), template.content);
        }
        let output = tf::emit(&plan).unwrap_or_else(|d| panic!("{}: {d:?}", file.name));
        insta::assert_snapshot!(format!("{name}.tf"), output.content);
    }
}

/// The compiled plan of `tests/fixtures/deploy/NAME.vpce`.
fn deploy_fixture(name: &str) -> vpcec::plan::model::Plan {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/deploy/{name}.vpce"));
    let file = source(&path);
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    compilation
        .plan
        .unwrap_or_else(|| panic!("{} does not compile: {:?}", file.name, compilation.diagnostics))
}

#[test]
fn an_s3_interface_endpoint_beside_a_gateway_endpoint_is_created_after_it() {
    let plan = deploy_fixture("s3-interface-beside-gateway");
    let templates = cfn::emit(&plan, cfn::TemplateFormat::Json).expect("templates");
    let template: serde_json::Value = serde_json::from_str(&templates[0].content).expect("json");
    let interface = &template["Resources"]["LabS3InterfaceEndpoint"];
    assert_eq!(
        interface["Properties"]["DnsOptions"]["PrivateDnsOnlyForInboundResolverEndpoint"],
        "OnlyInboundResolver"
    );
    assert_eq!(interface["DependsOn"], "LabS3GatewayEndpoint", "{interface:#}");
    assert_eq!(
        template["Resources"]["LabS3GatewayEndpoint"]["Properties"]["VpcEndpointType"],
        "Gateway"
    );
    let terraform = tf::emit(&plan).expect("terraform").content;
    let block = terraform
        .split("\nresource ")
        .find(|block| block.starts_with("\"aws_vpc_endpoint\" \"lab_s3_interface\""))
        .expect("the interface endpoint's block");
    assert!(
        block.contains("depends_on = [aws_vpc_endpoint.lab_s3_gateway]"),
        "{block}"
    );
}

/// The templates each CloudFormation template takes parameters from, read
/// from the parameters' descriptions (`... from template FILE (output ...)`),
/// the way a user deploying them by hand reads them.
fn parameter_sources(templates: &[vpcec::emit::OutputFile]) -> std::collections::BTreeMap<String, Vec<String>> {
    templates
        .iter()
        .map(|template| {
            let body: serde_json::Value = serde_json::from_str(&template.content).expect("json template");
            let mut sources: Vec<String> = body["Parameters"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, parameter)| {
                    let text = parameter["Description"].as_str().unwrap_or_default();
                    text.split(" from template ")
                        .nth(1)
                        .and_then(|rest| rest.split(' ').next())
                        .unwrap_or_else(|| panic!("{}: parameter {name} names no template: {text}", template.name))
                        .to_string()
                })
                .collect();
            sources.sort();
            sources.dedup();
            (template.name.clone(), sources)
        })
        .collect()
}

/// Every `Ref` and `Fn::GetAtt` below `value`, as the names they refer to.
fn referred_names(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            if let Some(serde_json::Value::String(name)) = fields.get("Ref") {
                out.push(name.clone());
            }
            if let Some(name) = fields.get("Fn::GetAtt").and_then(|a| a.get(0)).and_then(|n| n.as_str()) {
                out.push(name.to_string());
            }
            fields.values().for_each(|field| referred_names(field, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| referred_names(item, out)),
        _ => {}
    }
}

/// Every example and deploy fixture has a deployment order: it lists every
/// template once, and puts each after every template it takes parameters
/// from. Each template refers only to its own parameters and resources (a
/// resource moved to a late template takes what stayed behind as parameters).
#[test]
fn every_build_has_a_deployment_order() {
    let catalog = Catalog::builtin().expect("catalog");
    for path in examples().into_iter().chain(deploy_fixtures()) {
        let file = source(&path);
        let plan = compile(&file, catalog)
            .plan
            .unwrap_or_else(|| panic!("{} does not compile", file.name));
        let templates = cfn::emit(&plan, cfn::TemplateFormat::Json).unwrap_or_else(|d| panic!("{}: {d:?}", file.name));
        for template in &templates {
            let body: serde_json::Value = serde_json::from_str(&template.content).expect("json template");
            let mut names = Vec::new();
            referred_names(&body["Resources"], &mut names);
            referred_names(&body["Outputs"], &mut names);
            for name in names {
                let known = name.starts_with("AWS::")
                    || body["Parameters"].get(&name).is_some()
                    || body["Resources"].get(&name).is_some();
                assert!(
                    known,
                    "{}: {} refers to `{name}`, which it does not hold",
                    file.name, template.name
                );
            }
        }
        let sources = parameter_sources(&templates);
        let order = cfn::deployment_order(&plan, cfn::TemplateFormat::Json);
        let mut listed: Vec<&str> = order.iter().map(|step| step.file.as_str()).collect();
        listed.sort();
        let written: Vec<&str> = sources.keys().map(String::as_str).collect();
        assert_eq!(
            listed, written,
            "{}: the order lists other files than the build writes",
            file.name
        );
        for (position, step) in order.iter().enumerate() {
            let earlier: Vec<&str> = order[..position].iter().map(|s| s.file.as_str()).collect();
            for needed in &sources[&step.file] {
                assert!(
                    earlier.contains(&needed.as_str()),
                    "{}: {} takes parameters from {needed}, which is not deployed before it ({order:?})",
                    file.name,
                    step.file
                );
            }
            assert_eq!(
                step.inputs, sources[&step.file],
                "{}: inputs of {}",
                file.name, step.file
            );
        }
    }
}

#[test]
fn regions_that_need_each_others_ids_get_late_templates_for_their_policies() {
    use vpcec::plan::model::{Deployment, Stage, Step};
    let plan = deploy_fixture("cross-region-cycle");
    let step = |region: &str, stage, inputs: &[&str]| Step {
        region: region.to_string(),
        stage,
        inputs: inputs.iter().map(|r| r.to_string()).collect(),
    };
    assert_eq!(
        plan.deployment,
        Deployment::Ordered(vec![
            step("eu-west-1", Stage::Main, &[]),
            step("us-east-1", Stage::Main, &[]),
            // Each late template takes its own region's gateway endpoint id too.
            step("eu-west-1", Stage::Late, &["eu-west-1", "us-east-1"]),
            step("us-east-1", Stage::Late, &["eu-west-1", "us-east-1"]),
        ])
    );
    let templates = cfn::emit(&plan, cfn::TemplateFormat::Json).expect("templates");
    let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "cross-region-cycle.eu-west-1.json",
            "cross-region-cycle.eu-west-1.late.json",
            "cross-region-cycle.us-east-1.json",
            "cross-region-cycle.us-east-1.late.json",
        ]
    );
    for template in &templates {
        let body: serde_json::Value = serde_json::from_str(&template.content).expect("json");
        let types: Vec<&str> = body["Resources"]
            .as_object()
            .expect("resources")
            .values()
            .map(|r| r["Type"].as_str().unwrap_or_default())
            .collect();
        if template.name.contains(".late.") {
            assert_eq!(types, ["AWS::S3::BucketPolicy"], "{}", template.name);
            assert!(
                body.get("Outputs").is_none(),
                "{}: nothing needs a late template",
                template.name
            );
        } else {
            assert!(types.contains(&"AWS::S3::Bucket"), "{}", template.name);
            assert!(!types.contains(&"AWS::S3::BucketPolicy"), "{}", template.name);
            assert!(
                body.get("Parameters").is_none(),
                "{}: a main template of the cycle",
                template.name
            );
        }
    }
}

#[test]
fn a_loop_of_endpoint_services_is_e126_for_cloudformation_but_builds_for_terraform() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ui/E126.vpce");
    let file = source(&path);
    let plan = compile(&file, Catalog::builtin().expect("catalog"))
        .plan
        .expect("the plan is made: only CloudFormation cannot order it");
    let diagnostics = cfn::emit(&plan, cfn::TemplateFormat::Yaml).expect_err("no deployment order");
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E126"]);
    assert!(
        diagnostics[0]
            .message
            .contains("`eu-west-1` → `us-east-1` → `eu-west-1`"),
        "{}",
        diagnostics[0].message
    );
    assert!(cfn::deployment_order(&plan, cfn::TemplateFormat::Yaml).is_empty());
    let terraform = tf::emit(&plan).expect("terraform has direct references").content;
    assert!(
        terraform.contains("${aws_vpc_endpoint_service.us-api.id}"),
        "{terraform}"
    );
}
