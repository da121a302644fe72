//! The plan reshaped for the templates: one view per region with its blocks
//! in plan order, labels resolved and every reference or policy already an
//! [`HclValue`] (wrapped so that only the `hcl_expr` filter can print it).

use serde::Serialize;

use super::exprs::{identity, Ctx, Existing};
use super::hcl::HclValue;
use super::labels::{mangle, mangle_parts, LabelTable};
use super::render::hcl;
use crate::internal::InternalError;
use crate::plan::model::{
    IngressRule, InternetGateway, NatGateway, RegionPlan, Resource, Route, RouteTable, RouteTarget, SecurityGroup,
    Subnet, Vpc, Zone,
};

type V = minijinja::Value;

/// A created VPC.
#[derive(Serialize)]
pub struct VpcView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) cidr: String,
}

/// A created subnet with its route table association.
#[derive(Serialize)]
pub struct SubnetView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) vpc: V,
    pub(super) cidr: String,
    pub(super) zone_name: Option<String>,
    pub(super) zone_id: Option<String>,
    pub(super) public: bool,
    pub(super) id: V,
    pub(super) route_table: V,
}

/// A created route table, internet gateway (both: a name and a VPC).
#[derive(Serialize)]
pub struct VpcChildView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) vpc: V,
}

/// A NAT gateway with its Elastic IP.
#[derive(Serialize)]
pub struct NatView {
    pub(super) label: String,
    pub(super) eip_label: String,
    pub(super) name: String,
    pub(super) subnet: V,
    pub(super) eip: V,
    pub(super) depends_on: Option<V>,
}

/// A default route.
#[derive(Serialize)]
pub struct RouteView {
    pub(super) label: String,
    pub(super) route_table: V,
    pub(super) destination: String,
    pub(super) gateway: Option<V>,
    pub(super) nat_gateway: Option<V>,
}

/// One ingress rule of a security group.
#[derive(Serialize)]
pub struct RuleView {
    pub(super) label: String,
    pub(super) cidr: String,
    pub(super) port: V,
    pub(super) description: String,
}

/// A security group with its ingress rules.
#[derive(Serialize)]
pub struct SecurityGroupView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) vpc: V,
    pub(super) id: V,
    pub(super) rules: Vec<RuleView>,
}

/// A gateway endpoint.
#[derive(Serialize)]
pub struct GatewayEndpointView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) vpc: V,
    pub(super) service_name: String,
    pub(super) route_tables: V,
    pub(super) policy: Option<V>,
    pub(super) serves: String,
}

/// An interface endpoint.
#[derive(Serialize)]
pub struct InterfaceEndpointView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) vpc: V,
    pub(super) service_name: V,
    pub(super) service_region: Option<String>,
    pub(super) subnets: V,
    pub(super) security_groups: V,
    pub(super) private_dns: V,
    pub(super) inbound_resolver_only: Option<V>,
    pub(super) policy: Option<V>,
    pub(super) serves: String,
    pub(super) depends_on: Option<V>,
}

/// A bucket: created (with a public access block) or existing, maybe with a policy.
#[derive(Serialize)]
pub struct BucketView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) created: bool,
    pub(super) bucket: V,
    pub(super) policy: Option<V>,
    pub(super) depends_on: Option<V>,
}

/// A table: created or existing, maybe with a resource policy.
#[derive(Serialize)]
pub struct TableView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) partition_key: Option<String>,
    pub(super) arn: V,
    pub(super) policy: Option<V>,
}

/// A PrivateLink endpoint service.
#[derive(Serialize)]
pub struct EndpointServiceView {
    pub(super) label: String,
    pub(super) name: String,
    pub(super) acceptance_required: V,
    pub(super) nlb_arns: V,
    pub(super) allowed_principals: Option<V>,
    pub(super) supported_regions: Option<V>,
}

/// One managed policy attached to a role.
#[derive(Serialize)]
pub struct AttachmentView {
    pub(super) label: String,
    pub(super) policy_arn: String,
}

/// An instance role, its policies and its instance profile.
#[derive(Serialize)]
pub struct RoleView {
    pub(super) label: String,
    pub(super) profile_label: String,
    pub(super) name: String,
    pub(super) trust_policy: V,
    pub(super) role_name: V,
    pub(super) attachments: Vec<AttachmentView>,
    pub(super) policy: Option<V>,
}

/// Everything one region deploys, in plan order.
#[derive(Serialize)]
pub struct RegionView {
    pub(super) region: String,
    pub(super) provider: V,
    pub(super) vpcs: Vec<VpcView>,
    pub(super) subnets: Vec<SubnetView>,
    pub(super) route_tables: Vec<VpcChildView>,
    pub(super) internet_gateways: Vec<VpcChildView>,
    pub(super) nat_gateways: Vec<NatView>,
    pub(super) routes: Vec<RouteView>,
    pub(super) security_groups: Vec<SecurityGroupView>,
    pub(super) gateway_endpoints: Vec<GatewayEndpointView>,
    pub(super) interface_endpoints: Vec<InterfaceEndpointView>,
    pub(super) buckets: Vec<BucketView>,
    pub(super) tables: Vec<TableView>,
    pub(super) endpoint_services: Vec<EndpointServiceView>,
    pub(super) roles: Vec<RoleView>,
}

/// What one resource of the plan becomes in Terraform. Every kind of
/// resource implements it, here (the network) or in
/// [`super::view_services`] (the rest).
pub(super) trait Blocks {
    /// Proposes the labels of the blocks derived from it (ingress rules,
    /// policy attachments), given the resolved labels of keyed blocks.
    fn propose_derived(
        &self,
        _region: &str,
        _keyed: &LabelTable,
        _derived: &mut LabelTable,
    ) -> Result<(), InternalError> {
        Ok(())
    }

    /// The name of a bucket or table that exists already, which references
    /// spell out instead of pointing at a block.
    fn existing(&self) -> Option<Existing> {
        None
    }

    /// Adds its blocks to the view of region `r`.
    fn add(&self, ctx: &Ctx, derived: &LabelTable, r: &str, view: &mut RegionView) -> Result<(), InternalError>;
}

/// The one place that lists every kind of resource: a new variant of
/// [`Resource`] makes the compiler point here, and its [`Blocks`] impl says
/// what it becomes.
pub(super) fn blocks(resource: &Resource) -> &dyn Blocks {
    match resource {
        Resource::Vpc(x) => x,
        Resource::Subnet(x) => x,
        Resource::RouteTable(x) => x,
        Resource::InternetGateway(x) => x,
        Resource::NatGateway(x) => x,
        Resource::Route(x) => x,
        Resource::SecurityGroup(x) => x,
        Resource::GatewayEndpoint(x) => x,
        Resource::InterfaceEndpoint(x) => x,
        Resource::Bucket(x) => x,
        Resource::Table(x) => x,
        Resource::EndpointService(x) => x,
        Resource::Role(x) => x,
    }
}

/// Labels of blocks derived from keyed ones (associations, rules, attachments, outputs).
pub fn propose_derived(plan: &crate::plan::model::Plan, keyed: &LabelTable) -> Result<LabelTable, InternalError> {
    let mut derived = LabelTable::default();
    for (region, part) in &plan.regions {
        for resource in part.resources() {
            blocks(resource).propose_derived(region, keyed, &mut derived)?;
        }
        for output in &part.outputs {
            derived.propose(
                "output",
                &super::output_identity(region, output),
                mangle_parts(&output.name),
            );
        }
    }
    derived.resolve()?;
    Ok(derived)
}

fn list(values: Vec<HclValue>) -> V {
    hcl(HclValue::List(values))
}

/// Builds the view of one region.
pub fn region_view(
    ctx: &Ctx,
    derived: &LabelTable,
    region: &str,
    part: &RegionPlan,
) -> Result<RegionView, InternalError> {
    let mut view = RegionView {
        region: region.to_string(),
        provider: hcl(ctx.provider(region)?),
        vpcs: Vec::new(),
        subnets: Vec::new(),
        route_tables: Vec::new(),
        internet_gateways: Vec::new(),
        nat_gateways: Vec::new(),
        routes: Vec::new(),
        security_groups: Vec::new(),
        gateway_endpoints: Vec::new(),
        interface_endpoints: Vec::new(),
        buckets: Vec::new(),
        tables: Vec::new(),
        endpoint_services: Vec::new(),
        roles: Vec::new(),
    };
    for resource in part.resources() {
        blocks(resource).add(ctx, derived, region, &mut view)?;
    }
    Ok(view)
}

impl Blocks for Vpc {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Result<(), InternalError> {
        view.vpcs.push(VpcView {
            label: ctx.label(r, &self.key)?,
            name: self.name.clone(),
            cidr: self.cidr.clone(),
        });
        Ok(())
    }
}

impl Blocks for Subnet {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Result<(), InternalError> {
        let subnet = self;
        let (zone_name, zone_id) = match &subnet.zone {
            Zone::Name(name) => (Some(name.clone()), None),
            Zone::Id(id) => (None, Some(id.clone())),
        };
        view.subnets.push(SubnetView {
            label: ctx.label(r, &subnet.key)?,
            name: subnet.name.clone(),
            vpc: hcl(ctx.id_ref(r, &subnet.vpc)?),
            cidr: subnet.cidr.clone(),
            zone_name,
            zone_id,
            public: subnet.public,
            id: hcl(ctx.attr(r, &subnet.key, "id")?),
            route_table: hcl(ctx.attr(r, &subnet.route_table, "id")?),
        });
        Ok(())
    }
}

impl Blocks for RouteTable {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Result<(), InternalError> {
        view.route_tables.push(VpcChildView {
            label: ctx.label(r, &self.key)?,
            name: self.name.clone(),
            vpc: hcl(ctx.id_ref(r, &self.vpc)?),
        });
        Ok(())
    }
}

impl Blocks for InternetGateway {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Result<(), InternalError> {
        view.internet_gateways.push(VpcChildView {
            label: ctx.label(r, &self.key)?,
            name: self.name.clone(),
            vpc: hcl(ctx.id_ref(r, &self.vpc)?),
        });
        Ok(())
    }
}

impl Blocks for NatGateway {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Result<(), InternalError> {
        let nat = self;
        let depends_on = match &nat.internet_gateway {
            Some(key) => Some(list(vec![HclValue::reference([
                "aws_internet_gateway".to_string(),
                ctx.label(r, key)?,
            ])])),
            None => None,
        };
        view.nat_gateways.push(NatView {
            label: ctx.label(r, &nat.key)?,
            eip_label: ctx.label(r, &nat.eip)?,
            name: nat.name.clone(),
            subnet: hcl(ctx.id_ref(r, &nat.subnet)?),
            eip: hcl(ctx.attr(r, &nat.eip, "id")?),
            depends_on,
        });
        Ok(())
    }
}

impl Blocks for Route {
    fn add(&self, ctx: &Ctx, _: &LabelTable, r: &str, view: &mut RegionView) -> Result<(), InternalError> {
        let route = self;
        let (gateway, nat_gateway) = match &route.target {
            RouteTarget::InternetGateway(key) => (Some(hcl(ctx.attr(r, key, "id")?)), None),
            RouteTarget::NatGateway(key) => (None, Some(hcl(ctx.attr(r, key, "id")?))),
        };
        view.routes.push(RouteView {
            label: ctx.label(r, &route.key)?,
            route_table: hcl(ctx.id_ref(r, &route.route_table)?),
            destination: route.destination.clone(),
            gateway,
            nat_gateway,
        });
        Ok(())
    }
}

/// The identity of one ingress rule of a group, in its label namespace.
fn rule_identity(region: &str, group: &SecurityGroup, rule: &IngressRule) -> String {
    format!("{}\u{0}{}\u{0}{}", identity(region, &group.key), rule.cidr, rule.port)
}

impl Blocks for SecurityGroup {
    fn propose_derived(&self, region: &str, keyed: &LabelTable, derived: &mut LabelTable) -> Result<(), InternalError> {
        let group_label = keyed.get("aws_security_group", &identity(region, &self.key))?;
        for rule in &self.ingress {
            derived.propose(
                "aws_vpc_security_group_ingress_rule",
                &rule_identity(region, self, rule),
                format!("{group_label}_{}_{}", mangle(&rule.cidr), rule.port),
            );
        }
        Ok(())
    }

    fn add(&self, ctx: &Ctx, derived: &LabelTable, r: &str, view: &mut RegionView) -> Result<(), InternalError> {
        let group = self;
        let mut rules = Vec::new();
        for rule in &group.ingress {
            rules.push(RuleView {
                label: derived.get("aws_vpc_security_group_ingress_rule", &rule_identity(r, group, rule))?,
                cidr: rule.cidr.clone(),
                port: hcl(HclValue::Int(i64::from(rule.port))),
                description: rule.description.clone(),
            });
        }
        view.security_groups.push(SecurityGroupView {
            label: ctx.label(r, &group.key)?,
            name: group.name.clone(),
            description: group.description.clone(),
            vpc: hcl(ctx.id_ref(r, &group.vpc)?),
            id: hcl(ctx.attr(r, &group.key, "id")?),
            rules,
        });
        Ok(())
    }
}
