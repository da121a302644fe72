//! CIDR arithmetic on the `ipnet` crate: parsing, containment, overlap and
//! aggregation, for IPv4 and IPv6 blocks alike (so that dual-stack VPCs can
//! follow). The language's VPC and subnet blocks are IPv4 today: [`Cidr::parse`]
//! reads those, [`Cidr::parse_ipv6`] the IPv6 ones.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

/// A CIDR block with no host bits set, IPv4 or IPv6. Blocks sort by family
/// (IPv4 first), then first address, then prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr(IpNet);

/// Why a CIDR string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CidrError {
    /// Not `a.b.c.d/n` (or, for IPv6, `x:x::x/n`).
    Malformed,
    /// Host bits are set; carries the network it was probably meant to be.
    HostBits(Cidr),
}

impl Cidr {
    /// Builds a block; `None` if the prefix is too long for the family or
    /// host bits are set.
    pub fn new(address: IpAddr, prefix: u8) -> Option<Cidr> {
        let net = IpNet::new(address, prefix).ok()?;
        (net.trunc() == net).then_some(Cidr(net))
    }

    /// Parses an IPv4 block, `a.b.c.d/n`: four decimal octets without
    /// leading zeros and a prefix length of at most 32.
    pub fn parse(text: &str) -> Result<Cidr, CidrError> {
        let (address, prefix) = text.split_once('/').ok_or(CidrError::Malformed)?;
        let prefix: u8 = parse_decimal(prefix).ok_or(CidrError::Malformed)?;
        let octets: Vec<&str> = address.split('.').collect();
        if octets.len() != 4 {
            return Err(CidrError::Malformed);
        }
        let mut bytes = [0u8; 4];
        for (byte, octet) in bytes.iter_mut().zip(octets) {
            *byte = parse_decimal(octet).ok_or(CidrError::Malformed)?;
        }
        let net = Ipv4Net::new(Ipv4Addr::from(bytes), prefix).map_err(|_| CidrError::Malformed)?;
        checked(IpNet::V4(net))
    }

    /// Parses an IPv6 block, `x:x::x/n`, with a prefix length of at most 128.
    pub fn parse_ipv6(text: &str) -> Result<Cidr, CidrError> {
        let (address, prefix) = text.split_once('/').ok_or(CidrError::Malformed)?;
        let prefix: u8 = parse_decimal(prefix).ok_or(CidrError::Malformed)?;
        let address: Ipv6Addr = address.parse().map_err(|_| CidrError::Malformed)?;
        let net = Ipv6Net::new(address, prefix).map_err(|_| CidrError::Malformed)?;
        checked(IpNet::V6(net))
    }

    /// The block as an `ipnet` network.
    pub fn net(&self) -> IpNet {
        self.0
    }

    /// The prefix length.
    pub fn prefix(&self) -> u8 {
        self.0.prefix_len()
    }

    /// Whether this is an IPv6 block.
    pub fn is_ipv6(&self) -> bool {
        matches!(self.0, IpNet::V6(_))
    }

    /// The first address, as a number (within its family).
    pub fn first(&self) -> u128 {
        number(self.0.network())
    }

    /// The last address, as a number (within its family).
    pub fn last(&self) -> u128 {
        number(self.0.broadcast())
    }

    /// The number of addresses (saturating at `u128::MAX` for `::/0`).
    pub fn size(&self) -> u128 {
        let host_bits = u32::from(self.0.max_prefix_len() - self.0.prefix_len());
        1u128.checked_shl(host_bits).unwrap_or(u128::MAX)
    }

    /// Whether `other` lies entirely inside `self` (never across families).
    pub fn contains(&self, other: &Cidr) -> bool {
        self.0.contains(&other.0)
    }

    /// Whether the two blocks share any address.
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The block of length `prefix` that contains this one; `None` when
    /// `prefix` is longer than this block's.
    pub fn supernet_at(&self, prefix: u8) -> Option<Cidr> {
        if prefix > self.prefix() {
            return None;
        }
        IpNet::new(self.0.addr(), prefix).ok().map(|net| Cidr(net.trunc()))
    }

    /// The smallest block containing both; `None` across families.
    pub fn common_supernet(&self, other: &Cidr) -> Option<Cidr> {
        if self.is_ipv6() != other.is_ipv6() {
            return None;
        }
        (0..=self.prefix().min(other.prefix()))
            .rev()
            .filter_map(|prefix| self.supernet_at(prefix))
            .find(|block| block.contains(other))
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The block, or the network it was probably meant to be when host bits are set.
fn checked(net: IpNet) -> Result<Cidr, CidrError> {
    if net.trunc() == net {
        Ok(Cidr(net))
    } else {
        Err(CidrError::HostBits(Cidr(net.trunc())))
    }
}

fn number(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
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

/// The exact union of `blocks` as the fewest CIDR blocks, sorted (IPv4
/// blocks first).
pub fn aggregate(blocks: &[Cidr]) -> Vec<Cidr> {
    let nets: Vec<IpNet> = blocks.iter().map(Cidr::net).collect();
    let mut merged: Vec<Cidr> = IpNet::aggregate(&nets).into_iter().map(Cidr).collect();
    merged.sort();
    merged
}

/// Covers `blocks` with at most `limit` CIDR blocks: the exact aggregate
/// when it fits, otherwise neighbours are merged into their common supernet,
/// each time choosing the merge that admits the fewest extra addresses.
/// Blocks of different families are never merged, so a cover of both
/// families keeps at least one block of each.
pub fn cover_within(blocks: &[Cidr], limit: usize) -> Vec<Cidr> {
    let mut cover = aggregate(blocks);
    while cover.len() > limit.max(1) {
        let mut best: Option<(u128, usize, Cidr)> = None;
        for (i, pair) in cover.windows(2).enumerate() {
            let [a, b] = pair else { continue };
            let Some(joined) = a.common_supernet(b) else { continue };
            let waste = joined.size().saturating_sub(a.size()).saturating_sub(b.size());
            if best.is_none_or(|(w, _, _)| waste < w) {
                best = Some((waste, i, joined));
            }
        }
        let Some((_, i, joined)) = best else { break };
        cover.splice(i..i + 2, [joined]);
        cover = aggregate(&cover);
    }
    cover
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> Cidr {
        Cidr::parse(text)
            .or_else(|_| Cidr::parse_ipv6(text))
            .unwrap_or(Cidr(IpNet::default()))
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
    fn ipv6_blocks_parse_nest_and_aggregate_like_ipv4_ones() {
        assert_eq!(c("2001:db8::/56").to_string(), "2001:db8::/56");
        assert_eq!(
            Cidr::parse_ipv6("2001:db8::1/64"),
            Err(CidrError::HostBits(c("2001:db8::/64")))
        );
        for bad in ["2001:db8::", "2001:db8::/129", "2001:db8::/064", "10.0.0.0/8"] {
            assert_eq!(Cidr::parse_ipv6(bad), Err(CidrError::Malformed), "{bad}");
        }
        assert_eq!(
            Cidr::parse("2001:db8::/56"),
            Err(CidrError::Malformed),
            "the language's blocks are IPv4"
        );
        assert!(c("2001:db8::/56").contains(&c("2001:db8:0:1::/64")));
        assert!(!c("2001:db8::/56").overlaps(&c("2001:db8:0:100::/64")));
        assert_eq!(
            aggregate(&[
                c("2001:db8:0:1::/64"),
                c("2001:db8::/64"),
                c("10.0.1.0/24"),
                c("10.0.0.0/24")
            ]),
            vec![c("10.0.0.0/23"), c("2001:db8::/63")]
        );
        assert!(!c("0.0.0.0/0").contains(&c("::/128")), "families never nest");
        assert_eq!(c("10.0.0.0/24").common_supernet(&c("2001:db8::/64")), None);
        assert_eq!(c("::/0").size(), u128::MAX);
    }

    #[test]
    fn cover_respects_the_limit() {
        let blocks: Vec<Cidr> = (0..100u32).map(|i| c(&format!("10.0.{}.0/24", i * 2))).collect();
        let cover = cover_within(&blocks, 60);
        assert!(cover.len() <= 60);
        for block in &blocks {
            assert!(cover.iter().any(|k| k.contains(block)));
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// IPv4 blocks of /8 to /32, and IPv6 blocks of /32 to /128 within
        /// a few /32s (so that they nest and touch often).
        fn block() -> impl Strategy<Value = Cidr> {
            let v4 = (any::<u32>(), 8u8..=32).prop_filter_map("a block", |(address, prefix)| {
                IpNet::new(IpAddr::V4(Ipv4Addr::from(address)), prefix)
                    .ok()
                    .map(|n| Cidr(n.trunc()))
            });
            let v6 = (0u128..4, any::<u128>(), 32u8..=128).prop_filter_map("a block", |(top, low, prefix)| {
                let address = (0x2001_0db8_u128 + top) << 96 | (low >> 32);
                IpNet::new(IpAddr::V6(Ipv6Addr::from(address)), prefix)
                    .ok()
                    .map(|n| Cidr(n.trunc()))
            });
            prop_oneof![3 => v4, 1 => v6]
        }

        /// Addresses to probe: the edges of every block and their neighbours,
        /// with their family.
        fn probes(blocks: &[Cidr]) -> Vec<(bool, u128)> {
            blocks
                .iter()
                .flat_map(|b| {
                    [b.first(), b.last(), b.first().wrapping_sub(1), b.last().wrapping_add(1)]
                        .map(|address| (b.is_ipv6(), address))
                })
                .collect()
        }

        fn covered(blocks: &[Cidr], (ipv6, address): (bool, u128)) -> bool {
            blocks
                .iter()
                .any(|b| b.is_ipv6() == ipv6 && b.first() <= address && address <= b.last())
        }

        proptest! {
            #[test]
            fn printing_then_parsing_gives_the_same_block(b in block()) {
                let parsed = if b.is_ipv6() { Cidr::parse_ipv6(&b.to_string()) } else { Cidr::parse(&b.to_string()) };
                prop_assert_eq!(parsed, Ok(b));
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
                prop_assert!(merged.windows(2).all(|pair| pair[0] < pair[1]), "sorted");
            }

            #[test]
            fn cover_is_within_the_limit_and_loses_nothing(
                blocks in proptest::collection::vec(block(), 1..120),
                limit in 1usize..70,
            ) {
                let cover = cover_within(&blocks, limit);
                let families = 1 + usize::from(blocks.iter().any(Cidr::is_ipv6) && blocks.iter().any(|b| !b.is_ipv6()));
                prop_assert!(cover.len() <= limit.max(families));
                for b in &blocks {
                    prop_assert!(cover.iter().any(|c| c.contains(b)), "{} is not covered", b);
                }
            }

            #[test]
            fn containment_agrees_with_address_ranges(a in block(), b in block()) {
                let same_family = a.is_ipv6() == b.is_ipv6();
                let by_range = same_family && a.first() <= b.first() && b.last() <= a.last();
                prop_assert_eq!(a.contains(&b), by_range);
                let disjoint = !same_family || a.last() < b.first() || b.last() < a.first();
                prop_assert_eq!(a.overlaps(&b), !disjoint);
            }
        }
    }
}
