//! The second half of a region view: endpoints, buckets, tables, endpoint
//! services and roles.

use super::exprs::{identity, Ctx};
use super::hcl::HclValue;
use super::labels::LabelTable;
use super::render::hcl;
use super::view::{
    AttachmentView, BucketView, EndpointServiceView, GatewayEndpointView, InterfaceEndpointView, RegionView, RoleView,
    TableView,
};
use crate::plan::model::{PolicyDocument, RegionPlan};

fn strings(values: &[String]) -> HclValue {
    HclValue::List(values.iter().cloned().map(HclValue::Str).collect())
}

fn policy(ctx: &Ctx, region: &str, document: Option<&PolicyDocument>) -> Result<Option<minijinja::Value>, String> {
    document
        .map(|document| ctx.policy(region, document).map(hcl))
        .transpose()
}

/// Adds the endpoints, storage, endpoint services and roles of `part` to `view`.
pub fn add_services(
    ctx: &Ctx,
    derived: &LabelTable,
    r: &str,
    part: &RegionPlan,
    view: &mut RegionView,
) -> Result<(), String> {
    for endpoint in &part.gateway_endpoints {
        let route_tables: Result<Vec<HclValue>, String> =
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
    }
    for endpoint in &part.interface_endpoints {
        let subnets: Result<Vec<HclValue>, String> =
            endpoint.subnets.iter().map(|subnet| ctx.id_ref(r, subnet)).collect();
        let inbound_resolver_only = match endpoint.private_dns_only_for_inbound_resolver {
            Some(flag) if endpoint.private_dns => Some(hcl(HclValue::Bool(flag))),
            _ => None,
        };
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
        });
    }
    for bucket in &part.buckets {
        let label = ctx.label(r, &bucket.key)?;
        let reference = if bucket.created {
            ctx.attr(r, &bucket.key, "id")?
        } else {
            HclValue::Str(bucket.name.clone())
        };
        let depends_on = bucket.created.then(|| {
            hcl(HclValue::List(vec![HclValue::reference([
                "aws_s3_bucket_public_access_block",
                label.as_str(),
            ])]))
        });
        view.buckets.push(BucketView {
            label,
            depends_on,
            name: bucket.name.clone(),
            created: bucket.created,
            bucket: hcl(reference),
            policy: policy(ctx, r, bucket.policy.as_ref())?,
        });
    }
    for table in &part.tables {
        view.tables.push(TableView {
            label: ctx.label(r, &table.key)?,
            name: table.name.clone(),
            partition_key: table.partition_key.clone(),
            arn: hcl(ctx.expr(r, &crate::plan::model::Expr::Arn(table.key.clone()))?),
            policy: policy(ctx, r, table.policy.as_ref())?,
        });
    }
    for service in &part.endpoint_services {
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
    }
    for role in &part.roles {
        let mut attachments = Vec::new();
        for arn in &role.managed_policy_arns {
            let id = format!("{}\u{0}{arn}", identity(r, &role.key));
            attachments.push(AttachmentView {
                label: derived.get("aws_iam_role_policy_attachment", &id)?,
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
    }
    Ok(())
}
