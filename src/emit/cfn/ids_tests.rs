use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::*;

fn key(kind: Kind, parts: &[&str]) -> ResourceKey {
    ResourceKey::new(kind, parts.iter().copied())
}

fn ids_of(idents: &[Ident]) -> BTreeMap<Ident, String> {
    allocate(idents.iter().map(Ident::wanted).collect(), &BTreeSet::new())
}

#[test]
fn camel_splits_on_dots_dashes_and_underscores() {
    assert_eq!(camel(&["net-102-subnet-2".to_string()]), "Net102Subnet2");
    assert_eq!(camel(&["net-102".to_string(), "s3".to_string()]), "Net102S3");
    assert_eq!(camel(&["ecr.api".to_string(), "my_vpc".to_string()]), "EcrApiMyVpc");
    assert_eq!(camel(&["a..b--c".to_string()]), "ABC");
}

#[test]
fn readable_ids_carry_the_kind_suffix() {
    let subnet = key(Kind::Subnet, &["net-102-subnet-2"]);
    let ids = ids_of(&[
        Ident::Key(subnet.clone()),
        Ident::Association(subnet),
        Ident::Key(key(Kind::GatewayEndpoint, &["net-102", "s3"])),
        Ident::Route {
            name: "net-102-public".into(),
            route_table: IdRef::Existing("rtb-1".into()),
            destination: "0.0.0.0/0".into(),
        },
    ]);
    let mut names: Vec<&str> = ids.values().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Net102PublicDefaultRoute",
            "Net102S3GatewayEndpoint",
            "Net102Subnet2Subnet",
            "Net102Subnet2SubnetRouteTableAssociation"
        ]
    );
}

#[test]
fn colliding_ids_get_distinct_stable_hash_suffixes() {
    // `a.b` and `a-b` both read `AB`; so does the key with parts `a`, `b`.
    let dotted = Ident::Key(key(Kind::Vpc, &["a.b"]));
    let plain = Ident::Key(key(Kind::Vpc, &["a-b"]));
    let other = Ident::Key(key(Kind::Vpc, &["c"]));
    let ids = ids_of(&[dotted.clone(), plain.clone(), other.clone()]);
    let (dotted_id, plain_id) = (&ids[&dotted], &ids[&plain]);
    assert_ne!(dotted_id, plain_id);
    assert!(
        dotted_id.starts_with("ABVPC") && dotted_id.len() == "ABVPC".len() + 6,
        "{dotted_id}"
    );
    assert!(
        plain_id.starts_with("ABVPC") && plain_id.len() == "ABVPC".len() + 6,
        "{plain_id}"
    );
    assert_eq!(ids[&other], "CVPC", "ids that do not collide stay readable");
    // The suffix depends only on the raw key, not on the other ids.
    let again = ids_of(&[plain.clone(), Ident::Key(key(Kind::Vpc, &["a", "b"]))]);
    assert_eq!(&again[&plain], plain_id);
}

#[test]
fn ids_in_use_are_avoided() {
    let ident = Ident::Key(key(Kind::Vpc, &["a"]));
    let taken: BTreeSet<String> = ["AVPC".to_string()].into();
    let ids = allocate(vec![ident.wanted()], &taken);
    assert_ne!(ids[&ident], "AVPC");
}

#[test]
fn overlong_names_are_shortened_and_stay_distinct() {
    let long = "x".repeat(300);
    let one = Ident::Key(key(Kind::Bucket, &[long.as_str(), "1"]));
    let two = Ident::Key(key(Kind::Bucket, &[long.as_str(), "2"]));
    let ids = ids_of(&[one.clone(), two.clone()]);
    assert!(ids[&one].len() <= MAX_ID_LEN && ids[&two].len() <= MAX_ID_LEN);
    assert!(ids[&one].ends_with("Bucket"));
    assert_ne!(ids[&one], ids[&two]);
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(vec![
        Kind::Vpc,
        Kind::Subnet,
        Kind::RouteTable,
        Kind::Table,
        Kind::Bucket,
    ])
}

/// Short names over a tiny alphabet, so that collisions are frequent.
fn ident() -> impl Strategy<Value = Ident> {
    let parts = prop::collection::vec("[aAb1][ab._-]{0,3}", 1..3);
    let route = (
        "[aAb1][ab._-]{0,3}",
        prop::sample::select(vec!["rtb-1", "rtb-2"]),
        prop::sample::select(vec!["0.0.0.0/0", "10.0.0.0/8"]),
    )
        .prop_map(|(name, table, dest)| Ident::Route {
            name,
            route_table: IdRef::Existing(table.to_string()),
            destination: dest.to_string(),
        });
    prop_oneof![
        (kind(), parts.clone()).prop_map(|(kind, parts)| Ident::Key(ResourceKey::new(kind, parts))),
        parts
            .clone()
            .prop_map(|parts| Ident::Association(ResourceKey::new(Kind::Subnet, parts))),
        parts.prop_map(|parts| Ident::BucketPolicy(ResourceKey::new(Kind::Bucket, parts))),
        route,
    ]
}

proptest! {
    #[test]
    fn distinct_keys_always_get_distinct_valid_ids(idents in prop::collection::btree_set(ident(), 1..40)) {
        let idents: Vec<Ident> = idents.into_iter().collect();
        let ids = ids_of(&idents);
        prop_assert_eq!(ids.len(), idents.len());
        let distinct: BTreeSet<&String> = ids.values().collect();
        prop_assert_eq!(distinct.len(), ids.len());
        for id in ids.values() {
            prop_assert!(!id.is_empty() && id.len() <= MAX_ID_LEN);
            prop_assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{}", id);
        }
    }

    #[test]
    fn ids_do_not_depend_on_input_order(idents in prop::collection::vec(ident(), 1..20)) {
        let forward = ids_of(&idents);
        let mut reversed = idents.clone();
        reversed.reverse();
        prop_assert_eq!(forward, ids_of(&reversed));
    }
}
