//! The NAT gateway's record of the subnets it serves (`NatGateway::serves`),
//! and `reach` and `graph` reading it: a subnet that shares an existing route
//! table with a `via nat` subnet gets the NAT default route in the generated
//! output, so it reaches the internet through the NAT gateway too.

use vpcec::aws::Catalog;
use vpcec::check::model::Model;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::compile;
use vpcec::plan::model::Plan;
use vpcec::plan::serves::{ServedBecause, ServedSubnet};
use vpcec::report::{graph, reach};

const FIXTURE: &str = include_str!("../fixtures/reach/nat-via-shared-route-table.vpce");

fn compiled(text: &str) -> (Model, Plan) {
    let file = SourceFile {
        name: "nat-via-shared-route-table.vpce".into(),
        text: text.into(),
    };
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    assert!(
        compilation.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        compilation.diagnostics
    );
    match (compilation.model, compilation.plan) {
        (Some(model), Some(plan)) => (model, plan),
        _ => panic!("does not compile: {:#?}", compilation.diagnostics),
    }
}

fn row<'a>(rows: &'a [reach::Reach], subnet: &str, target: &str) -> &'a reach::Reach {
    rows.iter()
        .find(|r| r.subnet == subnet && r.target == target)
        .unwrap_or_else(|| panic!("no row {subnet} x {target}"))
}

#[test]
fn the_nat_gateway_records_every_subnet_on_a_table_it_routes() {
    let (_, plan) = compiled(FIXTURE);
    let nats = plan.regions["eu-west-1"].nat_gateways();
    assert_eq!(nats.len(), 1);
    assert_eq!(nats[0].serves.vpc, "legacy");
    assert_eq!(
        nats[0].serves.subnets,
        [
            ServedSubnet {
                subnet: "x".into(),
                because: ServedBecause::Intent,
            },
            ServedSubnet {
                subnet: "y".into(),
                because: ServedBecause::SharedRouteTable {
                    route_table: "rtb-0abc1234".into(),
                    with: "x".into(),
                },
            },
        ]
    );
}

#[test]
fn a_subnet_sharing_the_route_table_of_a_nat_subnet_reaches_through_nat() {
    let (model, plan) = compiled(FIXTURE);
    let rows = reach::analyse(&model, &plan);
    for target in ["internet", "bucket shared-logs-1"] {
        let y = row(&rows, "y", target);
        assert!(y.reachable, "{y:?}");
        assert_eq!(y.via, Some("nat"), "{y:?}");
        assert!(
            y.reason.contains("shares route table `rtb-0abc1234` with `x`") && y.reason.contains("`legacy-nat`"),
            "{y:?}"
        );
        let x = row(&rows, "x", target);
        assert_eq!((x.reachable, x.via), (true, Some("nat")), "{x:?}");
        // `z` is on a route table of its own, which gets no NAT route.
        let z = row(&rows, "z", target);
        assert_eq!((z.reachable, z.via), (false, None), "{z:?}");
    }
}

/// `y` has no intent to the bucket and no endpoint to it (`z`'s gateway
/// endpoint is on `z`'s own route table): its request leaves through the NAT
/// route it shares with `x`, and `deny public` refuses it there.
#[test]
fn deny_public_refuses_what_arrives_through_the_shared_nat_route() {
    let guarded = FIXTURE.replace(
        "subnet x reaches bucket shared-logs-1 via nat;",
        "subnet z reaches bucket shared-logs-1 via gateway;\ndeny public on bucket shared-logs-1;",
    );
    assert_ne!(guarded, FIXTURE);
    let (model, plan) = compiled(&guarded);
    let rows = reach::analyse(&model, &plan);
    let y = row(&rows, "y", "bucket shared-logs-1");
    assert_eq!((y.reachable, y.via), (false, Some("nat")), "{y:?}");
    assert!(y.reason.contains("`deny public`"), "{y:?}");
    let z = row(&rows, "z", "bucket shared-logs-1");
    assert_eq!((z.reachable, z.via), (true, Some("gateway")), "{z:?}");
}

#[test]
fn the_graph_draws_the_default_route_of_every_subnet_the_nat_gateway_serves() {
    let (model, plan) = compiled(FIXTURE);
    let mermaid = graph::mermaid(&model, &plan);
    // Nodes are numbered in declaration order: edge, x, y, z, then the NAT gateway.
    assert!(mermaid.contains("    n5[\"NAT gateway legacy-nat\"]\n"), "{mermaid}");
    assert!(mermaid.contains("  n2 -- \"default route\" --> n5\n"), "{mermaid}");
    assert!(
        mermaid.contains("  n3 -- \"default route (shared route table)\" --> n5\n"),
        "{mermaid}"
    );
    assert!(
        !mermaid.contains("n4 -- "),
        "z has no route to the NAT gateway: {mermaid}"
    );
}
