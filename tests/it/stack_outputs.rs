//! What the templates publish: the ids of the VPCs, subnets, route tables,
//! security groups and endpoints they create, instance profile names, and
//! endpoint service ids and names, in CloudFormation `Outputs` and Terraform
//! `output` blocks alike, within CloudFormation's 200 outputs per template.

use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::compile;
use vpcec::emit::{cfn, tf};
use vpcec::plan::model::{Expr, OutputValue, Plan};
use vpcec::plan::outputs::OUTPUT_BUDGET;

fn plan(text: &str) -> Plan {
    let file = SourceFile {
        name: "t.vpce".into(),
        text: text.into(),
    };
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    compilation
        .plan
        .unwrap_or_else(|| panic!("does not compile: {:#?}", compilation.diagnostics))
}

const PROGRAM: &str = include_str!("../fixtures/semantics/outputs.vpce");

fn names(plan: &Plan) -> Vec<String> {
    plan.regions["eu-west-1"]
        .outputs
        .iter()
        .map(|o| o.name.join("/"))
        .collect()
}

#[test]
fn the_plan_publishes_what_instances_and_consumers_need() {
    let p = plan(PROGRAM);
    assert_eq!(
        names(&p),
        [
            "api/service/id",
            "api/service/name",
            "app/kms/interface/id",
            "app/kms/security_group/id",
            "app/s3/gateway/id",
            "app/vpc/id",
            "app-a/route_table/id",
            "app-a/subnet/id",
            "web/route_table/id",
            "web/subnet/id",
            "worker/instance_profile/name",
        ]
    );
}

#[test]
fn both_targets_render_the_outputs() {
    let p = plan(PROGRAM);
    let templates = cfn::emit(&p, cfn::TemplateFormat::Yaml).expect("template");
    let template = &templates[0].content;
    for name in [
        "AppVPCId:",
        "AppASubnetId:",
        "WebRouteTableId:",
        "AppKmsSecurityGroupId:",
        "AppKmsInterfaceEndpointId:",
        "ApiEndpointServiceId:",
        "ApiEndpointServiceName:",
        "WorkerInstanceProfileName:",
    ] {
        assert!(
            template.contains(&format!("\n  {name}\n")),
            "no output {name} in\n{template}"
        );
    }
    assert!(!template.contains("Export"), "the project exports nothing");
    let terraform = tf::emit(&p).expect("terraform").content;
    for (name, value) in [
        ("app_vpc_id", "aws_vpc.app.id"),
        ("app-a_subnet_id", "aws_subnet.app-a.id"),
        ("web_route_table_id", "aws_route_table.web.id"),
        ("app_kms_security_group_id", "aws_security_group.app_kms.id"),
        ("api_service_name", "aws_vpc_endpoint_service.api.service_name"),
        ("worker_instance_profile_name", "aws_iam_instance_profile.worker.id"),
    ] {
        let block = format!("output \"{name}\" {{\n");
        let at = terraform
            .find(&block)
            .unwrap_or_else(|| panic!("no output {name} in\n{terraform}"));
        assert!(terraform[at..].contains(&format!("value       = {value}\n")), "{name}");
    }
}

#[test]
fn many_subnets_are_published_as_lists_within_the_quota() {
    let mut text = String::from("region eu-west-1;\nvpc big cidr 10.0.0.0/16;\n");
    for n in 0..120 {
        text.push_str(&format!("subnet s{n:03} cidr 10.0.{n}.0/24 az eu-west-1a;\n"));
    }
    let p = plan(&text);
    let outputs = &p.regions["eu-west-1"].outputs;
    assert!(outputs.len() <= OUTPUT_BUDGET, "{} outputs", outputs.len());
    assert_eq!(names(&p), ["big/route_table/ids", "big/subnet/ids", "big/vpc/id"]);
    let subnets = outputs
        .iter()
        .find(|o| o.name.join("/") == "big/subnet/ids")
        .expect("subnet list");
    let OutputValue::Expr(Expr::Concat(items)) = &subnets.value else {
        panic!("{:?}", subnets.value)
    };
    assert_eq!(items.iter().filter(|i| matches!(i, Expr::Id(_))).count(), 120);
    let templates = cfn::emit(&p, cfn::TemplateFormat::Yaml).expect("within every quota");
    assert!(templates[0].content.contains("\n  BigSubnetIds:\n"));
    tf::emit(&p).expect("terraform");
}

#[test]
fn up_to_the_quota_every_resource_has_its_own_output() {
    let mut text = String::from("region eu-west-1;\nvpc big cidr 10.0.0.0/16;\n");
    // 1 VPC + 2 outputs per subnet: 99 subnets make 199 outputs.
    for n in 0..99 {
        text.push_str(&format!("subnet s{n:03} cidr 10.0.{n}.0/24 az eu-west-1a;\n"));
    }
    let p = plan(&text);
    assert_eq!(p.regions["eu-west-1"].outputs.len(), 199);
    assert!(p.regions["eu-west-1"].outputs.iter().all(|o| o.resource.is_some()));
}
