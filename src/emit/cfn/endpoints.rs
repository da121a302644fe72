//! VPC endpoints (gateway and interface) and PrivateLink endpoint services.

use serde_json::{json, Value};

use super::ids::Ident;
use super::intrinsics::{name_tags, object, reference, Ctx};
use super::policy;
use super::resources::{resource, Declares, Entry, Rank};
use crate::internal::InternalError;
use crate::plan::model::{EndpointService, GatewayEndpoint, InterfaceEndpoint};

impl Declares for GatewayEndpoint {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let endpoint = self;
        let mut properties = object([
            ("VpcEndpointType", json!("Gateway")),
            ("ServiceName", json!(endpoint.service_name)),
            ("VpcId", ctx.id_ref(&endpoint.vpc)?),
            ("RouteTableIds", ctx.id_refs(&endpoint.route_tables)?),
        ]);
        if let Some(document) = &endpoint.policy {
            properties.insert("PolicyDocument".into(), policy::document(ctx, document)?);
        }
        properties.insert("Tags".into(), name_tags(&endpoint.name));
        let body = resource("AWS::EC2::VPCEndpoint", &[], properties);
        out.push(Entry::new(Rank::GatewayEndpoint, ctx.key_id(&endpoint.key)?, body));
        Ok(())
    }
}

impl Declares for InterfaceEndpoint {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let endpoint = self;
        let mut properties = object([
            ("VpcEndpointType", json!("Interface")),
            ("ServiceName", ctx.expr(&endpoint.service_name)?),
            ("VpcId", ctx.id_ref(&endpoint.vpc)?),
            ("SubnetIds", ctx.id_refs(&endpoint.subnets)?),
            ("SecurityGroupIds", json!([ctx.key_ref(&endpoint.security_group)?])),
            ("PrivateDnsEnabled", json!(endpoint.private_dns)),
        ]);
        if let Some(service_region) = &endpoint.service_region {
            properties.insert("ServiceRegion".into(), json!(service_region));
        }
        if let Some(only_inbound) = endpoint.private_dns_only_for_inbound_resolver {
            let setting = if only_inbound {
                "OnlyInboundResolver"
            } else {
                "AllResolvers"
            };
            properties.insert(
                "DnsOptions".into(),
                json!({ "PrivateDnsOnlyForInboundResolverEndpoint": setting }),
            );
        }
        if let Some(document) = &endpoint.policy {
            properties.insert("PolicyDocument".into(), policy::document(ctx, document)?);
        }
        properties.insert("Tags".into(), name_tags(&endpoint.name));
        let depends_on: Vec<&str> = endpoint
            .depends_on
            .iter()
            .map(|key| ctx.key_id(key))
            .collect::<Result<_, _>>()?;
        let body = resource("AWS::EC2::VPCEndpoint", &depends_on, properties);
        out.push(Entry::new(Rank::InterfaceEndpoint, ctx.key_id(&endpoint.key)?, body));
        Ok(())
    }
}

impl Declares for EndpointService {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
        if !self.allowed_principals.is_empty() {
            out.push(Ident::Permissions(self.key.clone()));
        }
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let service = self;
        let id = ctx.key_id(&service.key)?;
        let mut properties = object([
            ("NetworkLoadBalancerArns", strings(&service.nlb_arns)),
            ("AcceptanceRequired", json!(service.acceptance_required)),
        ]);
        if !service.supported_regions.is_empty() {
            properties.insert("SupportedRegions".into(), strings(&service.supported_regions));
        }
        properties.insert("Tags".into(), name_tags(&service.name));
        out.push(Entry::new(
            Rank::EndpointService,
            id,
            resource("AWS::EC2::VPCEndpointService", &[], properties),
        ));
        if !service.allowed_principals.is_empty() {
            let permissions = object([
                ("ServiceId", reference(id)),
                ("AllowedPrincipals", strings(&service.allowed_principals)),
            ]);
            out.push(Entry::new(
                Rank::Permissions,
                ctx.id(&Ident::Permissions(service.key.clone()))?,
                resource("AWS::EC2::VPCEndpointServicePermissions", &[], permissions),
            ));
        }
        Ok(())
    }
}

/// A list of literal strings.
fn strings(values: &[String]) -> Value {
    Value::Array(values.iter().cloned().map(Value::String).collect())
}
