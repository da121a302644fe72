//! Buckets, bucket policies and tables.

use serde_json::{json, Value};

use super::ids::Ident;
use super::intrinsics::{name_tags, object, reference, Ctx};
use super::policy;
use super::resources::{resource, Declares, Entry, Rank};
use crate::internal::InternalError;
use crate::plan::model::{Bucket, Origin, Stage, Table, TableOrigin};

/// A bucket is in the main stage, its policy in the plan's stage for it.
impl Declares for Bucket {
    fn idents(&self, out: &mut Vec<Ident>) {
        if self.origin == Origin::Created {
            out.push(Ident::Key(self.key.clone()));
        }
        if self.policy.is_some() {
            out.push(Ident::BucketPolicy(self.key.clone()));
        }
    }

    fn in_every_stage(&self) -> bool {
        true
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let bucket = self;
        let main = ctx.stage == Stage::Main;
        let bucket_ref = if bucket.origin == Origin::Created && main {
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
        Ok(())
    }
}

/// A created table goes with its resource policy, which CloudFormation sets
/// on the table itself, in the plan's stage for it. Existing tables with a
/// policy are left out: [`super::quotas::inexpressible`] reports them.
impl Declares for Table {
    fn idents(&self, out: &mut Vec<Ident>) {
        if self.origin.origin() == Origin::Created {
            out.push(Ident::Key(self.key.clone()));
        }
    }

    fn in_every_stage(&self) -> bool {
        true
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        match &self.origin {
            TableOrigin::Created { partition_key } if self.stage == ctx.stage => {
                out.push(table_entry(ctx, self, partition_key)?);
            }
            TableOrigin::Created { .. } | TableOrigin::Existing => {}
        }
        Ok(())
    }
}

/// A created table. Its own ARN inside its resource policy is written out
/// from the name (`Fn::GetAtt` on the table itself would be a cycle).
fn table_entry(ctx: &Ctx<'_>, table: &Table, attribute: &str) -> Result<Entry, InternalError> {
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
