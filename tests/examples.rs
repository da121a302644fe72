//! Every example compiles without errors, and its outputs for both targets
//! are pinned as snapshots (reviewed in pull requests like generated code).

use std::path::PathBuf;

use vpcec::aws::Catalog;
use vpcec::diagnostics::{render_human, SourceFile};
use vpcec::driver::compile;
use vpcec::emit::{cfn, tf};

fn examples() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "vpce"));
    files.sort();
    files
}

/// The programs under `tests/fixtures/deploy/`: each pins a deployment
/// concern (an order between resources or templates), sorted.
fn deploy_fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/deploy");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "vpce"));
    files.sort();
    files
}

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

#[test]
fn there_is_an_example_per_seed_lab() {
    let seeds = std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds"))
        .map(|entries| entries.count())
        .unwrap_or(5);
    assert!(
        examples().len() >= seeds,
        "{} examples for {seeds} seed labs",
        examples().len()
    );
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
