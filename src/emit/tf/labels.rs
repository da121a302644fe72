//! Terraform names: resource labels, provider aliases and output names.
//!
//! DSL names (`[A-Za-z0-9][A-Za-z0-9._-]*`) are not always HCL identifiers
//! (`010`, `a.b`), so they are mangled: `.` and every other character outside
//! `[A-Za-z0-9-]` become `_`, parts are joined with `_`, and a label that does
//! not start with a letter gets a `_` prefix. DSL names never contain `_`, so
//! this is injective for them; still, the whole file is checked, and labels
//! that collide all get a suffix hashed from what they name, which is stable
//! whatever else the file holds.

use std::collections::{BTreeMap, HashMap};

use foldhash::fast::FixedState;

use super::hcl::is_identifier;
use crate::internal::InternalError;

/// One part of a name, mangled into identifier characters.
pub fn mangle(part: &str) -> String {
    part.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect()
}

/// Parts mangled and joined with `_`, made to start with a letter or `_`.
pub fn mangle_parts<I, S>(parts: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let joined: Vec<String> = parts.into_iter().map(|part| mangle(part.as_ref())).collect();
    let label = joined.join("_");
    match label.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => label,
        _ => format!("_{label}"),
    }
}

/// FNV-1a, 64 bits: a small, stable hash (the std hasher is not stable across releases).
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The labels of one namespace by identity. Hashed with a fixed seed: a
/// file has one identity per block (over a hundred thousand for a large
/// estate), whose identities share long prefixes (`REGION\0Kind\0VPC...`),
/// so an ordered map spent its time comparing them. Nothing is written in
/// this map's order: a clash's suffix depends only on the identity.
type Labels = HashMap<String, String, FixedState>;

/// Labels proposed for every block of a file, made unique per namespace
/// (a resource type, `provider`, `data.TYPE` or `output`).
#[derive(Debug, Default)]
pub struct LabelTable {
    /// namespace → identity → proposed label.
    proposed: BTreeMap<String, Labels>,
    /// namespace → identity → final label.
    resolved: BTreeMap<String, Labels>,
}

impl LabelTable {
    /// Proposes `label` for the block that `identity` names in `namespace`.
    /// The first proposal for an identity wins.
    pub fn propose(&mut self, namespace: &str, identity: &str, label: String) {
        if !self.proposed.contains_key(namespace) {
            self.proposed.insert(namespace.to_string(), Labels::default());
        }
        if let Some(labels) = self.proposed.get_mut(namespace) {
            if !labels.contains_key(identity) {
                labels.insert(identity.to_string(), label);
            }
        }
    }

    /// Makes every label unique in its namespace. Fails only if hashing
    /// cannot separate them, which would take a 64-bit hash collision.
    pub fn resolve(&mut self) -> Result<(), InternalError> {
        // The proposals are not needed once resolved: move them, do not copy them.
        for (namespace, labels) in std::mem::take(&mut self.proposed) {
            let mut current = labels;
            for round in 0..4u32 {
                let mut users: HashMap<&str, usize, FixedState> = HashMap::default();
                for label in current.values() {
                    *users.entry(label.as_str()).or_default() += 1;
                }
                let clashing: Vec<String> = current
                    .iter()
                    .filter(|(_, label)| users.get(label.as_str()).copied().unwrap_or(0) > 1)
                    .map(|(identity, _)| identity.clone())
                    .collect();
                if clashing.is_empty() {
                    break;
                }
                if round == 3 {
                    return Err(InternalError::new(format!(
                        "cannot make the `{namespace}` labels unique"
                    )));
                }
                for identity in clashing {
                    if let Some(label) = current.get_mut(&identity) {
                        let width = 8 + 4 * round as usize;
                        let hash = format!("{:016x}", fnv1a(&format!("{round}\u{0}{identity}")));
                        let suffix = hash.get(..width.min(16)).unwrap_or(&hash);
                        *label = format!("{label}_{suffix}");
                    }
                }
            }
            if let Some(bad) = current.values().find(|label| !is_identifier(label)) {
                return Err(InternalError::new(format!("`{bad}` is not a valid label")));
            }
            self.resolved.insert(namespace, current);
        }
        Ok(())
    }

    /// The final label of `identity` in `namespace`, after [`LabelTable::resolve`].
    pub fn get(&self, namespace: &str, identity: &str) -> Result<String, InternalError> {
        self.resolved
            .get(namespace)
            .and_then(|labels| labels.get(identity))
            .cloned()
            .ok_or_else(|| {
                InternalError::new(format!(
                    "no `{namespace}` block for `{}`",
                    identity.replace('\u{0}', "/")
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mangles_dsl_names_into_identifiers() {
        assert_eq!(mangle_parts(["010"]), "_010");
        assert_eq!(mangle_parts(["a.b"]), "a_b");
        assert_eq!(mangle_parts(["lab", "ecr.api"]), "lab_ecr_api");
        assert_eq!(mangle_parts(["my-vpc"]), "my-vpc");
    }

    #[test]
    fn collisions_get_stable_distinct_suffixes() {
        let mut table = LabelTable::default();
        table.propose("aws_vpc_endpoint", "x\u{0}a.b", mangle_parts(["a.b"]));
        table.propose("aws_vpc_endpoint", "x\u{0}a\u{0}b", mangle_parts(["a", "b"]));
        table.propose("aws_vpc_endpoint", "x\u{0}c", mangle_parts(["c"]));
        table.propose("aws_subnet", "x\u{0}a_b", "a_b".into());
        table.resolve().unwrap();
        let first = table.get("aws_vpc_endpoint", "x\u{0}a.b").unwrap();
        let second = table.get("aws_vpc_endpoint", "x\u{0}a\u{0}b").unwrap();
        assert_ne!(first, second);
        assert!(first.starts_with("a_b_") && second.starts_with("a_b_"));
        assert_eq!(table.get("aws_vpc_endpoint", "x\u{0}c").unwrap(), "c");
        assert_eq!(table.get("aws_subnet", "x\u{0}a_b").unwrap(), "a_b");

        let mut again = LabelTable::default();
        again.propose("aws_vpc_endpoint", "x\u{0}a\u{0}b", mangle_parts(["a", "b"]));
        again.propose("aws_vpc_endpoint", "x\u{0}a.b", mangle_parts(["a.b"]));
        again.resolve().unwrap();
        assert_eq!(again.get("aws_vpc_endpoint", "x\u{0}a.b").unwrap(), first);
    }

    #[test]
    fn unknown_identities_are_errors() {
        let mut table = LabelTable::default();
        table.resolve().unwrap();
        assert!(table.get("aws_vpc", "nothing").is_err());
    }
}
