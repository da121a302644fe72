//! How model entities are referred to in the plan.

use crate::check::model::{Model, SubnetId, VpcId};
use crate::plan::model::{IdRef, Kind, ResourceKey};

/// The VPC's id: created by the plan, or existing.
pub fn vpc_ref(model: &Model, vpc: VpcId) -> IdRef {
    let info = model.vpc(vpc);
    match &info.existing_id {
        Some(id) => IdRef::Existing(id.clone()),
        None => IdRef::Created(ResourceKey::new(Kind::Vpc, [info.name.as_str()])),
    }
}

/// The subnet's id.
pub fn subnet_ref(model: &Model, subnet: SubnetId) -> IdRef {
    let info = model.subnet(subnet);
    match &info.existing {
        Some(existing) => IdRef::Existing(existing.id.clone()),
        None => IdRef::Created(ResourceKey::new(Kind::Subnet, [info.name.as_str()])),
    }
}

/// The key of the route table the plan creates with a created subnet.
pub fn created_route_table(subnet_name: &str) -> ResourceKey {
    ResourceKey::new(Kind::RouteTable, [subnet_name])
}

/// The subnet's route table id.
pub fn route_table_ref(model: &Model, subnet: SubnetId) -> IdRef {
    let info = model.subnet(subnet);
    match &info.existing {
        Some(existing) => IdRef::Existing(existing.route_table.clone()),
        None => IdRef::Created(created_route_table(&info.name)),
    }
}

/// The name of a subnet.
pub fn subnet_name(model: &Model, subnet: SubnetId) -> &str {
    &model.subnet(subnet).name
}

/// The name of a VPC.
pub fn vpc_name(model: &Model, vpc: VpcId) -> &str {
    &model.vpc(vpc).name
}
