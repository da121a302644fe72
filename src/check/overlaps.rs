//! The overlap search behind E107, in n log n: for every subnet, the first
//! earlier subnet of its VPC whose block overlaps its own.
//!
//! CIDR blocks nest or are disjoint, so a block `x` overlaps exactly the blocks
//! that start inside `x` (they lie inside it, or contain it from the same first
//! address) and the blocks that contain `x` from an earlier address (one per
//! shorter prefix). The first kind is a contiguous run once blocks are sorted by
//! first address, answered by a range-minimum table over declaration order; the
//! second is at most 32 lookups of exact blocks (128 for IPv6).

use std::collections::HashMap;

use super::model::SubnetInfo;
use super::network::NO_VPC;
use crate::cidr::Cidr;

/// `(later, earlier)` pairs of subnet indices, by `later`: `earlier` is the
/// first subnet before `later` in the same VPC whose block overlaps `later`'s.
pub fn first_earlier_overlaps(subnets: &[SubnetInfo]) -> Vec<(usize, usize)> {
    let mut by_vpc: HashMap<usize, Vec<(Cidr, usize)>> = HashMap::new();
    for (index, subnet) in subnets.iter().enumerate() {
        if let (Some(block), true) = (subnet.cidr, subnet.vpc != NO_VPC) {
            by_vpc.entry(subnet.vpc).or_default().push((block, index));
        }
    }
    let mut found: Vec<(usize, usize)> = by_vpc.into_values().flat_map(in_one_vpc).collect();
    found.sort_unstable();
    found
}

fn in_one_vpc(mut blocks: Vec<(Cidr, usize)>) -> Vec<(usize, usize)> {
    // The first subnet declared with each exact block.
    let mut exact: HashMap<Cidr, usize> = HashMap::new();
    for &(block, index) in &blocks {
        let first = exact.entry(block).or_insert(index);
        *first = (*first).min(index);
    }
    // By family, then first address: a block's family never overlaps the other.
    let start = |block: &Cidr| (block.is_ipv6(), block.first());
    blocks.sort_unstable_by_key(|&(block, index)| (start(&block), index));
    let starts: Vec<(bool, u128)> = blocks.iter().map(|(block, _)| start(block)).collect();
    let table = RangeMin::new(blocks.iter().map(|&(_, index)| index).collect());
    let mut found = Vec::new();
    for &(block, index) in &blocks {
        let from = starts.partition_point(|&s| s < start(&block));
        let to = starts.partition_point(|&s| s <= (block.is_ipv6(), block.last()));
        let inside = table.min(from, to);
        let containing = (0..block.prefix())
            .filter_map(|prefix| block.supernet_at(prefix))
            .filter_map(|supernet| exact.get(&supernet).copied())
            .min();
        let first = inside.into_iter().chain(containing).min();
        if let Some(earlier) = first.filter(|&earlier| earlier < index) {
            found.push((index, earlier));
        }
    }
    found
}

/// Minimum of any range of a fixed list in O(1), after O(n log n) set-up.
struct RangeMin {
    /// `levels[k][i]` is the minimum of `values[i .. i + 2^k]`.
    levels: Vec<Vec<usize>>,
}

impl RangeMin {
    fn new(values: Vec<usize>) -> Self {
        let mut levels = vec![values];
        let mut width = 1;
        while let Some(previous) = levels.last().filter(|level| level.len() > width) {
            let next: Vec<usize> = previous
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
    fn min(&self, from: usize, to: usize) -> Option<usize> {
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

    fn subnet(vpc: usize, cidr: &str) -> SubnetInfo {
        SubnetInfo {
            name: cidr.to_string(),
            span: Default::default(),
            vpc,
            existing: None,
            cidr: Cidr::parse(cidr).ok(),
            zone: None,
            public: false,
        }
    }

    /// The all-pairs definition the sweep replaces.
    fn quadratic(subnets: &[SubnetInfo]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (i, later) in subnets.iter().enumerate() {
            let Some(block) = later.cidr else { continue };
            let earlier = subnets
                .iter()
                .take(i)
                .position(|s| s.vpc == later.vpc && later.vpc != NO_VPC && s.cidr.is_some_and(|b| b.overlaps(&block)));
            if let Some(earlier) = earlier {
                found.push((i, earlier));
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
            let mut subnets: Vec<SubnetInfo> = (0..blocks.len())
                .map(|i| subnet(i % 2, blocks[(i + shift) % blocks.len()]))
                .collect();
            subnets.push(subnet(NO_VPC, "10.0.0.0/24"));
            assert_eq!(first_earlier_overlaps(&subnets), quadratic(&subnets), "shift {shift}");
            let one_vpc: Vec<SubnetInfo> = subnets.iter().map(|s| SubnetInfo { vpc: 0, ..s.clone() }).collect();
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
