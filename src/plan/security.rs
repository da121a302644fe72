//! The security group of an interface endpoint: TCP to the service's ports
//! from the CIDRs of the subnets that reach it, aggregated, and widened only
//! when needed to fit the default quota of 60 inbound rules (one rule per
//! block and port).

use std::collections::BTreeSet;

use super::keys::{vpc_name, vpc_ref};
use super::model::{IngressRule, ResourceKey, SecurityGroup};
use crate::check::model::{Model, SubnetId, VpcId};
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

/// Who an interface endpoint's security group admits.
#[derive(Debug, Clone, Copy)]
pub(super) enum Clients<'a> {
    /// The subnets its intents name (private DNS off, or kept for the
    /// inbound Resolver): their CIDRs, or the VPC's for a subnet without one.
    Subnets(&'a BTreeSet<SubnetId>),
    /// Every subnet of the VPC, because private DNS answers in all of them:
    /// the VPC's CIDR block.
    Vpc(Cidr),
}

/// The security group of an interface endpoint: TCP on `ports` from `clients`.
pub(super) fn security_group(
    model: &Model,
    key: ResourceKey,
    endpoint_name: &str,
    vpc: VpcId,
    label: &str,
    ports: &[u16],
    clients: Clients,
) -> SecurityGroup {
    let vpc_name = vpc_name(model, vpc);
    let vpc_cidr = model.vpc(vpc).cidr;
    let mut sources: Vec<(Cidr, String)> = Vec::new();
    match clients {
        Clients::Subnets(subnets) => {
            for &s in subnets {
                let info = model.subnet(s);
                if let Some(cidr) = info.cidr.or(vpc_cidr) {
                    sources.push((cidr, info.name.clone()));
                }
            }
        }
        Clients::Vpc(cidr) => sources.push((cidr, format!("every subnet of {vpc_name} (private DNS)"))),
    }
    let blocks: Vec<Cidr> = sources.iter().map(|(c, _)| *c).collect();
    let exact = aggregate(&blocks);
    // Every block is admitted on every port, one rule each.
    let block_limit = (MAX_INGRESS_RULES / ports.len().max(1)).max(1);
    let ingress = cover_within(&blocks, block_limit)
        .into_iter()
        .flat_map(|block| {
            let names: Vec<&str> = sources
                .iter()
                .filter(|(c, _)| block.contains(c))
                .map(|(_, n)| n.as_str())
                .collect();
            let widened = if exact.contains(&block) {
                ""
            } else {
                " (widened to fit 60 rules)"
            };
            let description = truncate(format!("from {}{widened}", names.join(", ")));
            ports.iter().map(move |&port| IngressRule {
                cidr: block.to_string(),
                port,
                description: description.clone(),
            })
        })
        .collect();
    let from = match clients {
        Clients::Subnets(subnets) => {
            let plural = if subnets.len() == 1 { "" } else { "s" };
            format!("{} subnet{plural} of {vpc_name}", subnets.len())
        }
        Clients::Vpc(_) => format!("every subnet of {vpc_name} (private DNS)"),
    };
    SecurityGroup {
        key,
        name: format!("{endpoint_name}-sg"),
        description: truncate(format!("vpcec: TCP {} to {label} from {from}", port_list(ports))),
        vpc: vpc_ref(model, vpc),
        ingress,
    }
}

/// `443`, or `25, 465, 587` for several ports.
fn port_list(ports: &[u16]) -> String {
    ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}
