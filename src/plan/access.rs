//! The meaning of `allow` words: which IAM actions `read`, `write`, `list`
//! and `all` stand for on a bucket or a table.

use std::collections::BTreeSet;

use crate::syntax::ast::{Access, ResourceKind};

/// The IAM action prefix of a resource kind.
pub fn service_prefix(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Bucket => "s3",
        ResourceKind::Table => "dynamodb",
    }
}

/// The actions one access word grants on a resource of `kind`. An IAM action
/// of another service grants nothing on this kind (the checker reports one
/// that applies to no target).
pub fn actions(kind: ResourceKind, access: &Access) -> Vec<String> {
    let words: &[&str] = match (kind, access) {
        (_, Access::All) => &["*"],
        (ResourceKind::Bucket, Access::Read) => &["GetObject", "GetObjectVersion", "ListBucket", "GetBucketLocation"],
        (ResourceKind::Bucket, Access::Write) => &[
            "PutObject",
            "DeleteObject",
            "AbortMultipartUpload",
            "ListMultipartUploadParts",
            "ListBucketMultipartUploads",
        ],
        (ResourceKind::Bucket, Access::List) => &["ListBucket", "GetBucketLocation"],
        (ResourceKind::Table, Access::Read) => &[
            "GetItem",
            "BatchGetItem",
            "Query",
            "Scan",
            "ConditionCheckItem",
            "DescribeTable",
        ],
        (ResourceKind::Table, Access::Write) => &["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"],
        (ResourceKind::Table, Access::List) => &["DescribeTable", "Scan"],
        (_, Access::Action(action)) => {
            let prefix = service_prefix(kind);
            let matches = action
                .split_once(':')
                .is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix));
            return if matches { vec![action.clone()] } else { Vec::new() };
        }
    };
    let prefix = service_prefix(kind);
    words.iter().map(|w| format!("{prefix}:{w}")).collect()
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
