//! What a target means on the network: the AWS service (and its region) whose
//! endpoint carries it, and which data resources an intent reaches. Shared by
//! the checker's endpoint and policy rules and the plan's warnings about
//! where requests go (`plan::path_warnings`).

use super::model::{BucketId, IntentInfo, Model, TableId, TargetInfo};
use crate::syntax::ast::Via;

/// The AWS service short name and service region that carries a target, for
/// service, bucket and table targets.
pub fn service_of(model: &Model, target: &TargetInfo) -> Option<(String, String)> {
    match target {
        TargetInfo::Service { service, region } => Some((service.clone(), region.clone())),
        TargetInfo::Bucket(b) => Some(("s3".to_string(), model.bucket(*b).region.clone())),
        TargetInfo::Table(t) => Some(("dynamodb".to_string(), model.table(*t).region.clone())),
        _ => None,
    }
}

/// A data resource: a bucket or a table of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resource {
    /// A bucket.
    Bucket(BucketId),
    /// A table.
    Table(TableId),
}

impl Resource {
    /// The service and region of the resource.
    pub fn service_and_region(self, model: &Model) -> (&'static str, &str) {
        match self {
            Resource::Bucket(b) => ("s3", model.bucket(b).region.as_str()),
            Resource::Table(t) => ("dynamodb", model.table(t).region.as_str()),
        }
    }

    /// Whether a `deny public` covers it.
    pub fn deny_public(self, model: &Model) -> bool {
        match self {
            Resource::Bucket(b) => model.bucket(b).deny_public,
            Resource::Table(t) => model.table(t).deny_public,
        }
    }

    /// Whether the target names this very resource.
    pub fn is_target(self, target: &TargetInfo) -> bool {
        matches!((self, target), (Resource::Bucket(a), TargetInfo::Bucket(b)) if a == *b)
            || matches!((self, target), (Resource::Table(a), TargetInfo::Table(b)) if a == *b)
    }
}

/// Whether `intent` lets its subnets use `resource` through a VPC endpoint:
/// it names the resource, or reaches the resource's service in its region,
/// via a gateway or interface endpoint.
pub fn through_endpoint(model: &Model, intent: &IntentInfo, resource: Resource) -> bool {
    if intent.via == Via::Nat {
        return false;
    }
    let (service, region) = resource.service_and_region(model);
    intent.targets.iter().any(|t| {
        resource.is_target(&t.target)
            || matches!(&t.target, TargetInfo::Service { service: s, region: r } if s == service && r == region)
    })
}

/// Whether `intent` lets its subnets use `resource` at all: through an
/// endpoint, or through NAT (naming it, its service, or `internet`) when no
/// `deny public` shuts the public path.
pub fn reaches(model: &Model, intent: &IntentInfo, resource: Resource) -> bool {
    if through_endpoint(model, intent, resource) {
        return true;
    }
    if intent.via != Via::Nat || resource.deny_public(model) {
        return false;
    }
    let (service, _) = resource.service_and_region(model);
    intent.targets.iter().any(|t| {
        resource.is_target(&t.target)
            || matches!(&t.target, TargetInfo::Internet)
            || matches!(&t.target, TargetInfo::Service { service: s, .. } if s == service)
    })
}
