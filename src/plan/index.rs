//! Lookups over the checked model that the planning passes need for every
//! VPC or endpoint, built once so that no pass scans the whole model per item.

use crate::check::model::{Model, SubnetIdx, VpcIdx};
use crate::syntax::ast::Via;

/// The model's subnets and `via nat` intents grouped by VPC.
#[derive(Debug, Default)]
pub(crate) struct ModelIndex {
    /// For each VPC, its subnets in declaration order.
    subnets: Vec<Vec<SubnetIdx>>,
    /// For each VPC, the `via nat` intents naming one of its subnets, in order.
    nat_intents: Vec<Vec<usize>>,
}

impl ModelIndex {
    /// Indexes `model` in one pass over its subnets and intents.
    pub fn new(model: &Model) -> Self {
        let mut subnets = vec![Vec::new(); model.vpcs.len()];
        for (index, subnet) in model.subnets.iter().enumerate() {
            if let Some(list) = subnets.get_mut(subnet.vpc) {
                list.push(index);
            }
        }
        let mut nat_intents: Vec<Vec<usize>> = vec![Vec::new(); model.vpcs.len()];
        for (index, intent) in model.intents.iter().enumerate().filter(|(_, i)| i.via == Via::Nat) {
            for &subnet in &intent.subnets {
                let Some(list) = model.subnets.get(subnet).and_then(|s| nat_intents.get_mut(s.vpc)) else {
                    continue;
                };
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
        ModelIndex { subnets, nat_intents }
    }

    /// The subnets of `vpc`, in declaration order.
    pub fn subnets_of(&self, vpc: VpcIdx) -> &[SubnetIdx] {
        self.subnets.get(vpc).map_or(&[], Vec::as_slice)
    }

    /// The `via nat` intents with a subnet in `vpc`, in declaration order.
    pub fn nat_intents_of(&self, vpc: VpcIdx) -> &[usize] {
        self.nat_intents.get(vpc).map_or(&[], Vec::as_slice)
    }
}
