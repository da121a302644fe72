//! The security group of an interface endpoint: TCP to the service's port
//! from the CIDRs of the subnets that reach it, aggregated, and widened only
//! when needed to fit the default quota of 60 inbound rules.

use std::collections::BTreeSet;

use super::keys::{vpc_name, vpc_ref};
use super::model::{IngressRule, ResourceKey, SecurityGroup};
use crate::check::model::{Model, VpcIdx};
use crate::cidr::{aggregate, cover_within, Cidr};

/// The default quota of inbound rules per security group.
const MAX_INGRESS_RULES: usize = 60;
/// The longest security group or rule description AWS accepts.
const MAX_DESCRIPTION: usize = 255;

fn truncate(text: String) -> String {
    if text.len() <= MAX_DESCRIPTION {
        return text;
    }
    let mut cut = MAX_DESCRIPTION - 3;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}...", &text[..cut])
}

pub(super) fn security_group(
    model: &Model,
    key: ResourceKey,
    endpoint_name: &str,
    vpc: VpcIdx,
    label: &str,
    port: u16,
    subnets: &BTreeSet<usize>,
) -> SecurityGroup {
    let vpc_cidr = model.vpcs.get(vpc).and_then(|v| v.cidr);
    let mut sources: Vec<(Cidr, &str)> = Vec::new();
    for &s in subnets {
        let Some(info) = model.subnets.get(s) else {
            continue;
        };
        if let Some(cidr) = info.cidr.or(vpc_cidr) {
            sources.push((cidr, info.name.as_str()));
        }
    }
    let blocks: Vec<Cidr> = sources.iter().map(|(c, _)| *c).collect();
    let exact = aggregate(&blocks);
    let ingress = cover_within(&blocks, MAX_INGRESS_RULES)
        .into_iter()
        .map(|block| {
            let names: Vec<&str> = sources
                .iter()
                .filter(|(c, _)| block.contains(c))
                .map(|(_, n)| *n)
                .collect();
            let widened = if exact.contains(&block) {
                ""
            } else {
                " (widened to fit 60 rules)"
            };
            IngressRule {
                cidr: block.to_string(),
                port,
                description: truncate(format!("from {}{widened}", names.join(", "))),
            }
        })
        .collect();
    let count = subnets.len();
    let plural = if count == 1 { "" } else { "s" };
    SecurityGroup {
        key,
        name: format!("{endpoint_name}-sg"),
        description: truncate(format!(
            "vpcec: TCP {port} to {label} from {count} subnet{plural} of {}",
            vpc_name(model, vpc)
        )),
        vpc: vpc_ref(model, vpc),
        ingress,
    }
}
