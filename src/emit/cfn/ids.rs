//! Logical ids: stable, readable CamelCase names derived from resource keys.
//!
//! An id is the CamelCase of the key's name parts plus a suffix naming the
//! resource type (`net-102`, `subnet-2` → `Net102Subnet2Subnet`). That mapping
//! is not injective (`a.b` and `ab` both give `Ab`), so [`allocate`] looks at
//! every id of a template at once and gives each id that would be shared a
//! short suffix from a hash of its raw identity. Ids never merge.

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::model::{IdRef, Kind, ResourceKey};

/// The longest logical id made: CloudFormation accepts 255 characters, and
/// the output named after a resource (`{id}Id`) must fit too.
pub const MAX_ID_LEN: usize = 253;

/// A resource of a template, as the emitter tells resources apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ident {
    /// The resource a plan key names (a VPC, a subnet, an Elastic IP, ...).
    Key(ResourceKey),
    /// The route-table association of a subnet.
    Association(ResourceKey),
    /// The VPC attachment of an internet gateway.
    Attachment(ResourceKey),
    /// The policy of a bucket.
    BucketPolicy(ResourceKey),
    /// The permissions of an endpoint service.
    Permissions(ResourceKey),
    /// A route, named by the plan, in a route table, to a destination.
    Route {
        /// The route's name in the plan.
        name: String,
        /// Its route table.
        route_table: IdRef,
        /// Its destination CIDR.
        destination: String,
    },
}

impl Ident {
    /// The readable part of the id (before the type suffix).
    fn base(&self) -> String {
        match self {
            Ident::Key(key)
            | Ident::Association(key)
            | Ident::Attachment(key)
            | Ident::BucketPolicy(key)
            | Ident::Permissions(key) => camel(&key.parts),
            Ident::Route { name, .. } => camel(std::slice::from_ref(name)),
        }
    }

    /// The suffix naming the resource type.
    fn suffix(&self) -> &'static str {
        match self {
            Ident::Key(key) => kind_suffix(key.kind),
            Ident::Association(_) => "SubnetRouteTableAssociation",
            Ident::Attachment(_) => "VPCGatewayAttachment",
            Ident::BucketPolicy(_) => "BucketPolicy",
            Ident::Permissions(_) => "EndpointServicePermissions",
            Ident::Route { destination, .. } if destination == "0.0.0.0/0" => "DefaultRoute",
            Ident::Route { .. } => "Route",
        }
    }

    /// An unambiguous text of the identity, the input of collision hashes.
    fn raw(&self) -> String {
        let (tag, text) = match self {
            Ident::Key(key) => ("key", raw_key(key)),
            Ident::Association(key) => ("association", raw_key(key)),
            Ident::Attachment(key) => ("attachment", raw_key(key)),
            Ident::BucketPolicy(key) => ("bucket-policy", raw_key(key)),
            Ident::Permissions(key) => ("permissions", raw_key(key)),
            Ident::Route {
                name,
                route_table,
                destination,
            } => {
                let table = match route_table {
                    IdRef::Created(key) => raw_key(key),
                    IdRef::Existing(id) => id.clone(),
                };
                ("route", format!("{name}\u{1f}{table}\u{1f}{destination}"))
            }
        };
        format!("{tag}\u{1e}{text}")
    }

    /// What [`allocate`] needs to name this resource.
    pub fn wanted(&self) -> Wanted<Ident> {
        Wanted {
            ident: self.clone(),
            raw: self.raw(),
            base: self.base(),
            suffix: self.suffix().to_string(),
        }
    }
}

/// The type suffix of the resource a key of `kind` names.
pub fn kind_suffix(kind: Kind) -> &'static str {
    match kind {
        Kind::Vpc => "VPC",
        Kind::Subnet => "Subnet",
        Kind::RouteTable => "RouteTable",
        Kind::InternetGateway => "InternetGateway",
        Kind::ElasticIp => "NatEip",
        Kind::NatGateway => "NatGateway",
        Kind::Route => "Route",
        Kind::GatewayEndpoint => "GatewayEndpoint",
        Kind::InterfaceEndpoint => "InterfaceEndpoint",
        Kind::SecurityGroup => "SecurityGroup",
        Kind::Bucket => "Bucket",
        Kind::Table => "Table",
        Kind::EndpointService => "EndpointService",
        Kind::Role => "Role",
        Kind::InstanceProfile => "InstanceProfile",
    }
}

/// An unambiguous text of a key: its kind and its parts, separated by a
/// control character that DSL names cannot hold.
pub fn raw_key(key: &ResourceKey) -> String {
    let mut text = format!("{:?}", key.kind);
    for part in &key.parts {
        text.push('\u{1f}');
        text.push_str(part);
    }
    text
}

/// CamelCase of name parts: each part is split on `.`, `-` and `_`, each
/// piece gets an upper-case first letter, and anything that is not an ASCII
/// letter or digit is dropped (`net-102`, `subnet-2` → `Net102Subnet2`).
pub fn camel(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        for piece in part.split(|c: char| !c.is_ascii_alphanumeric()) {
            let mut chars = piece.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.extend(chars);
            }
        }
    }
    out
}

/// The 64-bit FNV-1a hash of `text`: small, stable across platforms and releases.
pub fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Lower-case hex of the hash of `raw`, `width` (≤ 16) digits long.
fn hash_hex(raw: &str, width: usize) -> String {
    let full = format!("{:016x}", fnv1a(raw));
    full.chars().take(width).collect()
}

/// A resource to name: its identity, the raw text its hash is taken of, and
/// the readable id it would get without collisions (`base` + `suffix`).
#[derive(Debug, Clone)]
pub struct Wanted<T> {
    /// What is named.
    pub ident: T,
    /// An unambiguous text of the identity.
    pub raw: String,
    /// The readable part.
    pub base: String,
    /// The type suffix.
    pub suffix: String,
}

/// Hash widths tried, one per round, for ids that still collide.
const ROUNDS: [usize; 3] = [6, 10, 16];

/// Composes `base` + `suffix` + `tag`, shortening `base` (and keeping it
/// distinct with a hash) when the whole would exceed [`MAX_ID_LEN`].
fn compose(wanted: &Wanted<impl Sized>, tag: &str) -> String {
    let mut id = format!("{}{}{}", wanted.base, wanted.suffix, tag);
    if id.len() > MAX_ID_LEN {
        let keep = MAX_ID_LEN.saturating_sub(wanted.suffix.len() + tag.len() + 16);
        let base: String = wanted.base.chars().take(keep).collect();
        id = format!("{base}{}{}{tag}", hash_hex(&wanted.raw, 16), wanted.suffix);
    }
    if id.is_empty() {
        // Only reachable with an empty suffix and a base without letters or digits.
        id = format!("R{}", hash_hex(&wanted.raw, 16));
    }
    id
}

/// Names every wanted resource so that no two share an id, and none takes an
/// id in `taken`. Without collisions an id is `base` + `suffix`; every id that
/// would be shared gets a hash of its raw identity appended, wider each round
/// while collisions remain, and finally a counter (never needed in practice).
pub fn allocate<T: Ord + Clone>(wanted: Vec<Wanted<T>>, taken: &BTreeSet<String>) -> BTreeMap<T, String> {
    let mut unique: BTreeMap<T, Wanted<T>> = BTreeMap::new();
    for item in wanted {
        unique.entry(item.ident.clone()).or_insert(item);
    }
    let mut ids: BTreeMap<T, String> = unique
        .iter()
        .map(|(ident, w)| (ident.clone(), compose(w, "")))
        .collect();
    for width in ROUNDS {
        let colliding = colliding(&ids, taken);
        if colliding.is_empty() {
            return ids;
        }
        for ident in colliding {
            if let (Some(w), Some(id)) = (unique.get(&ident), ids.get_mut(&ident)) {
                *id = compose(w, &hash_hex(&w.raw, width));
            }
        }
    }
    let mut used: BTreeSet<String> = taken.clone();
    let colliding: BTreeSet<T> = colliding(&ids, taken).into_iter().collect();
    used.extend(
        ids.iter()
            .filter(|(ident, _)| !colliding.contains(*ident))
            .map(|(_, id)| id.clone()),
    );
    for ident in colliding {
        if let (Some(w), Some(id)) = (unique.get(&ident), ids.get_mut(&ident)) {
            let mut counter = 1u64;
            let mut candidate = compose(w, &format!("{}N{counter}", hash_hex(&w.raw, 16)));
            while used.contains(&candidate) {
                counter += 1;
                candidate = compose(w, &format!("{}N{counter}", hash_hex(&w.raw, 16)));
            }
            used.insert(candidate.clone());
            *id = candidate;
        }
    }
    ids
}

/// The identities whose id is shared with another one or is taken.
fn colliding<T: Ord + Clone>(ids: &BTreeMap<T, String>, taken: &BTreeSet<String>) -> Vec<T> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for id in ids.values() {
        *count.entry(id.as_str()).or_default() += 1;
    }
    ids.iter()
        .filter(|(_, id)| taken.contains(*id) || count.get(id.as_str()).copied().unwrap_or(0) > 1)
        .map(|(ident, _)| ident.clone())
        .collect()
}

#[cfg(test)]
#[path = "ids_tests.rs"]
mod tests;
