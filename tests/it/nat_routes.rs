//! NAT default routes in existing route tables: one route per table, however
//! many subnets share it, and none into a table a public subnet already
//! routes to an internet gateway (E125, `RouteAlreadyExists` at deploy).

use vpcec::aws::Catalog;
use vpcec::diagnostics::{Diagnostic, SourceFile};
use vpcec::driver::{compile, Compilation};
use vpcec::emit::cfn;
use vpcec::plan::model::{IdRef, RouteTarget};
use vpcec::rules::Code;

const LEGACY: &str = "region eu-west-1;\nvpc legacy id vpc-0a1b2c3d cidr 10.0.0.0/16;\n\
subnet edge id subnet-0a1b2c3d route-table rtb-0a1b2c3d cidr 10.0.0.0/24 az eu-west-1a public;\n";

fn compiled(body: &str) -> Compilation {
    let file = SourceFile {
        name: "t.vpce".into(),
        text: format!("{LEGACY}{body}"),
    };
    compile(&file, Catalog::builtin().expect("catalog"))
}

fn errors(compilation: &Compilation) -> Vec<&Diagnostic> {
    compilation.diagnostics.iter().filter(|d| d.is_error()).collect()
}

#[test]
fn nat_into_the_route_table_of_a_public_subnet_is_e125() {
    let compilation = compiled(
        "subnet app id subnet-1a1b2c3d route-table rtb-0a1b2c3d cidr 10.0.1.0/24 az eu-west-1a;\n\
         subnet app reaches internet via nat;\n",
    );
    let errors = errors(&compilation);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors[0];
    assert_eq!(error.code, Code::E125);
    for named in ["`app`", "`edge`", "`rtb-0a1b2c3d`"] {
        assert!(error.message.contains(named), "{} lacks {named}", error.message);
    }
    assert!(compilation.plan.is_none(), "nothing is built");
}

#[test]
fn private_subnets_on_their_own_tables_get_their_nat_routes() {
    let compilation = compiled(
        "subnet app id subnet-1a1b2c3d route-table rtb-1a1b2c3d cidr 10.0.1.0/24 az eu-west-1a;\n\
         subnet app reaches internet via nat;\n",
    );
    assert_eq!(errors(&compilation), Vec::<&Diagnostic>::new());
    let plan = compilation.plan.expect("plan");
    let routes = plan.regions["eu-west-1"].routes();
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0].route_table, IdRef::Existing("rtb-1a1b2c3d".into()));
    assert!(matches!(routes[0].target, RouteTarget::NatGateway(_)));
}

#[test]
fn private_subnets_sharing_a_table_get_one_nat_route() {
    let file = SourceFile {
        name: "nat-shared-route-table.vpce".into(),
        text: include_str!("../fixtures/semantics/nat-shared-route-table.vpce").into(),
    };
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    assert_eq!(errors(&compilation), Vec::<&Diagnostic>::new());
    let plan = compilation.plan.expect("plan");
    let into_shared: Vec<_> = plan.regions["eu-west-1"]
        .routes()
        .into_iter()
        .filter(|r| r.route_table == IdRef::Existing("rtb-1a1b2c3d".into()))
        .collect();
    assert_eq!(into_shared.len(), 1, "{into_shared:#?}");
    let templates = cfn::emit(&plan, cfn::TemplateFormat::Yaml).expect("template");
    let text = &templates[0].content;
    assert_eq!(text.matches("Type: AWS::EC2::Route\n").count(), 1, "{text}");
    assert_eq!(text.matches("RouteTableId: rtb-1a1b2c3d").count(), 1, "{text}");
}
