//! The overlap search behind E107, in n log n: for every subnet, the first
//! earlier subnet of its VPC whose block overlaps its own.
//!
//! CIDR blocks nest or are disjoint, so a block `x` overlaps exactly the blocks
//! that start inside `x` (they lie inside it, or contain it from the same first
//! address) and the blocks that contain `x` from an earlier address (one per
//! shorter prefix). The first kind is a contiguous run once blocks are sorted by
//! first address, answered by a range-minimum table over declaration order; the
//! second is at most 32 lookups of exact blocks (128 for IPv6), one per
//! shorter prefix length that some block of the VPC has.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::model::{Model, SubnetId, VpcId};
use crate::cidr::Cidr;

/// `(later, earlier)` pairs of the model's subnets, by `later`: `earlier` is
/// the first subnet before `later` in the same VPC whose block overlaps
/// `later`'s. Ids follow declaration order, so "before" is "smaller id".
pub fn first_earlier_overlaps(model: &Model) -> Vec<(SubnetId, SubnetId)> {
    let mut by_vpc: HashMap<VpcId, Vec<(Cidr, SubnetId)>> = HashMap::new();
    for (id, subnet) in model.subnets_with_ids() {
        if let Some(block) = subnet.cidr {
            by_vpc.entry(subnet.vpc).or_default().push((block, id));
        }
    }
    let mut found: Vec<(SubnetId, SubnetId)> = by_vpc.into_values().flat_map(in_one_vpc).collect();
    found.sort_unstable();
    found
}

fn in_one_vpc(mut blocks: Vec<(Cidr, SubnetId)>) -> Vec<(SubnetId, SubnetId)> {
    // The first subnet declared with each exact block, and the prefix
    // lengths in use (a containing block can only have one of those).
    let mut exact: HashMap<Cidr, SubnetId, FixedState> = HashMap::default();
    let mut prefixes: Vec<u8> = Vec::new();
    for &(block, id) in &blocks {
        let first = exact.entry(block).or_insert(id);
        *first = (*first).min(id);
        prefixes.push(block.prefix());
    }
    prefixes.sort_unstable();
    prefixes.dedup();
    // By family, then first address: a block's family never overlaps the other.
    let start = |block: &Cidr| (block.is_ipv6(), block.first());
    blocks.sort_unstable_by_key(|&(block, id)| (start(&block), id));
    let starts: Vec<(bool, u128)> = blocks.iter().map(|(block, _)| start(block)).collect();
    let table = RangeMin::new(blocks.iter().map(|&(_, id)| id).collect());
    let mut found = Vec::new();
    for &(block, id) in &blocks {
        let from = starts.partition_point(|&s| s < start(&block));
        let to = starts.partition_point(|&s| s <= (block.is_ipv6(), block.last()));
        let inside = table.min(from, to);
        let containing = prefixes
            .iter()
            .take_while(|&&prefix| prefix < block.prefix())
            .filter_map(|&prefix| block.supernet_at(prefix))
            .filter_map(|supernet| exact.get(&supernet).copied())
            .min();
        let first = inside.into_iter().chain(containing).min();
        if let Some(earlier) = first.filter(|&earlier| earlier < id) {
            found.push((id, earlier));
        }
    }
    found
}

/// Minimum of any range of a fixed list in O(1), after O(n log n) set-up.
struct RangeMin<T> {
    /// `levels[k][i]` is the minimum of `values[i .. i + 2^k]`.
    levels: Vec<Vec<T>>,
}

impl<T: Ord + Copy> RangeMin<T> {
    fn new(values: Vec<T>) -> Self {
        let mut levels = vec![values];
        let mut width = 1;
        while let Some(previous) = levels.last().filter(|level| level.len() > width) {
            let next: Vec<T> = previous
                .iter()
                .zip(previous.iter().skip(width))
                .map(|(a, b)| *a.min(b))
                .collect();
            levels.push(next);
            width *= 2;
        }
        RangeMin { levels }
    }

    /// The minimum of `values[from..to]`, `None` when the range is empty.
    fn min(&self, from: usize, to: usize) -> Option<T> {
        let length = to.checked_sub(from).filter(|&n| n > 0)?;
        let level = (usize::BITS - 1 - length.leading_zeros()) as usize;
        let row = self.levels.get(level)?;
        let a = row.get(from)?;
        let b = row.get(to - (1 << level))?;
        Some(*a.min(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::model::{SubnetInfo, VpcInfo};

    /// A model with two vpcs and one subnet per block, the `i`-th in vpc
    /// `vpc_of(i)`.
    fn model(blocks: &[&str], vpc_of: impl Fn(usize) -> usize) -> Model {
        let mut model = Model::default();
        let vpcs: Vec<VpcId> = ["a", "b"]
            .iter()
            .filter_map(|name| {
                model
                    .push_vpc(VpcInfo {
                        name: name.to_string(),
                        span: crate::span::Span::new(0, 0),
                        region: "eu-west-1".into(),
                        partition: crate::aws::Partition::Aws,
                        existing_id: None,
                        cidr: None,
                    })
                    .ok()
            })
            .collect();
        for (i, cidr) in blocks.iter().enumerate() {
            let subnet = SubnetInfo {
                name: cidr.to_string(),
                span: crate::span::Span::new(0, 0),
                vpc: vpcs[vpc_of(i)],
                existing: None,
                cidr: Cidr::parse(cidr).ok(),
                zone: None,
                public: false,
            };
            assert!(model.push_subnet(subnet).is_ok());
        }
        model
    }

    /// The all-pairs definition the sweep replaces.
    fn quadratic(model: &Model) -> Vec<(SubnetId, SubnetId)> {
        let mut found = Vec::new();
        let subnets: Vec<(SubnetId, &SubnetInfo)> = model.subnets_with_ids().collect();
        for (i, (later_id, later)) in subnets.iter().enumerate() {
            let Some(block) = later.cidr else { continue };
            let earlier = subnets
                .iter()
                .take(i)
                .find(|(_, s)| s.vpc == later.vpc && s.cidr.is_some_and(|b| b.overlaps(&block)));
            if let Some((earlier_id, _)) = earlier {
                found.push((*later_id, *earlier_id));
            }
        }
        found
    }

    #[test]
    fn agrees_with_all_pairs() {
        let blocks = [
            "10.0.0.0/24",
            "10.0.1.0/24",
            "10.0.0.0/16",
            "10.0.0.128/25",
            "10.0.1.0/24",
            "10.1.0.0/16",
            "0.0.0.0/0",
            "10.0.2.0/23",
            "10.0.3.0/24",
        ];
        // Every rotation and a second VPC, so each block comes first once.
        for shift in 0..blocks.len() {
            let rotated: Vec<&str> = (0..blocks.len()).map(|i| blocks[(i + shift) % blocks.len()]).collect();
            let two_vpcs = model(&rotated, |i| i % 2);
            let found = first_earlier_overlaps(&two_vpcs);
            assert!(!found.is_empty(), "shift {shift}");
            assert_eq!(found, quadratic(&two_vpcs), "shift {shift}");
            let one_vpc = model(&rotated, |_| 0);
            assert_eq!(
                first_earlier_overlaps(&one_vpc),
                quadratic(&one_vpc),
                "shift {shift}, one vpc"
            );
        }
    }

    #[test]
    fn range_minimum() {
        let values = vec![5, 3, 8, 1, 9, 2, 7];
        let table = RangeMin::new(values.clone());
        for from in 0..values.len() {
            for to in from..=values.len() {
                assert_eq!(table.min(from, to), values[from..to].iter().copied().min());
            }
        }
    }
}
