//! Lookups over the checked model that the planning passes need for every
//! VPC or endpoint, built once so that no pass scans the whole model per item.

use std::collections::BTreeMap;

use crate::check::model::{IntentId, Model, SubnetId, VpcId};
use crate::syntax::ast::Via;

/// The model's subnets and `via nat` intents grouped by VPC.
#[derive(Debug, Default)]
pub(crate) struct ModelIndex {
    /// For each VPC with subnets, its subnets in declaration order.
    subnets: BTreeMap<VpcId, Vec<SubnetId>>,
    /// For each VPC, the `via nat` intents naming one of its subnets, in order.
    nat_intents: BTreeMap<VpcId, Vec<IntentId>>,
}

impl ModelIndex {
    /// Indexes `model` in one pass over its subnets and intents.
    pub fn new(model: &Model) -> Self {
        let mut subnets: BTreeMap<VpcId, Vec<SubnetId>> = BTreeMap::new();
        for (id, subnet) in model.subnets_with_ids() {
            subnets.entry(subnet.vpc).or_default().push(id);
        }
        let mut nat_intents: BTreeMap<VpcId, Vec<IntentId>> = BTreeMap::new();
        for (id, intent) in model.intents_with_ids().filter(|(_, i)| i.via == Via::Nat) {
            for &subnet in &intent.subnets {
                let list = nat_intents.entry(model.subnet(subnet).vpc).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
        ModelIndex { subnets, nat_intents }
    }

    /// The subnets of `vpc`, in declaration order (none when it has none).
    pub fn subnets_of(&self, vpc: VpcId) -> &[SubnetId] {
        self.subnets.get(&vpc).map_or(&[], Vec::as_slice)
    }

    /// The `via nat` intents with a subnet in `vpc`, in declaration order.
    pub fn nat_intents_of(&self, vpc: VpcId) -> &[IntentId] {
        self.nat_intents.get(&vpc).map_or(&[], Vec::as_slice)
    }
}
