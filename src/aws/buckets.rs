//! Buckets that AWS services own and that instances need to reach through
//! S3 (`data/aws-buckets.json`): the SSM Agent's buckets, the Amazon Linux
//! package repositories, ECR's image layers. A scoped S3 endpoint policy
//! blocks them unless `allow aws-buckets SET;` admits them.

use serde::Deserialize;

use super::{DataError, Partition};

/// The embedded data file.
pub(crate) const AWS_BUCKETS_JSON: &str = include_str!("../../data/aws-buckets.json");

/// The placeholder for the region in an object pattern.
const REGION: &str = "{region}";

/// One named set of AWS-owned buckets.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BucketSet {
    /// The name written after `allow aws-buckets` (`ssm`).
    pub name: String,
    /// What the buckets hold, for messages and docs.
    pub what: String,
    /// The partitions where the bucket names are confirmed.
    pub partitions: Vec<Partition>,
    /// The actions to allow on them (`s3:GetObject`).
    pub actions: Vec<String>,
    /// Object ARN patterns without `arn:PARTITION:s3:::`, with `{region}`.
    pub objects: Vec<String>,
}

impl BucketSet {
    /// Whether the bucket names are known in `partition`.
    pub fn applies_in(&self, partition: Partition) -> bool {
        self.partitions.contains(&partition)
    }

    /// The object ARNs of the set for a region, e.g.
    /// `arn:aws:s3:::aws-ssm-eu-west-1/*`.
    pub fn arns(&self, partition: Partition, region: &str) -> Vec<String> {
        self.objects
            .iter()
            .map(|object| {
                format!(
                    "arn:{}:s3:::{}",
                    partition.arn_segment(),
                    object.replace(REGION, region)
                )
            })
            .collect()
    }
}

/// A set whose bucket names AWS's documentation does not confirm: it cannot
/// be admitted by name, and naming it says why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UnconfirmedSet {
    /// The name a user might write (`amazon-linux-2023`).
    pub name: String,
    /// The object ARN patterns third parties use, with `{region}`.
    pub objects: Vec<String>,
    /// Why it is not confirmed.
    pub why: String,
}

impl UnconfirmedSet {
    /// The object patterns as written in help texts: `{region}` as `REGION`.
    pub fn patterns(&self) -> Vec<String> {
        self.objects.iter().map(|o| o.replace(REGION, "REGION")).collect()
    }
}

/// The contents of `data/aws-buckets.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct AwsBuckets {
    /// The sets `allow aws-buckets` admits, in file order.
    pub sets: Vec<BucketSet>,
    /// Sets left out because their names are not confirmed.
    #[serde(default)]
    pub unconfirmed: Vec<UnconfirmedSet>,
}

/// Parses `data/aws-buckets.json`, checking what the rest of vpcec relies on:
/// unique names, `s3:` actions, and one `{region}` in every object pattern.
pub(crate) fn parse(text: &str) -> Result<AwsBuckets, DataError> {
    let file: AwsBuckets = serde_json::from_str(text).map_err(|e| DataError::Malformed {
        file: "data/aws-buckets.json",
        reason: e.to_string(),
    })?;
    let names: Vec<&str> = file
        .sets
        .iter()
        .map(|s| s.name.as_str())
        .chain(file.unconfirmed.iter().map(|s| s.name.as_str()))
        .collect();
    for set in &file.sets {
        let problem = if names.iter().filter(|n| **n == set.name).count() > 1 {
            Some("is listed twice".to_string())
        } else if set.actions.is_empty() || set.actions.iter().any(|a| !a.starts_with("s3:")) {
            Some("needs `s3:` actions".to_string())
        } else if set.objects.is_empty() || set.partitions.is_empty() {
            Some("needs objects and partitions".to_string())
        } else {
            set.objects
                .iter()
                .find(|o| o.matches(REGION).count() != 1 || !o.ends_with("/*"))
                .map(|o| format!("has object pattern `{o}` without one `{REGION}` or the `/*` ending"))
        };
        if let Some(problem) = problem {
            return Err(DataError::BucketSet {
                name: set.name.clone(),
                problem,
            });
        }
    }
    if let Some(set) = file
        .unconfirmed
        .iter()
        .find(|set| names.iter().filter(|n| **n == set.name).count() > 1 || set.objects.is_empty())
    {
        return Err(DataError::UnconfirmedSet { name: set.name.clone() });
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_sets_parse_and_substitute_the_region() {
        let buckets = parse(AWS_BUCKETS_JSON).unwrap();
        let names: Vec<&str> = buckets.sets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["ssm", "amazon-linux-2", "ecr"]);
        let unconfirmed: Vec<&str> = buckets.unconfirmed.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(unconfirmed, ["amazon-linux-2023", "patch-manager-macos"]);
        assert_eq!(buckets.unconfirmed[0].patterns(), ["al2023-repos-REGION-de612dc2/*"]);
        let ssm = &buckets.sets[0];
        let arns = ssm.arns(Partition::Aws, "eu-west-1");
        assert!(arns.contains(&"arn:aws:s3:::aws-ssm-eu-west-1/*".to_string()));
        assert!(arns.contains(&"arn:aws:s3:::eu-west-1-birdwatcher-prod/*".to_string()));
        assert!(arns.iter().all(|a| !a.contains('{')));
        assert!(ssm.applies_in(Partition::Aws));
        assert!(
            !ssm.applies_in(Partition::AwsCn),
            "China bucket names are not confirmed"
        );
    }

    #[test]
    fn malformed_sets_are_refused() {
        let twice = r#"{"sets": [
            {"name": "a", "what": "", "partitions": ["aws"], "actions": ["s3:GetObject"], "objects": ["x-{region}/*"]},
            {"name": "a", "what": "", "partitions": ["aws"], "actions": ["s3:GetObject"], "objects": ["y-{region}/*"]}]}"#;
        assert!(parse(twice).unwrap_err().to_string().contains("twice"));
        let no_region = r#"{"sets": [
            {"name": "a", "what": "", "partitions": ["aws"], "actions": ["s3:GetObject"], "objects": ["fixed/*"]}]}"#;
        assert!(parse(no_region).unwrap_err().to_string().contains("{region}"));
        let wrong_service = r#"{"sets": [
            {"name": "a", "what": "", "partitions": ["aws"], "actions": ["ec2:Describe*"], "objects": ["x-{region}/*"]}]}"#;
        assert!(parse(wrong_service).unwrap_err().to_string().contains("s3:"));
    }
}
