//! The second half of a region view: endpoints, buckets, tables, endpoint
//! services and roles, each as a [`Blocks`] impl.

use super::exprs::{identity, resource_type, Ctx, Existing};
use super::hcl::HclValue;
use super::labels::{mangle, LabelTable};
use super::render::hcl;
use super::view::{
    AttachmentView, Blocks, BucketView, EndpointServiceView, GatewayEndpointView, InterfaceEndpointView, RegionView,
    RoleView, TableView,
};
use crate::internal::InternalError;
use crate::plan::model::{
    Bucket, EndpointService, GatewayEndpoint, InterfaceEndpoint, Origin, PolicyDocument, Role, Table, TableOrigin,
};

fn strings(values: &[String]) -> HclValue {
    HclValue::List(values.iter().cloned().map(HclValue::Str).collect())
}

fn policy(
    ctx: &Ctx,
    region: &str,
    document: Option<&PolicyDocument>,
) -> Result<Option<minijinja::Value>, InternalError> {
    document
        .map(|document| ctx.policy(region, document).map(hcl))
        .transpose()
}

type Done = Result<(), InternalError>;

impl Blocks for GatewayEndpoint {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Done {
        let endpoint = self;
        let route_tables: Result<Vec<HclValue>, InternalError> =
            endpoint.route_tables.iter().map(|table| ctx.id_ref(r, table)).collect();
        view.gateway_endpoints.push(GatewayEndpointView {
            label: ctx.label(r, &endpoint.key)?,
            name: endpoint.name.clone(),
            vpc: hcl(ctx.id_ref(r, &endpoint.vpc)?),
            service_name: endpoint.service_name.clone(),
            route_tables: hcl(HclValue::List(route_tables?)),
            policy: policy(ctx, r, endpoint.policy.as_ref())?,
            serves: endpoint.serves.subnet_list(),
        });
        Ok(())
    }
}

impl Blocks for InterfaceEndpoint {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Done {
        let endpoint = self;
        let subnets: Result<Vec<HclValue>, InternalError> =
            endpoint.subnets.iter().map(|subnet| ctx.id_ref(r, subnet)).collect();
        let inbound_resolver_only = match endpoint.private_dns_only_for_inbound_resolver {
            Some(flag) if endpoint.private_dns => Some(hcl(HclValue::Bool(flag))),
            _ => None,
        };
        let depends_on: Vec<HclValue> = endpoint
            .depends_on
            .iter()
            .map(|key| {
                Ok(HclValue::reference([
                    resource_type(key.kind).to_string(),
                    ctx.label(r, key)?,
                ]))
            })
            .collect::<Result<_, InternalError>>()?;
        view.interface_endpoints.push(InterfaceEndpointView {
            label: ctx.label(r, &endpoint.key)?,
            name: endpoint.name.clone(),
            vpc: hcl(ctx.id_ref(r, &endpoint.vpc)?),
            service_name: hcl(ctx.expr(r, &endpoint.service_name)?),
            service_region: endpoint.service_region.clone(),
            subnets: hcl(HclValue::List(subnets?)),
            security_groups: hcl(HclValue::List(vec![ctx.attr(r, &endpoint.security_group, "id")?])),
            private_dns: hcl(HclValue::Bool(endpoint.private_dns)),
            inbound_resolver_only,
            policy: policy(ctx, r, endpoint.policy.as_ref())?,
            serves: endpoint.serves.subnet_list(),
            depends_on: (!depends_on.is_empty()).then(|| hcl(HclValue::List(depends_on))),
        });
        Ok(())
    }
}

impl Blocks for Bucket {
    fn existing(&self) -> Option<Existing> {
        (self.origin == Origin::Existing).then(|| Existing::Bucket(self.name.clone()))
    }

    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Done {
        let bucket = self;
        let created = bucket.origin == Origin::Created;
        let label = ctx.label(r, &bucket.key)?;
        let reference = if created {
            ctx.attr(r, &bucket.key, "id")?
        } else {
            HclValue::Str(bucket.name.clone())
        };
        let depends_on = created.then(|| {
            hcl(HclValue::List(vec![HclValue::reference([
                "aws_s3_bucket_public_access_block",
                label.as_str(),
            ])]))
        });
        view.buckets.push(BucketView {
            label,
            depends_on,
            name: bucket.name.clone(),
            created,
            bucket: hcl(reference),
            policy: policy(ctx, r, bucket.policy.as_ref())?,
        });
        Ok(())
    }
}

impl Blocks for Table {
    fn existing(&self) -> Option<Existing> {
        (self.origin == TableOrigin::Existing).then(|| Existing::Table(self.name.clone()))
    }

    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Done {
        let table = self;
        let partition_key = match &table.origin {
            TableOrigin::Created { partition_key } => Some(partition_key.clone()),
            TableOrigin::Existing => None,
        };
        view.tables.push(TableView {
            label: ctx.label(r, &table.key)?,
            name: table.name.clone(),
            partition_key,
            arn: hcl(ctx.expr(r, &crate::plan::model::Expr::Arn(table.key.clone()))?),
            policy: policy(ctx, r, table.policy.as_ref())?,
        });
        Ok(())
    }
}

impl Blocks for EndpointService {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Done {
        let service = self;
        let arns = strings(&service.nlb_arns);
        view.endpoint_services.push(EndpointServiceView {
            label: ctx.label(r, &service.key)?,
            name: service.name.clone(),
            acceptance_required: hcl(HclValue::Bool(service.acceptance_required)),
            nlb_arns: hcl(arns),
            allowed_principals: (!service.allowed_principals.is_empty())
                .then(|| hcl(strings(&service.allowed_principals))),
            supported_regions: (!service.supported_regions.is_empty())
                .then(|| hcl(strings(&service.supported_regions))),
        });
        Ok(())
    }
}

/// The identity of a role's attachment of the managed policy `arn`.
fn attachment_identity(region: &str, role: &Role, arn: &str) -> String {
    format!("{}\u{0}{arn}", identity(region, &role.key))
}

impl Blocks for Role {
    fn propose_derived(&self, region: &str, keyed: &LabelTable, derived: &mut LabelTable) -> Done {
        let role_label = keyed.get("aws_iam_role", &identity(region, &self.key))?;
        for arn in &self.managed_policy_arns {
            let name = arn.rsplit('/').next().unwrap_or(arn);
            derived.propose(
                "aws_iam_role_policy_attachment",
                &attachment_identity(region, self, arn),
                format!("{role_label}_{}", mangle(name)),
            );
        }
        Ok(())
    }

    fn add(&self, ctx: &Ctx, derived: &LabelTable, r: &str, view: &mut RegionView) -> Done {
        let role = self;
        let mut attachments = Vec::new();
        for arn in &role.managed_policy_arns {
            attachments.push(AttachmentView {
                label: derived.get("aws_iam_role_policy_attachment", &attachment_identity(r, role, arn))?,
                policy_arn: arn.clone(),
            });
        }
        view.roles.push(RoleView {
            label: ctx.label(r, &role.key)?,
            profile_label: ctx.label(r, &role.instance_profile)?,
            name: role.name.clone(),
            trust_policy: hcl(ctx.policy(r, &role.trust_policy)?),
            role_name: hcl(ctx.attr(r, &role.key, "name")?),
            attachments,
            policy: policy(ctx, r, role.policy.as_ref())?,
        });
        Ok(())
    }
}
