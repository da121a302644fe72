//! Buckets, bucket policies and tables.

use serde_json::{json, Value};

use super::ids::Ident;
use super::intrinsics::{name_tags, object, reference, Ctx, Inconsistency};
use super::policy;
use super::resources::{resource, Entry, Rank};
use crate::plan::model::{Stage, Table};

/// Appends the buckets, bucket policies and tables of the region's stage to
/// `out`. Buckets are in the main stage, their policies in the plan's stage
/// for them; a created table goes with its resource policy, which
/// CloudFormation sets on the table itself. Existing tables with a policy
/// are left out: [`super::quotas::inexpressible`] reports them.
pub fn entries(ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), Inconsistency> {
    for bucket in &ctx.region.buckets {
        let main = ctx.stage == Stage::Main;
        let bucket_ref = if bucket.created && main {
            let id = ctx.key_id(&bucket.key)?;
            let properties = object([
                ("BucketName", json!(bucket.name)),
                (
                    "PublicAccessBlockConfiguration",
                    json!({
                        "BlockPublicAcls": true,
                        "BlockPublicPolicy": true,
                        "IgnorePublicAcls": true,
                        "RestrictPublicBuckets": true,
                    }),
                ),
                ("Tags", name_tags(&bucket.name)),
            ]);
            out.push(Entry::new(
                Rank::Bucket,
                id,
                resource("AWS::S3::Bucket", &[], properties),
            ));
            reference(id)
        } else {
            // An existing bucket, or one the main template created before.
            Value::String(bucket.name.clone())
        };
        if let Some(document) = bucket.policy.as_ref().filter(|_| bucket.policy_stage == ctx.stage) {
            let properties = object([
                ("Bucket", bucket_ref),
                ("PolicyDocument", policy::document(ctx, document)?),
            ]);
            out.push(Entry::new(
                Rank::BucketPolicy,
                ctx.id(&Ident::BucketPolicy(bucket.key.clone()))?,
                resource("AWS::S3::BucketPolicy", &[], properties),
            ));
        }
    }
    for table in ctx.region.tables.iter().filter(|t| t.stage == ctx.stage) {
        if let Some(attribute) = &table.partition_key {
            out.push(table_entry(ctx, table, attribute)?);
        }
    }
    Ok(())
}

/// A created table. Its own ARN inside its resource policy is written out
/// from the name (`Fn::GetAtt` on the table itself would be a cycle).
fn table_entry(ctx: &Ctx<'_>, table: &Table, attribute: &str) -> Result<Entry, Inconsistency> {
    let id = ctx.key_id(&table.key)?;
    let mut properties = object([
        ("TableName", json!(table.name)),
        (
            "AttributeDefinitions",
            json!([{ "AttributeName": attribute, "AttributeType": "S" }]),
        ),
        ("KeySchema", json!([{ "AttributeName": attribute, "KeyType": "HASH" }])),
        ("BillingMode", json!("PAY_PER_REQUEST")),
    ]);
    if let Some(document) = &table.policy {
        let own_arn = table_arn(ctx, &table.name);
        let inner = Ctx {
            own_arn: Some((&table.key, &own_arn)),
            ..*ctx
        };
        properties.insert(
            "ResourcePolicy".into(),
            json!({ "PolicyDocument": policy::document(&inner, document)? }),
        );
    }
    properties.insert("Tags".into(), name_tags(&table.name));
    Ok(Entry::new(
        Rank::Table,
        id,
        resource("AWS::DynamoDB::Table", &[], properties),
    ))
}

/// `arn:PARTITION:dynamodb:REGION:ACCOUNT:table/NAME`, with the account as `AWS::AccountId`.
fn table_arn(ctx: &Ctx<'_>, name: &str) -> Value {
    let region = ctx.region;
    let prefix = format!("arn:{}:dynamodb:{}:", region.partition.arn_segment(), region.region);
    json!({ "Fn::Join": ["", [prefix, reference("AWS::AccountId"), format!(":table/{name}")]] })
}
