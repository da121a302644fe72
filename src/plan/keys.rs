//! How model entities are referred to in the plan.

use crate::check::model::{Model, SubnetIdx, VpcIdx};
use crate::plan::model::{IdRef, Kind, ResourceKey};

/// The VPC's id: created by the plan, or existing.
pub fn vpc_ref(model: &Model, vpc: VpcIdx) -> IdRef {
    match model.vpcs.get(vpc) {
        Some(info) => match &info.existing_id {
            Some(id) => IdRef::Existing(id.clone()),
            None => IdRef::Created(ResourceKey::new(Kind::Vpc, [info.name.as_str()])),
        },
        None => IdRef::Existing(String::new()),
    }
}

/// The subnet's id.
pub fn subnet_ref(model: &Model, subnet: SubnetIdx) -> IdRef {
    match model.subnets.get(subnet) {
        Some(info) => match &info.existing {
            Some(existing) => IdRef::Existing(existing.id.clone()),
            None => IdRef::Created(ResourceKey::new(Kind::Subnet, [info.name.as_str()])),
        },
        None => IdRef::Existing(String::new()),
    }
}

/// The key of the route table the plan creates with a created subnet.
pub fn created_route_table(subnet_name: &str) -> ResourceKey {
    ResourceKey::new(Kind::RouteTable, [subnet_name])
}

/// The subnet's route table id.
pub fn route_table_ref(model: &Model, subnet: SubnetIdx) -> IdRef {
    match model.subnets.get(subnet) {
        Some(info) => match &info.existing {
            Some(existing) => IdRef::Existing(existing.route_table.clone()),
            None => IdRef::Created(created_route_table(&info.name)),
        },
        None => IdRef::Existing(String::new()),
    }
}

/// The name of a subnet, or an empty string for a bad index.
pub fn subnet_name(model: &Model, subnet: SubnetIdx) -> &str {
    model.subnets.get(subnet).map(|s| s.name.as_str()).unwrap_or("")
}

/// The name of a VPC, or an empty string for a bad index.
pub fn vpc_name(model: &Model, vpc: VpcIdx) -> &str {
    model.vpcs.get(vpc).map(|v| v.name.as_str()).unwrap_or("")
}
