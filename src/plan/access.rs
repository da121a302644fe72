//! The meaning of `allow` words: which IAM actions `read`, `write`, `list`
//! and `all` stand for on a bucket or a table.
//!
//! [`ACCESS_GROUPS`] is the only place the expansion is written down; the
//! table in docs/language.md ("allow ACCESS") must say the same, which
//! `tests/it/docs.rs` checks.

use std::collections::BTreeSet;

use crate::syntax::ast::{Access, ResourceKind};

/// One access word and the IAM actions (without the service prefix) it
/// grants on a bucket (`s3:`) and on a table (`dynamodb:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessGroup {
    /// The word as written in `allow` (`read`).
    pub word: &'static str,
    /// The `s3:` actions it grants on a bucket and its objects.
    pub bucket: &'static [&'static str],
    /// The `dynamodb:` actions it grants on a table and its indexes.
    pub table: &'static [&'static str],
}

/// The expansion of every access word, in the order the docs list them.
pub const ACCESS_GROUPS: &[AccessGroup] = &[
    AccessGroup {
        word: "read",
        bucket: &["GetObject", "GetObjectVersion", "ListBucket", "GetBucketLocation"],
        table: &[
            "GetItem",
            "BatchGetItem",
            "Query",
            "Scan",
            "ConditionCheckItem",
            "DescribeTable",
            "PartiQLSelect",
        ],
    },
    AccessGroup {
        word: "write",
        bucket: &[
            "PutObject",
            "DeleteObject",
            "AbortMultipartUpload",
            "ListMultipartUploadParts",
            "ListBucketMultipartUploads",
        ],
        table: &[
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "BatchWriteItem",
            "PartiQLInsert",
            "PartiQLUpdate",
            "PartiQLDelete",
        ],
    },
    AccessGroup {
        word: "list",
        bucket: &[
            "ListBucket",
            "ListBucketVersions",
            "ListBucketMultipartUploads",
            "GetBucketLocation",
        ],
        table: &["Scan", "DescribeTable"],
    },
    AccessGroup {
        word: "all",
        bucket: &["*"],
        table: &["*"],
    },
];

/// The `s3:` actions `deny public` refuses from outside the endpoints: every
/// action on objects and every listing of the bucket. Bucket management
/// (`PutBucketPolicy`, `DeleteBucketPolicy`, `DeleteBucket`, ...) is left to
/// IAM, so that the principal that deploys the stack keeps it.
pub const BUCKET_DATA_ACTIONS: &[&str] = &[
    "AbortMultipartUpload",
    "DeleteObject*",
    "GetObject*",
    "ListBucket*",
    "ListMultipartUploadParts",
    "PutObject*",
    "RestoreObject",
];

/// The `dynamodb:` actions `deny public` refuses from outside the endpoints:
/// every action that reads or writes items, PartiQL included. Table
/// management (`PutResourcePolicy`, `DeleteTable`, `DescribeTable`, ...) is
/// left to IAM, so that the principal that deploys the stack keeps it.
pub const TABLE_DATA_ACTIONS: &[&str] = &[
    "BatchGetItem",
    "BatchWriteItem",
    "ConditionCheckItem",
    "DeleteItem",
    "GetItem",
    "PartiQLDelete",
    "PartiQLInsert",
    "PartiQLSelect",
    "PartiQLUpdate",
    "PutItem",
    "Query",
    "Scan",
    "UpdateItem",
];

/// The data actions of a resource kind, with their service prefix, sorted.
pub fn data_actions(kind: ResourceKind) -> Vec<String> {
    let actions = match kind {
        ResourceKind::Bucket => BUCKET_DATA_ACTIONS,
        ResourceKind::Table => TABLE_DATA_ACTIONS,
    };
    let prefix = service_prefix(kind);
    actions.iter().map(|a| format!("{prefix}:{a}")).collect()
}

/// The IAM action prefix of a resource kind.
pub fn service_prefix(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Bucket => "s3",
        ResourceKind::Table => "dynamodb",
    }
}

/// The word of an access group (`read`), or `None` for an IAM action.
pub fn group_word(access: &Access) -> Option<&'static str> {
    match access {
        Access::Read => Some("read"),
        Access::Write => Some("write"),
        Access::List => Some("list"),
        Access::All => Some("all"),
        Access::Action(_) => None,
    }
}

/// The actions one access word grants on a resource of `kind`. An IAM action
/// of another service grants nothing on this kind (the checker reports one
/// that applies to no target).
pub fn actions(kind: ResourceKind, access: &Access) -> Vec<String> {
    let prefix = service_prefix(kind);
    let Some(word) = group_word(access) else {
        let Access::Action(action) = access else {
            return Vec::new();
        };
        let matches = action
            .split_once(':')
            .is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix));
        return if matches { vec![action.clone()] } else { Vec::new() };
    };
    ACCESS_GROUPS
        .iter()
        .filter(|group| group.word == word)
        .flat_map(|group| match kind {
            ResourceKind::Bucket => group.bucket,
            ResourceKind::Table => group.table,
        })
        .map(|action| format!("{prefix}:{action}"))
        .collect()
}

/// Whether `accesses` on a resource of `kind` grant at least one data action
/// (a read, write or listing of objects or items): without one, an endpoint
/// policy scoped to the resource lets none of its data through.
pub fn grants_data(kind: ResourceKind, accesses: &[Access]) -> bool {
    let data = data_actions(kind);
    expand(kind, accesses)
        .iter()
        .any(|granted| data.iter().any(|wanted| patterns_meet(granted, wanted)))
}

/// Whether two IAM action patterns (`*` any run, `?` one character, case
/// ignored) match at least one common action name.
fn patterns_meet(a: &str, b: &str) -> bool {
    let wild = |s: &str| s.contains(['*', '?']);
    // An action without wildcards meets a pattern when the pattern matches it:
    // a linear match instead of the general table (the usual case, every
    // time a scoped endpoint is planned).
    match (wild(a), wild(b)) {
        (false, false) => a.eq_ignore_ascii_case(b),
        (true, false) if a.is_ascii() && b.is_ascii() => glob_matches(a.as_bytes(), b.as_bytes()),
        (false, true) if a.is_ascii() && b.is_ascii() => glob_matches(b.as_bytes(), a.as_bytes()),
        _ => patterns_meet_in_general(a, b),
    }
}

/// Whether ASCII `pattern` (`*`, `?`) matches ASCII `text`, case ignored.
fn glob_matches(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    // The last `*` seen and the text position it was tried at.
    let mut star: Option<(usize, usize)> = None;
    while let Some(&c) = text.get(t) {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&q) if q == b'?' || q.eq_ignore_ascii_case(&c) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((s, at)) => {
                    star = Some((s, at + 1));
                    p = s + 1;
                    t = at + 1;
                }
                None => return false,
            },
        }
    }
    pattern.get(p..).is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

/// [`patterns_meet`] for any two patterns: which suffixes of each can match
/// a common string, by dynamic programming.
fn patterns_meet_in_general(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
    // meet[i][j]: the suffixes a[i..] and b[j..] match a common string.
    let mut meet = vec![vec![false; b.len() + 1]; a.len() + 1];
    for i in (0..=a.len()).rev() {
        for j in (0..=b.len()).rev() {
            meet[i][j] = match (a.get(i), b.get(j)) {
                (None, None) => true,
                (Some('*'), _) => meet[i + 1][j] || (j < b.len() && meet[i][j + 1]),
                (_, Some('*')) => meet[i][j + 1] || (i < a.len() && meet[i + 1][j]),
                (Some(x), Some(y)) => (x == y || *x == '?' || *y == '?') && meet[i + 1][j + 1],
                _ => false,
            };
        }
    }
    meet[0][0]
}

/// The sorted, deduplicated actions of several access words; a service-wide
/// wildcard (`s3:*`) absorbs everything else.
pub fn expand(kind: ResourceKind, accesses: &[Access]) -> Vec<String> {
    let set: BTreeSet<String> = accesses.iter().flat_map(|a| actions(kind, a)).collect();
    let wildcard = format!("{}:*", service_prefix(kind));
    if set.contains(&wildcard) {
        vec![wildcard]
    } else {
        set.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_granted_by_words_and_by_data_actions_only() {
        let action = |a: &str| Access::Action(a.to_string());
        assert!(grants_data(ResourceKind::Bucket, &[Access::Read]));
        assert!(grants_data(ResourceKind::Bucket, &[action("s3:Get*")]));
        assert!(grants_data(ResourceKind::Bucket, &[action("s3:*Object")]));
        assert!(grants_data(ResourceKind::Table, &[action("dynamodb:Query")]));
        assert!(!grants_data(ResourceKind::Bucket, &[action("s3:GetBucketLocation")]));
        assert!(!grants_data(ResourceKind::Bucket, &[action("s3:GetBucketPolicy*")]));
        assert!(!grants_data(ResourceKind::Table, &[action("dynamodb:DescribeTable")]));
        assert!(patterns_meet("s3:Get?bject", "s3:GetObject*"));
        assert!(!patterns_meet("s3:Put*", "s3:GetObject*"));
    }

    proptest::proptest! {
        /// The linear match gives the general table's answer.
        #[test]
        fn linear_match_agrees_with_the_table(a in "[aAb:?*]{0,7}", b in "[aAb:]{0,7}") {
            proptest::prop_assert_eq!(patterns_meet(&a, &b), patterns_meet_in_general(&a, &b));
            proptest::prop_assert_eq!(patterns_meet(&b, &a), patterns_meet_in_general(&b, &a));
        }
    }

    #[test]
    fn read_on_a_bucket() {
        let got = expand(ResourceKind::Bucket, &[Access::Read]);
        assert_eq!(
            got,
            [
                "s3:GetBucketLocation",
                "s3:GetObject",
                "s3:GetObjectVersion",
                "s3:ListBucket"
            ]
        );
    }

    #[test]
    fn list_on_a_bucket_lists_versions_and_uploads() {
        let got = expand(ResourceKind::Bucket, &[Access::List]);
        assert_eq!(
            got,
            [
                "s3:GetBucketLocation",
                "s3:ListBucket",
                "s3:ListBucketMultipartUploads",
                "s3:ListBucketVersions"
            ]
        );
    }

    #[test]
    fn table_words_include_partiql() {
        let read = expand(ResourceKind::Table, &[Access::Read]);
        assert!(read.contains(&"dynamodb:PartiQLSelect".to_string()), "{read:?}");
        let write = expand(ResourceKind::Table, &[Access::Write]);
        for action in ["PartiQLInsert", "PartiQLUpdate", "PartiQLDelete"] {
            assert!(write.contains(&format!("dynamodb:{action}")), "{write:?}");
        }
    }

    #[test]
    fn every_group_word_is_in_the_table_once() {
        for access in [Access::Read, Access::Write, Access::List, Access::All] {
            let word = group_word(&access);
            assert_eq!(
                ACCESS_GROUPS.iter().filter(|g| Some(g.word) == word).count(),
                1,
                "{word:?}"
            );
        }
        assert_eq!(ACCESS_GROUPS.len(), 4);
    }

    #[test]
    fn data_actions_leave_management_to_iam() {
        for kind in [ResourceKind::Bucket, ResourceKind::Table] {
            let data = data_actions(kind);
            let mut sorted = data.clone();
            sorted.sort();
            assert_eq!(data, sorted, "kept sorted for stable output");
            let covers = |action: &str| {
                data.iter().any(|pattern| match pattern.strip_suffix('*') {
                    Some(stem) => action.starts_with(stem),
                    None => action == pattern,
                })
            };
            let management: &[&str] = match kind {
                ResourceKind::Bucket => &[
                    "s3:PutBucketPolicy",
                    "s3:DeleteBucketPolicy",
                    "s3:GetBucketPolicy",
                    "s3:DeleteBucket",
                    "s3:PutBucketTagging",
                    "s3:PutBucketObjectLockConfiguration",
                ],
                ResourceKind::Table => &[
                    "dynamodb:PutResourcePolicy",
                    "dynamodb:DeleteResourcePolicy",
                    "dynamodb:DeleteTable",
                    "dynamodb:DescribeTable",
                    "dynamodb:UpdateTable",
                ],
            };
            for action in management {
                assert!(!covers(action), "{action} must stay with IAM");
            }
            // Every action an access word grants on the data is denied outside the endpoints.
            for group in ACCESS_GROUPS.iter().filter(|g| g.word != "all") {
                for action in actions(kind, &group_access(group.word)) {
                    let is_metadata = action.ends_with(":GetBucketLocation") || action.ends_with(":DescribeTable");
                    assert!(is_metadata || covers(&action), "{action} is data but not denied");
                }
            }
        }
    }

    fn group_access(word: &str) -> Access {
        match word {
            "read" => Access::Read,
            "write" => Access::Write,
            "list" => Access::List,
            _ => Access::All,
        }
    }

    #[test]
    fn all_absorbs_the_rest() {
        let got = expand(ResourceKind::Table, &[Access::Read, Access::All]);
        assert_eq!(got, ["dynamodb:*"]);
    }

    #[test]
    fn actions_of_another_service_grant_nothing() {
        let got = expand(ResourceKind::Bucket, &[Access::Action("dynamodb:Query".into())]);
        assert!(got.is_empty());
        let got = expand(ResourceKind::Bucket, &[Access::Action("s3:Get*".into())]);
        assert_eq!(got, ["s3:Get*"]);
    }
}
