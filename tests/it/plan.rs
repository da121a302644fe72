//! The planner's decisions, checked on small programs: endpoint grouping and
//! splitting, interface placement, security-group rules, deny-public policies.

use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::compile;
use vpcec::plan::model::{Expr, IdRef, Plan, RegionPlan};

const HEADER: &str = "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\n\
subnet a cidr 10.0.1.0/24 az eu-west-1a;\nsubnet b cidr 10.0.2.0/24 az eu-west-1a;\n\
subnet c cidr 10.0.3.0/24 az eu-west-1b;\nsubnet d cidr 10.0.4.0/24 az eu-west-1c;\n";

fn plan(body: &str) -> Plan {
    let file = SourceFile {
        name: "t.vpce".into(),
        text: format!("{HEADER}{body}"),
    };
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    compilation
        .plan
        .unwrap_or_else(|| panic!("does not compile: {:#?}", compilation.diagnostics))
}

fn region<'a>(plan: &'a Plan, name: &str) -> &'a RegionPlan {
    plan.regions.get(name).unwrap_or_else(|| panic!("no region {name}"))
}

fn created(id: &IdRef) -> String {
    match id {
        IdRef::Created(key) => key.parts.join("/"),
        IdRef::Existing(id) => id.clone(),
    }
}

#[test]
fn one_gateway_endpoint_carries_every_route_table_with_the_same_policy() {
    let p = plan("subnet a, b reaches s3 via gateway;\nsubnet c reaches s3 via gateway;\n");
    let r = region(&p, "eu-west-1");
    assert_eq!(r.gateway_endpoints().len(), 1);
    let tables: Vec<String> = r.gateway_endpoints()[0].route_tables.iter().map(created).collect();
    assert_eq!(tables, ["a", "b", "c"]);
    assert!(
        r.gateway_endpoints()[0].policy.is_none(),
        "a bare s3 target leaves the policy unrestricted"
    );
}

#[test]
fn gateway_endpoints_split_only_where_policies_differ() {
    let p = plan(
        "bucket data-bucket-1;\nbucket logs-bucket-1;\n\
         subnet a, b reaches bucket data-bucket-1 via gateway allow read;\n\
         subnet c reaches bucket logs-bucket-1 via gateway;\nsubnet d reaches bucket logs-bucket-1 via gateway;\n",
    );
    let r = region(&p, "eu-west-1");
    let mut groups: Vec<Vec<String>> = r
        .gateway_endpoints()
        .into_iter()
        .map(|e| e.route_tables.iter().map(created).collect())
        .collect();
    groups.sort();
    assert_eq!(
        groups,
        vec![vec!["a".to_string(), "b".into()], vec!["c".into(), "d".into()]]
    );
    for endpoint in r.gateway_endpoints() {
        let policy = endpoint.policy.as_ref().expect("scoped endpoints get a policy");
        assert_eq!(policy.statements.len(), 1);
    }
}

#[test]
fn interface_endpoints_take_the_first_named_subnet_of_each_zone() {
    // a and b share eu-west-1a: only a (first by name) holds the ENI there.
    let p = plan("subnet d, b, a, c reaches kms, sts via interface;\n");
    let r = region(&p, "eu-west-1");
    assert_eq!(r.interface_endpoints().len(), 2);
    for endpoint in r.interface_endpoints() {
        let placed: Vec<String> = endpoint.subnets.iter().map(created).collect();
        assert_eq!(placed, ["a", "c", "d"], "{}", endpoint.name);
        assert_eq!(endpoint.serves.subnet_list(), "a, b, c, d");
        assert!(endpoint.private_dns);
    }
}

#[test]
fn security_groups_admit_the_reaching_subnets_aggregated() {
    let p = plan("subnet a, b, c, d reaches kms via interface private-dns off;\n");
    let r = region(&p, "eu-west-1");
    let group = r.security_groups()[0];
    // 10.0.1.0/24 .. 10.0.4.0/24: 1 alone, 2-3 merge into a /23, 4 alone.
    let cidrs: Vec<&str> = group.ingress.iter().map(|rule| rule.cidr.as_str()).collect();
    assert_eq!(cidrs, ["10.0.1.0/24", "10.0.2.0/23", "10.0.4.0/24"]);
    assert!(group.ingress.iter().all(|rule| rule.port == 443));
    assert_eq!(group.ingress[1].description, "from b, c");
}

#[test]
fn keyspaces_uses_its_own_port() {
    let p = plan("subnet a reaches cassandra via interface;\n");
    assert!(region(&p, "eu-west-1").security_groups()[0]
        .ingress
        .iter()
        .all(|rule| rule.port == 9142));
}

#[test]
fn deny_public_lists_exactly_the_endpoints_that_serve_the_bucket() {
    let p = plan(
        "bucket data-bucket-1;\nbucket other-bucket-1;\nallow admin arn:aws:iam::123456789012:role/Admin;\n\
         subnet a reaches bucket data-bucket-1 via gateway;\n\
         subnet c reaches bucket other-bucket-1 via gateway;\n\
         subnet d reaches bucket data-bucket-1 via interface private-dns off;\ndeny public on bucket data-bucket-1;\n",
    );
    let r = region(&p, "eu-west-1");
    let bucket = r
        .buckets()
        .into_iter()
        .find(|b| b.name == "data-bucket-1")
        .expect("bucket");
    let policy = bucket.policy.as_ref().expect("deny public gives a policy");
    let deny = &policy.statements[0];
    let sources: Vec<String> = deny.conditions[0]
        .values
        .iter()
        .map(|v| match v {
            Expr::Id(key) => key.parts.join("/"),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    // The gateway endpoint of c is scoped to the other bucket: not admitted.
    assert_eq!(sources, ["v/s3/a", "v/s3"]);
    assert_eq!(deny.conditions[1].key, "aws:PrincipalArn");
    assert_eq!(policy.statements[1].sid, "DenyInsecureTransport");
    let other = r
        .buckets()
        .into_iter()
        .find(|b| b.name == "other-bucket-1")
        .expect("bucket");
    assert!(other.policy.is_none());
}

#[test]
fn private_dns_for_all_resolvers_serves_the_gateway_subnets_too() {
    // The interface endpoint admits all of S3, as the gateway gave `a`: with
    // private DNS for all resolvers, `a` uses the interface endpoint too.
    let p = plan("subnet a reaches s3 via gateway;\nsubnet c reaches s3 via interface;\n");
    let endpoint = region(&p, "eu-west-1").interface_endpoints()[0];
    assert_eq!(endpoint.private_dns_only_for_inbound_resolver, Some(false));
    assert!(endpoint.serves.serves("a").is_some());
}

#[test]
fn private_dns_that_no_mode_can_serve_is_e124() {
    let file = SourceFile {
        name: "t.vpce".into(),
        text: format!(
            "{HEADER}bucket data-bucket-1;\nsubnet a reaches s3 via gateway;\n\
             subnet c reaches bucket data-bucket-1 via interface;\n"
        ),
    };
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    let codes: Vec<&str> = compilation.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E124"]);
    assert!(compilation.plan.is_none());
}

#[test]
fn private_dns_sends_traffic_to_the_interface_when_the_gateway_policy_is_narrower() {
    // a's gateway only allows one bucket; a also wants all of S3 through the interface.
    let p = plan(
        "bucket data-bucket-1;\nsubnet a reaches bucket data-bucket-1 via gateway allow read;\n\
         subnet a reaches s3 via interface;\n",
    );
    let endpoint = region(&p, "eu-west-1").interface_endpoints()[0];
    assert_eq!(endpoint.private_dns_only_for_inbound_resolver, Some(false));
}

#[test]
fn s3_interface_private_dns_uses_the_gateway_only_when_every_subnet_has_it() {
    let covered = plan("subnet a reaches s3 via gateway;\nsubnet a reaches s3 via interface;\n");
    let endpoint = region(&covered, "eu-west-1").interface_endpoints()[0];
    assert_eq!(endpoint.private_dns_only_for_inbound_resolver, Some(true));
    let partial = plan("subnet a reaches s3 via gateway;\nsubnet a, c reaches s3 via interface;\n");
    let endpoint = region(&partial, "eu-west-1").interface_endpoints()[0];
    assert_eq!(endpoint.private_dns_only_for_inbound_resolver, Some(false));
}

#[test]
fn an_inbound_resolver_only_interface_endpoint_waits_for_the_gateway_endpoint() {
    // AWS refuses OnlyInboundResolver while the VPC has no gateway endpoint for the service.
    let covered = plan("subnet a reaches s3 via gateway;\nsubnet a reaches s3 via interface;\n");
    let r = region(&covered, "eu-west-1");
    let endpoint = r.interface_endpoints()[0];
    assert_eq!(endpoint.private_dns_only_for_inbound_resolver, Some(true));
    assert_eq!(endpoint.depends_on, [r.gateway_endpoints()[0].key.clone()]);
    // With AllResolvers, or no private DNS, the two are independent.
    let all = plan("subnet a reaches s3 via gateway;\nsubnet a, c reaches s3 via interface;\n");
    assert!(region(&all, "eu-west-1").interface_endpoints()[0].depends_on.is_empty());
    let off = plan("subnet a reaches s3 via gateway;\nsubnet a reaches s3 via interface private-dns off;\n");
    assert!(region(&off, "eu-west-1").interface_endpoints()[0].depends_on.is_empty());
}

#[test]
fn nat_gateway_sits_in_the_first_public_subnet_and_routes_private_ones() {
    let p = plan(
        "subnet pub-b cidr 10.0.20.0/24 az eu-west-1b public;\nsubnet pub-a cidr 10.0.10.0/24 az eu-west-1a public;\n\
         subnet a, c reaches internet via nat;\n",
    );
    let r = region(&p, "eu-west-1");
    assert_eq!(r.nat_gateways().len(), 1);
    assert_eq!(created(&r.nat_gateways()[0].subnet), "pub-a");
    let nat_routes: Vec<String> = r
        .routes()
        .into_iter()
        .filter(|x| x.name.contains("NAT"))
        .map(|x| created(&x.route_table))
        .collect();
    assert_eq!(nat_routes, ["a", "c"]);
    assert_eq!(r.internet_gateways().len(), 1);
}

#[test]
fn a_cross_region_endpoint_id_is_imported_by_the_bucket_region() {
    let p = plan(
        "bucket far-bucket-1 region us-east-1;\nallow admin arn:aws:iam::123456789012:role/Admin;\n\
         subnet a reaches bucket far-bucket-1 via interface private-dns off;\ndeny public;\n",
    );
    let home = region(&p, "eu-west-1");
    let far = region(&p, "us-east-1");
    assert_eq!(
        home.interface_endpoints()[0].service_region.as_deref(),
        Some("us-east-1")
    );
    assert_eq!(home.exports.len(), 1);
    assert_eq!(far.imports.len(), 1);
    assert_eq!(far.imports[0].region, "eu-west-1");
}

#[test]
fn more_than_sixty_scattered_subnets_are_covered_by_at_most_sixty_rules() {
    let mut body = String::from("region eu-west-1;\nvpc big cidr 10.0.0.0/16;\n");
    let mut names = Vec::new();
    for i in 0..70 {
        // Every other /24, so exact aggregation cannot merge them.
        body.push_str(&format!(
            "subnet s{i} cidr 10.0.{}.0/24 az eu-west-1{};\n",
            i * 2,
            ["a", "b", "c"][i % 3]
        ));
        names.push(format!("s{i}"));
    }
    body.push_str(&format!(
        "subnet {} reaches kms via interface private-dns off;\n",
        names.join(", ")
    ));
    let file = SourceFile {
        name: "big.vpce".into(),
        text: body,
    };
    let compilation = compile(&file, Catalog::builtin().expect("catalog"));
    let p = compilation.plan.expect("compiles");
    let group = region(&p, "eu-west-1").security_groups()[0];
    assert!(group.ingress.len() <= 60, "{} rules", group.ingress.len());
    assert!(group
        .ingress
        .iter()
        .any(|r| r.description.ends_with("(widened to fit 60 rules)")));
    let endpoint = region(&p, "eu-west-1").interface_endpoints()[0];
    assert_eq!(endpoint.subnets.len(), 3, "one subnet per zone");
}

#[test]
fn china_gateway_names_have_no_cn_prefix_but_interface_names_do() {
    let file = SourceFile {
        name: "cn.vpce".into(),
        text: "region cn-north-1;\nvpc cn cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az cn-north-1a;\n\
               subnet a reaches s3 via gateway;\nsubnet a reaches s3, sts via interface;\n"
            .into(),
    };
    let p = compile(&file, Catalog::builtin().expect("catalog"))
        .plan
        .expect("compiles");
    let r = region(&p, "cn-north-1");
    assert_eq!(r.gateway_endpoints()[0].service_name, "com.amazonaws.cn-north-1.s3");
    let names: Vec<String> = r
        .interface_endpoints()
        .into_iter()
        .map(|e| match &e.service_name {
            Expr::Lit(name) => name.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        ["cn.com.amazonaws.cn-north-1.s3", "cn.com.amazonaws.cn-north-1.sts"]
    );
    assert_eq!(r.partition.arn_segment(), "aws-cn");
}
