//! W209: a VPC whose interface-endpoint subnets write their zones both as
//! zone names and as zone ids. Zone names map to physical zones per account,
//! so `eu-west-1a` may be `euw1-az1`: placement (one subnet per zone) could
//! then give an endpoint two subnets of one zone, which AWS rejects.

use std::collections::BTreeMap;

use super::model::{Model, SubnetId, VpcId, ZoneFormOrd};
use super::Ctx;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::Via;

/// Runs W209 once per VPC.
pub fn check(ctx: &mut Ctx) {
    let found = mixed_zone_forms(&ctx.model);
    ctx.diags.extend(found);
}

fn mixed_zone_forms(model: &Model) -> Vec<Diagnostic> {
    // For each VPC, the first interface-endpoint subnet (in declaration order)
    // of each zone form.
    let mut firsts: BTreeMap<VpcId, BTreeMap<ZoneFormOrd, SubnetId>> = BTreeMap::new();
    let mut used: Vec<SubnetId> = model
        .intents()
        .iter()
        .filter(|i| i.via == Via::Interface)
        .flat_map(|i| i.subnets.iter().copied())
        .collect();
    used.sort_unstable();
    used.dedup();
    for subnet in used {
        let info = model.subnet(subnet);
        let Some(zone) = &info.zone else { continue };
        firsts.entry(info.vpc).or_default().entry(zone.form).or_insert(subnet);
    }
    let mut found = Vec::new();
    for (vpc, forms) in firsts {
        let (Some(&by_name), Some(&by_id)) = (forms.get(&ZoneFormOrd::Name), forms.get(&ZoneFormOrd::Id)) else {
            continue;
        };
        let (named, ided) = (model.subnet(by_name), model.subnet(by_id));
        let vpc_name = &model.vpc(vpc).name;
        let (name, id) = (
            named.zone.as_ref().map(|z| z.value.as_str()).unwrap_or_default(),
            ided.zone.as_ref().map(|z| z.value.as_str()).unwrap_or_default(),
        );
        found.push(
            Diagnostic::new(
                Code::W209,
                ided.span,
                format!("vpc `{vpc_name}` writes the zones of its interface-endpoint subnets two ways"),
            )
            .with_label(format!("zone id `{id}`"))
            .with_related(named.span, format!("zone name `{name}`"))
            .with_help(
                "zone names map to zones per account, so these may be one zone and the endpoint would get two \
                 of its subnets, which AWS rejects; write every zone of the vpc the same way (zone ids are the \
                 same in every account)",
            ),
        );
    }
    found
}
