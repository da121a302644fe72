//! Pins the Terraform resource types and argument names the emitter writes
//! against the hashicorp/aws provider documentation. Each entry cites its
//! page in hashicorp/terraform-provider-aws (`website/docs/r/NAME.html.markdown`,
//! "Argument Reference"); the lists hold the documented arguments, not only
//! the ones used. Arguments newer than those pages cite the provider's
//! issues and Pulumi's bridged docs, as docs/aws-behaviour.md records.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};

/// Meta-arguments every resource accepts.
const META: &[&str] = &["provider", "depends_on", "count", "for_each", "lifecycle"];

/// resource type → documented arguments (nested blocks as `block.argument`).
fn documented() -> BTreeMap<&'static str, Vec<&'static str>> {
    BTreeMap::from([
        // r/vpc.html.markdown
        (
            "aws_vpc",
            vec![
                "cidr_block",
                "instance_tenancy",
                "ipv4_ipam_pool_id",
                "ipv4_netmask_length",
                "ipv6_cidr_block",
                "enable_dns_support",
                "enable_dns_hostnames",
                "enable_network_address_usage_metrics",
                "assign_generated_ipv6_cidr_block",
                "tags",
            ],
        ),
        // r/subnet.html.markdown
        (
            "aws_subnet",
            vec![
                "vpc_id",
                "cidr_block",
                "availability_zone",
                "availability_zone_id",
                "map_public_ip_on_launch",
                "ipv6_cidr_block",
                "assign_ipv6_address_on_creation",
                "ipv6_native",
                "enable_dns64",
                "customer_owned_ipv4_pool",
                "map_customer_owned_ip_on_launch",
                "outpost_arn",
                "private_dns_hostname_type_on_launch",
                "tags",
            ],
        ),
        // r/route_table.html.markdown
        ("aws_route_table", vec!["vpc_id", "route", "propagating_vgws", "tags"]),
        // r/route_table_association.html.markdown
        (
            "aws_route_table_association",
            vec!["subnet_id", "gateway_id", "route_table_id"],
        ),
        // r/internet_gateway.html.markdown
        ("aws_internet_gateway", vec!["vpc_id", "tags"]),
        // r/eip.html.markdown (5.x: `domain` replaces the deprecated `vpc`)
        (
            "aws_eip",
            vec![
                "address",
                "associate_with_private_ip",
                "customer_owned_ipv4_pool",
                "domain",
                "instance",
                "network_border_group",
                "network_interface",
                "public_ipv4_pool",
                "tags",
            ],
        ),
        // r/nat_gateway.html.markdown
        (
            "aws_nat_gateway",
            vec![
                "allocation_id",
                "connectivity_type",
                "private_ip",
                "subnet_id",
                "secondary_allocation_ids",
                "secondary_private_ip_address_count",
                "secondary_private_ip_addresses",
                "tags",
            ],
        ),
        // r/route.html.markdown
        (
            "aws_route",
            vec![
                "route_table_id",
                "destination_cidr_block",
                "destination_ipv6_cidr_block",
                "destination_prefix_list_id",
                "carrier_gateway_id",
                "core_network_arn",
                "egress_only_gateway_id",
                "gateway_id",
                "nat_gateway_id",
                "local_gateway_id",
                "network_interface_id",
                "transit_gateway_id",
                "vpc_endpoint_id",
                "vpc_peering_connection_id",
            ],
        ),
        // r/security_group.html.markdown
        (
            "aws_security_group",
            vec![
                "description",
                "egress",
                "ingress",
                "name",
                "name_prefix",
                "revoke_rules_on_delete",
                "tags",
                "vpc_id",
            ],
        ),
        // r/vpc_security_group_ingress_rule.html.markdown
        (
            "aws_vpc_security_group_ingress_rule",
            vec![
                "cidr_ipv4",
                "cidr_ipv6",
                "description",
                "from_port",
                "ip_protocol",
                "prefix_list_id",
                "referenced_security_group_id",
                "security_group_id",
                "tags",
                "to_port",
            ],
        ),
        // r/vpc_endpoint.html.markdown; `service_region` since provider 5.83
        // (terraform-aws-modules/terraform-aws-vpc#1161)
        (
            "aws_vpc_endpoint",
            vec![
                "service_name",
                "vpc_id",
                "auto_accept",
                "policy",
                "private_dns_enabled",
                "dns_options",
                "dns_options.dns_record_ip_type",
                "dns_options.private_dns_only_for_inbound_resolver_endpoint",
                "ip_address_type",
                "route_table_ids",
                "subnet_configuration",
                "subnet_ids",
                "security_group_ids",
                "service_region",
                "tags",
                "vpc_endpoint_type",
            ],
        ),
        // r/s3_bucket.html.markdown
        (
            "aws_s3_bucket",
            vec![
                "bucket",
                "bucket_prefix",
                "force_destroy",
                "object_lock_enabled",
                "tags",
            ],
        ),
        // r/s3_bucket_public_access_block.html.markdown
        (
            "aws_s3_bucket_public_access_block",
            vec![
                "bucket",
                "block_public_acls",
                "block_public_policy",
                "ignore_public_acls",
                "restrict_public_buckets",
            ],
        ),
        // r/s3_bucket_policy.html.markdown
        ("aws_s3_bucket_policy", vec!["bucket", "policy"]),
        // r/dynamodb_table.html.markdown
        (
            "aws_dynamodb_table",
            vec![
                "name",
                "billing_mode",
                "hash_key",
                "range_key",
                "attribute",
                "attribute.name",
                "attribute.type",
                "read_capacity",
                "write_capacity",
                "deletion_protection_enabled",
                "point_in_time_recovery",
                "server_side_encryption",
                "stream_enabled",
                "stream_view_type",
                "table_class",
                "ttl",
                "global_secondary_index",
                "local_secondary_index",
                "replica",
                "tags",
            ],
        ),
        // r/dynamodb_resource_policy.html.markdown
        (
            "aws_dynamodb_resource_policy",
            vec!["resource_arn", "policy", "confirm_remove_self_resource_access"],
        ),
        // r/vpc_endpoint_service.html.markdown; `supported_regions` since
        // provider 5.80 (hashicorp/terraform-provider-aws#40346)
        (
            "aws_vpc_endpoint_service",
            vec![
                "acceptance_required",
                "allowed_principals",
                "gateway_load_balancer_arns",
                "network_load_balancer_arns",
                "private_dns_name",
                "supported_ip_address_types",
                "supported_regions",
                "tags",
            ],
        ),
        // r/iam_role.html.markdown
        (
            "aws_iam_role",
            vec![
                "assume_role_policy",
                "description",
                "force_detach_policies",
                "max_session_duration",
                "name",
                "name_prefix",
                "path",
                "permissions_boundary",
                "tags",
            ],
        ),
        // r/iam_role_policy_attachment.html.markdown
        ("aws_iam_role_policy_attachment", vec!["role", "policy_arn"]),
        // r/iam_role_policy.html.markdown
        ("aws_iam_role_policy", vec!["name", "name_prefix", "policy", "role"]),
        // r/iam_instance_profile.html.markdown
        (
            "aws_iam_instance_profile",
            vec!["name", "name_prefix", "path", "role", "tags"],
        ),
    ])
}

/// The arguments each `resource "TYPE"` block writes, from the laid-out text:
/// top-level lines are indented two spaces, nested block arguments four.
fn arguments(content: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut found: Vec<(String, BTreeSet<String>)> = Vec::new();
    let mut block: Option<String> = None;
    let mut in_resource = false;
    for line in content.lines() {
        if let Some(rest) = line.strip_prefix("resource \"") {
            let kind = rest.split('"').next().unwrap().to_string();
            found.push((kind, BTreeSet::new()));
            in_resource = true;
            continue;
        }
        if !line.starts_with(' ') {
            // Any other top-level line (`}`, `data`, `output`, comments) ends the resource.
            in_resource = in_resource && line.is_empty();
            block = None;
            continue;
        }
        let Some((_, arguments)) = found.last_mut().filter(|_| in_resource) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let word: String = line
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            continue;
        }
        let after = line.trim_start()[word.len()..].trim_start();
        if indent == 2 {
            block = after.starts_with('{').then(|| word.clone());
            if after.starts_with('=') || after.starts_with('{') {
                arguments.insert(word);
            }
        } else if indent == 4 && after.starts_with('=') {
            if let Some(name) = &block {
                arguments.insert(format!("{name}.{word}"));
            }
        }
    }
    found
}

fn check(name: &str, content: &str) -> BTreeSet<String> {
    let documented = documented();
    let mut seen = BTreeSet::new();
    for (kind, arguments) in arguments(content) {
        let allowed = documented
            .get(kind.as_str())
            .unwrap_or_else(|| panic!("{name}: `{kind}` is not in the table"));
        for argument in &arguments {
            assert!(
                allowed.contains(&argument.as_str()) || META.contains(&argument.as_str()),
                "{name}: `{kind}` does not document `{argument}`"
            );
        }
        seen.insert(kind);
    }
    seen
}

#[test]
fn full_plan_uses_only_documented_arguments_and_every_resource_type() {
    let content = vpcec::emit::tf::emit(&support::plans::full_plan_for_terraform())
        .unwrap()
        .content;
    let seen = check("full plan", &content);
    let table: BTreeSet<String> = documented().keys().map(|kind| kind.to_string()).collect();
    assert_eq!(seen, table, "the full plan should exercise every resource type");
    // The scan itself sees nested blocks and skips maps.
    let found = arguments(&content);
    let endpoint = found
        .iter()
        .find(|(kind, args)| kind == "aws_vpc_endpoint" && args.contains("dns_options"))
        .unwrap();
    assert!(endpoint
        .1
        .contains("dns_options.private_dns_only_for_inbound_resolver_endpoint"));
    assert!(!endpoint.1.iter().any(|arg| arg.starts_with("tags.")));
}

#[test]
fn examples_use_only_documented_arguments() {
    for path in support::programs::examples() {
        if let Some(content) = support::programs::example_tf(&path) {
            check(&path.display().to_string(), &content);
        }
    }
}

#[test]
fn undocumented_arguments_are_caught() {
    let result = std::panic::catch_unwind(|| check("bad", "resource \"aws_vpc\" \"a\" {\n  cidr = \"x\"\n}\n"));
    assert!(result.is_err());
    let result = std::panic::catch_unwind(|| check("bad", "resource \"aws_vpn\" \"a\" {\n}\n"));
    assert!(result.is_err());
}

/// Every `aws_TYPE.LABEL.attr`, `data.TYPE.LABEL.attr` and `aws.ALIAS` in the
/// text names a block that the same file declares (what `terraform validate`
/// would check first, without needing the provider).
fn dangling_references(content: &str) -> Vec<String> {
    let mut declared = BTreeSet::new();
    for line in content.lines() {
        let words: Vec<&str> = line.split('"').collect();
        match words.as_slice() {
            ["resource ", kind, " ", label, " {"] => declared.insert(format!("{kind}.{label}")),
            ["data ", kind, " ", label, " {"] => declared.insert(format!("data.{kind}.{label}")),
            ["  alias  = ", alias, ""] => declared.insert(format!("aws.{alias}")),
            _ => false,
        };
    }
    let mut dangling = Vec::new();
    let runs = content.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'));
    for run in runs {
        let parts: Vec<&str> = run.split('.').collect();
        let target = match parts.as_slice() {
            [kind, label, _attribute] if kind.starts_with("aws_") => format!("{kind}.{label}"),
            [kind, label] if kind.starts_with("aws_") => format!("{kind}.{label}"),
            ["data", kind, label, _attribute] => format!("data.{kind}.{label}"),
            ["aws", alias] => format!("aws.{alias}"),
            _ => continue,
        };
        if !declared.contains(&target) {
            dangling.push(target);
        }
    }
    dangling
}

#[test]
fn references_resolve_within_the_file() {
    let content = vpcec::emit::tf::emit(&support::plans::full_plan_for_terraform())
        .unwrap()
        .content;
    assert_eq!(dangling_references(&content), Vec::<String>::new());
    assert!(content.contains("provider = aws.us_east_1"));
    assert_eq!(
        dangling_references("x = aws_vpc.nope.id\ny = aws.nowhere\n"),
        vec!["aws_vpc.nope", "aws.nowhere"]
    );
    for path in support::programs::examples() {
        if let Some(content) = support::programs::example_tf(&path) {
            assert_eq!(
                dangling_references(&content),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn colliding_labels_are_disambiguated() {
    // `a.b` and `a_b` both mangle to `a_b` (DSL names never hold `_`, but the
    // emitter does not rely on it).
    let mut plan = support::plans::hostile_plan("x");
    let part = plan.regions.get_mut("eu-west-1").unwrap();
    let mut twin = part.vpcs()[0].clone();
    twin.key = vpcec::plan::model::ResourceKey::new(vpcec::plan::model::Kind::Vpc, ["a_b"]);
    part.push(twin);
    let content = vpcec::emit::tf::emit(&plan).unwrap().content;
    let labels: Vec<&str> = content
        .lines()
        .filter_map(|line| line.strip_prefix("resource \"aws_vpc\" \""))
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    assert_eq!(labels.len(), 2);
    assert_ne!(labels[0], labels[1]);
    assert!(labels.iter().all(|label| label.starts_with("a_b_")), "{labels:?}");
    assert_eq!(dangling_references(&content), Vec::<String>::new());
    assert_eq!(content, vpcec::emit::tf::emit(&plan).unwrap().content);
}
