//! Instance roles and their instance profiles.

use serde_json::{json, Value};

use super::ids::Ident;
use super::intrinsics::{name_tags, object, reference, Ctx};
use super::policy;
use super::resources::{resource, Declares, Entry, Rank};
use crate::internal::InternalError;
use crate::plan::model::Role;

/// The name of a role's inline policy.
pub const INLINE_POLICY_NAME: &str = "vpcec-access";

impl Declares for Role {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
        out.push(Ident::Key(self.instance_profile.clone()));
    }

    /// The role and its instance profile.
    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let role = self;
        let id = ctx.key_id(&role.key)?;
        let mut properties = object([("AssumeRolePolicyDocument", policy::document(ctx, &role.trust_policy)?)]);
        if !role.managed_policy_arns.is_empty() {
            let arns = role.managed_policy_arns.iter().cloned().map(Value::String).collect();
            properties.insert("ManagedPolicyArns".into(), Value::Array(arns));
        }
        if let Some(document) = &role.policy {
            let inline =
                json!([{ "PolicyName": INLINE_POLICY_NAME, "PolicyDocument": policy::document(ctx, document)? }]);
            properties.insert("Policies".into(), inline);
        }
        properties.insert("Tags".into(), name_tags(&role.name));
        out.push(Entry::new(Rank::Role, id, resource("AWS::IAM::Role", &[], properties)));
        let profile = object([("Roles", json!([reference(id)]))]);
        let body = resource("AWS::IAM::InstanceProfile", &[], profile);
        out.push(Entry::new(
            Rank::InstanceProfile,
            ctx.key_id(&role.instance_profile)?,
            body,
        ));
        Ok(())
    }
}
