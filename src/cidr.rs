//! IPv4 CIDR arithmetic: parsing, containment, overlap and aggregation.

use std::fmt;

/// An IPv4 CIDR block with no host bits set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    /// The network address.
    pub network: u32,
    /// The prefix length, 0..=32.
    pub prefix: u8,
}

/// Why a CIDR string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CidrError {
    /// Not `a.b.c.d/n`.
    Malformed,
    /// Host bits are set; carries the network it was probably meant to be.
    HostBits(Cidr),
}

impl Cidr {
    /// Builds a CIDR; `None` if the prefix is over 32 or host bits are set.
    pub fn new(network: u32, prefix: u8) -> Option<Cidr> {
        if prefix > 32 || network & !mask(prefix) != 0 {
            return None;
        }
        Some(Cidr { network, prefix })
    }

    /// Parses `a.b.c.d/n`.
    pub fn parse(text: &str) -> Result<Cidr, CidrError> {
        let (address, prefix) = text.split_once('/').ok_or(CidrError::Malformed)?;
        let prefix: u8 = parse_decimal(prefix).ok_or(CidrError::Malformed)?;
        if prefix > 32 {
            return Err(CidrError::Malformed);
        }
        let octets: Vec<&str> = address.split('.').collect();
        if octets.len() != 4 {
            return Err(CidrError::Malformed);
        }
        let mut network = 0u32;
        for octet in octets {
            let value: u8 = parse_decimal(octet).ok_or(CidrError::Malformed)?;
            network = (network << 8) | u32::from(value);
        }
        let masked = network & mask(prefix);
        if masked != network {
            return Err(CidrError::HostBits(Cidr {
                network: masked,
                prefix,
            }));
        }
        Ok(Cidr { network, prefix })
    }

    /// The first address.
    pub fn first(&self) -> u32 {
        self.network
    }

    /// The last address.
    pub fn last(&self) -> u32 {
        self.network | !mask(self.prefix)
    }

    /// The number of addresses.
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }

    /// Whether `other` lies entirely inside `self`.
    pub fn contains(&self, other: &Cidr) -> bool {
        other.prefix >= self.prefix && other.network & mask(self.prefix) == self.network
    }

    /// Whether the two blocks share any address.
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The smallest block containing both.
    pub fn common_supernet(&self, other: &Cidr) -> Cidr {
        let mut prefix = self.prefix.min(other.prefix);
        while prefix > 0 && (self.network & mask(prefix)) != (other.network & mask(prefix)) {
            prefix -= 1;
        }
        Cidr {
            network: self.network & mask(prefix),
            prefix,
        }
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.network;
        write!(
            f,
            "{}.{}.{}.{}/{}",
            n >> 24,
            (n >> 16) & 255,
            (n >> 8) & 255,
            n & 255,
            self.prefix
        )
    }
}

fn parse_decimal<T: std::str::FromStr>(text: &str) -> Option<T> {
    let canonical = !text.is_empty()
        && text.len() <= 3
        && text.bytes().all(|b| b.is_ascii_digit())
        && !(text.len() > 1 && text.starts_with('0'));
    if canonical {
        text.parse().ok()
    } else {
        None
    }
}

fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    }
}

/// The exact union of `blocks` as the fewest CIDR blocks, sorted.
pub fn aggregate(blocks: &[Cidr]) -> Vec<Cidr> {
    let mut sorted: Vec<Cidr> = blocks.to_vec();
    sorted.sort();
    // Drop blocks contained in an earlier one.
    let mut kept: Vec<Cidr> = Vec::new();
    for block in sorted {
        if !kept.last().is_some_and(|k| k.contains(&block)) {
            kept.push(block);
        }
    }
    // Merge sibling pairs until nothing changes.
    loop {
        let mut merged = Vec::with_capacity(kept.len());
        let mut changed = false;
        let mut i = 0;
        while i < kept.len() {
            if let (Some(a), Some(b)) = (kept.get(i), kept.get(i + 1)) {
                if a.prefix == b.prefix && a.prefix > 0 {
                    let parent = Cidr {
                        network: a.network & mask(a.prefix - 1),
                        prefix: a.prefix - 1,
                    };
                    if parent.network == a.network && b.network == a.network | (1 << (32 - u32::from(a.prefix))) {
                        merged.push(parent);
                        changed = true;
                        i += 2;
                        continue;
                    }
                }
            }
            merged.push(kept[i]);
            i += 1;
        }
        // A merged parent may now contain its successor.
        let mut cleaned: Vec<Cidr> = Vec::with_capacity(merged.len());
        for block in merged {
            if !cleaned.last().is_some_and(|k| k.contains(&block)) {
                cleaned.push(block);
            }
        }
        kept = cleaned;
        if !changed {
            return kept;
        }
    }
}

/// Covers `blocks` with at most `limit` CIDR blocks: the exact aggregate when
/// it fits, otherwise neighbours are merged into their common supernet, each
/// time choosing the merge that admits the fewest extra addresses.
pub fn cover_within(blocks: &[Cidr], limit: usize) -> Vec<Cidr> {
    let mut cover = aggregate(blocks);
    while cover.len() > limit.max(1) {
        let mut best: Option<(u64, usize)> = None;
        for i in 0..cover.len().saturating_sub(1) {
            let joined = cover[i].common_supernet(&cover[i + 1]);
            let waste = joined.size() - cover[i].size() - cover[i + 1].size();
            if best.is_none_or(|(w, _)| waste < w) {
                best = Some((waste, i));
            }
        }
        let Some((_, i)) = best else { break };
        let joined = cover[i].common_supernet(&cover[i + 1]);
        cover.splice(i..i + 2, [joined]);
        cover = aggregate(&cover);
    }
    cover
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> Cidr {
        Cidr::parse(text).unwrap_or(Cidr { network: 0, prefix: 0 })
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(c("10.0.2.0/24").to_string(), "10.0.2.0/24");
        assert_eq!(Cidr::parse("10.0.2.1/24"), Err(CidrError::HostBits(c("10.0.2.0/24"))));
        for bad in [
            "10.0.2.0",
            "10.0.2/24",
            "10.0.2.0/33",
            "256.0.0.0/8",
            "010.0.0.0/8",
            "a.b.c.d/8",
            "10.0.0.0/",
        ] {
            assert_eq!(Cidr::parse(bad), Err(CidrError::Malformed), "{bad}");
        }
    }

    #[test]
    fn containment_and_overlap() {
        assert!(c("10.0.0.0/16").contains(&c("10.0.2.0/24")));
        assert!(!c("10.0.2.0/24").contains(&c("10.0.0.0/16")));
        assert!(c("10.0.2.0/24").overlaps(&c("10.0.2.128/25")));
        assert!(!c("10.0.2.0/24").overlaps(&c("10.0.3.0/24")));
    }

    #[test]
    fn aggregates_siblings_and_drops_contained() {
        let blocks = [
            c("10.0.1.0/24"),
            c("10.0.0.0/24"),
            c("10.0.2.0/24"),
            c("10.0.3.0/24"),
            c("10.0.3.128/25"),
        ];
        assert_eq!(aggregate(&blocks), vec![c("10.0.0.0/22")]);
        assert_eq!(
            aggregate(&[c("10.0.1.0/24"), c("10.0.2.0/24")]),
            vec![c("10.0.1.0/24"), c("10.0.2.0/24")]
        );
    }

    #[test]
    fn cover_respects_the_limit() {
        let blocks: Vec<Cidr> = (0..100u32)
            .map(|i| Cidr {
                network: (10 << 24) | (i * 2) << 8,
                prefix: 24,
            })
            .collect();
        let cover = cover_within(&blocks, 60);
        assert!(cover.len() <= 60);
        for block in &blocks {
            assert!(cover.iter().any(|k| k.contains(block)));
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn block() -> impl Strategy<Value = Cidr> {
            (any::<u32>(), 8u8..=32).prop_map(|(address, prefix)| {
                let network = if prefix == 0 {
                    0
                } else {
                    address & (u32::MAX << (32 - u32::from(prefix)))
                };
                Cidr { network, prefix }
            })
        }

        /// Addresses to probe: the edges of every block and their neighbours.
        fn probes(blocks: &[Cidr]) -> Vec<u32> {
            blocks
                .iter()
                .flat_map(|b| [b.first(), b.last(), b.first().wrapping_sub(1), b.last().wrapping_add(1)])
                .collect()
        }

        fn covered(blocks: &[Cidr], address: u32) -> bool {
            blocks.iter().any(|b| b.first() <= address && address <= b.last())
        }

        proptest! {
            #[test]
            fn printing_then_parsing_gives_the_same_block(b in block()) {
                prop_assert_eq!(Cidr::parse(&b.to_string()), Ok(b));
            }

            #[test]
            fn aggregation_is_the_exact_union(blocks in proptest::collection::vec(block(), 0..40)) {
                let merged = aggregate(&blocks);
                for address in probes(&blocks) {
                    prop_assert_eq!(covered(&merged, address), covered(&blocks, address));
                }
                for pair in merged.windows(2) {
                    prop_assert!(!pair[0].overlaps(&pair[1]), "{} overlaps {}", pair[0], pair[1]);
                }
                prop_assert!(merged.len() <= blocks.len().max(1));
            }

            #[test]
            fn cover_is_within_the_limit_and_loses_nothing(
                blocks in proptest::collection::vec(block(), 1..120),
                limit in 1usize..70,
            ) {
                let cover = cover_within(&blocks, limit);
                prop_assert!(cover.len() <= limit);
                for b in &blocks {
                    prop_assert!(cover.iter().any(|c| c.contains(b)), "{} is not covered", b);
                }
            }

            #[test]
            fn containment_agrees_with_address_ranges(a in block(), b in block()) {
                let by_range = a.first() <= b.first() && b.last() <= a.last();
                prop_assert_eq!(a.contains(&b), by_range);
                let disjoint = a.last() < b.first() || b.last() < a.first();
                prop_assert_eq!(a.overlaps(&b), !disjoint);
            }
        }
    }
}
