//! One enum over every kind of resource the plan holds.
//!
//! A region's plan is one list of [`Resource`]s. Each emitter and each report
//! walks it with one exhaustive `match` (no catch-all arm), so adding a kind
//! of resource is one variant here plus the places the compiler then points
//! at. Every kind answers the same two questions the same way: [`Resource::key`]
//! (its identity) and [`Resource::origin`] (created by the plan, or existing
//! and only given a policy).

use serde::Serialize;

use super::{
    Bucket, EndpointService, GatewayEndpoint, InterfaceEndpoint, InternetGateway, NatGateway, RegionPlan, ResourceKey,
    Role, Route, RouteTable, SecurityGroup, Serves, Subnet, Table, Vpc,
};

/// Whether the plan creates a resource or only refers to one that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Origin {
    /// Created by the plan.
    Created,
    /// Exists already; the plan only attaches something to it (a policy).
    Existing,
}

/// How a table is there: created with its key schema, or existing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TableOrigin {
    /// Created by the plan: string hash key `partition_key`, on-demand billing.
    Created {
        /// The partition (hash) key attribute.
        partition_key: String,
    },
    /// Exists already; the plan only gives it a resource policy.
    Existing,
}

impl TableOrigin {
    /// Created or existing.
    pub fn origin(&self) -> Origin {
        match self {
            TableOrigin::Created { .. } => Origin::Created,
            TableOrigin::Existing => Origin::Existing,
        }
    }
}

/// A resource of a region's plan.
#[derive(Debug, Clone, Serialize)]
pub enum Resource {
    /// A created VPC.
    Vpc(Vpc),
    /// A created subnet (with its route table association).
    Subnet(Subnet),
    /// A created route table.
    RouteTable(RouteTable),
    /// A created internet gateway (with its VPC attachment).
    InternetGateway(InternetGateway),
    /// A created NAT gateway (with its Elastic IP).
    NatGateway(NatGateway),
    /// A route added to a route table.
    Route(Route),
    /// A security group of an interface endpoint.
    SecurityGroup(SecurityGroup),
    /// A gateway endpoint.
    GatewayEndpoint(GatewayEndpoint),
    /// An interface endpoint.
    InterfaceEndpoint(InterfaceEndpoint),
    /// A bucket, created or existing.
    Bucket(Bucket),
    /// A table, created or existing.
    Table(Table),
    /// A PrivateLink endpoint service.
    EndpointService(EndpointService),
    /// An instance role (with its instance profile).
    Role(Role),
}

impl Resource {
    /// Its identity.
    pub fn key(&self) -> &ResourceKey {
        match self {
            Resource::Vpc(x) => &x.key,
            Resource::Subnet(x) => &x.key,
            Resource::RouteTable(x) => &x.key,
            Resource::InternetGateway(x) => &x.key,
            Resource::NatGateway(x) => &x.key,
            Resource::Route(x) => &x.key,
            Resource::SecurityGroup(x) => &x.key,
            Resource::GatewayEndpoint(x) => &x.key,
            Resource::InterfaceEndpoint(x) => &x.key,
            Resource::Bucket(x) => &x.key,
            Resource::Table(x) => &x.key,
            Resource::EndpointService(x) => &x.key,
            Resource::Role(x) => &x.key,
        }
    }

    /// Every key the resource brings: its own, then those of the resources
    /// created with it (a NAT gateway's Elastic IP, a role's instance profile).
    pub fn keys(&self) -> Vec<&ResourceKey> {
        match self {
            Resource::NatGateway(nat) => vec![&nat.key, &nat.eip],
            Resource::Role(role) => vec![&role.key, &role.instance_profile],
            Resource::Vpc(_)
            | Resource::Subnet(_)
            | Resource::RouteTable(_)
            | Resource::InternetGateway(_)
            | Resource::Route(_)
            | Resource::SecurityGroup(_)
            | Resource::GatewayEndpoint(_)
            | Resource::InterfaceEndpoint(_)
            | Resource::Bucket(_)
            | Resource::Table(_)
            | Resource::EndpointService(_) => vec![self.key()],
        }
    }

    /// Created by the plan, or existing.
    pub fn origin(&self) -> Origin {
        match self {
            Resource::Bucket(bucket) => bucket.origin,
            Resource::Table(table) => table.origin.origin(),
            Resource::Vpc(_)
            | Resource::Subnet(_)
            | Resource::RouteTable(_)
            | Resource::InternetGateway(_)
            | Resource::NatGateway(_)
            | Resource::Route(_)
            | Resource::SecurityGroup(_)
            | Resource::GatewayEndpoint(_)
            | Resource::InterfaceEndpoint(_)
            | Resource::EndpointService(_)
            | Resource::Role(_) => Origin::Created,
        }
    }

    /// The planner's record of what the resource serves and why: endpoints
    /// only.
    pub fn serves(&self) -> Option<&Serves> {
        match self {
            Resource::GatewayEndpoint(endpoint) => Some(&endpoint.serves),
            Resource::InterfaceEndpoint(endpoint) => Some(&endpoint.serves),
            Resource::Vpc(_)
            | Resource::Subnet(_)
            | Resource::RouteTable(_)
            | Resource::InternetGateway(_)
            | Resource::NatGateway(_)
            | Resource::Route(_)
            | Resource::SecurityGroup(_)
            | Resource::Bucket(_)
            | Resource::Table(_)
            | Resource::EndpointService(_)
            | Resource::Role(_) => None,
        }
    }

    /// Where the kind sorts in a region's list: the order of the variants.
    fn rank(&self) -> u8 {
        match self {
            Resource::Vpc(_) => 0,
            Resource::Subnet(_) => 1,
            Resource::RouteTable(_) => 2,
            Resource::InternetGateway(_) => 3,
            Resource::NatGateway(_) => 4,
            Resource::Route(_) => 5,
            Resource::SecurityGroup(_) => 6,
            Resource::GatewayEndpoint(_) => 7,
            Resource::InterfaceEndpoint(_) => 8,
            Resource::Bucket(_) => 9,
            Resource::Table(_) => 10,
            Resource::EndpointService(_) => 11,
            Resource::Role(_) => 12,
        }
    }
}

/// `From<Kind> for Resource`, and typed read accessors on [`RegionPlan`]: the
/// resources of one kind, in plan order.
macro_rules! kinds {
    ($($variant:ident => $all:ident, $all_mut:ident;)*) => {
        $(
            impl From<$variant> for Resource {
                fn from(resource: $variant) -> Self {
                    Resource::$variant(resource)
                }
            }
        )*

        impl RegionPlan {
            $(
                #[doc = concat!("The region's resources of kind `", stringify!($variant), "`, in plan order.")]
                pub fn $all(&self) -> Vec<&$variant> {
                    self.resources
                        .iter()
                        .filter_map(|r| if let Resource::$variant(x) = r { Some(x) } else { None })
                        .collect()
                }

                #[doc = concat!("The region's resources of kind `", stringify!($variant), "`, mutable, in plan order.")]
                pub fn $all_mut(&mut self) -> Vec<&mut $variant> {
                    self.resources
                        .iter_mut()
                        .filter_map(|r| if let Resource::$variant(x) = r { Some(x) } else { None })
                        .collect()
                }
            )*
        }
    };
}

kinds! {
    Vpc => vpcs, vpcs_mut;
    Subnet => subnets, subnets_mut;
    RouteTable => route_tables, route_tables_mut;
    InternetGateway => internet_gateways, internet_gateways_mut;
    NatGateway => nat_gateways, nat_gateways_mut;
    Route => routes, routes_mut;
    SecurityGroup => security_groups, security_groups_mut;
    GatewayEndpoint => gateway_endpoints, gateway_endpoints_mut;
    InterfaceEndpoint => interface_endpoints, interface_endpoints_mut;
    Bucket => buckets, buckets_mut;
    Table => tables, tables_mut;
    EndpointService => endpoint_services, endpoint_services_mut;
    Role => roles, roles_mut;
}

impl RegionPlan {
    /// Every resource of the region: grouped by kind in the order of
    /// [`Resource`]'s variants once the planner is done, in the order the
    /// planner added them within a kind.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// Adds a resource.
    pub fn push(&mut self, resource: impl Into<Resource>) {
        self.resources.push(resource.into());
    }

    /// Adds resources.
    pub fn extend<R: Into<Resource>>(&mut self, resources: impl IntoIterator<Item = R>) {
        self.resources.extend(resources.into_iter().map(Into::into));
    }

    /// Groups the resources by kind, in the order of [`Resource`]'s variants,
    /// keeping the order within a kind.
    pub fn sort_resources(&mut self) {
        self.resources.sort_by_key(Resource::rank);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::Partition;
    use crate::plan::model::{IdRef, Kind, NatServes, Stage};

    #[test]
    fn kind_names_are_their_debug_names() {
        assert_eq!(Kind::ALL.len(), 15);
        for kind in Kind::ALL {
            assert_eq!(kind.name(), format!("{kind:?}"));
        }
    }

    fn vpc(name: &str) -> Vpc {
        Vpc {
            key: ResourceKey::new(Kind::Vpc, [name]),
            name: name.into(),
            cidr: "10.0.0.0/16".into(),
        }
    }

    fn table(name: &str, origin: TableOrigin) -> Table {
        Table {
            key: ResourceKey::new(Kind::Table, [name]),
            name: name.into(),
            origin,
            policy: None,
            stage: Stage::Main,
        }
    }

    #[test]
    fn sorting_groups_by_kind_and_keeps_the_order_within_a_kind() {
        let mut region = RegionPlan::new("eu-west-1", Partition::Aws);
        region.push(table("t2", TableOrigin::Existing));
        region.push(vpc("b"));
        region.push(table("t1", TableOrigin::Existing));
        region.push(vpc("a"));
        region.sort_resources();
        let keys: Vec<String> = region.resources().iter().map(|r| r.key().parts.join("/")).collect();
        assert_eq!(keys, ["b", "a", "t2", "t1"]);
        assert_eq!(region.vpcs().len(), 2);
        assert_eq!(region.tables()[1].name, "t1");
    }

    #[test]
    fn a_table_is_created_exactly_when_it_has_a_partition_key() {
        let created = Resource::from(table(
            "t",
            TableOrigin::Created {
                partition_key: "pk".into(),
            },
        ));
        let existing = Resource::from(table("t", TableOrigin::Existing));
        assert_eq!(created.origin(), Origin::Created);
        assert_eq!(existing.origin(), Origin::Existing);
    }

    #[test]
    fn resources_created_together_share_the_keys() {
        let nat = Resource::from(NatGateway {
            key: ResourceKey::new(Kind::NatGateway, ["v"]),
            name: "v-nat".into(),
            subnet: IdRef::Existing("subnet-1".into()),
            eip: ResourceKey::new(Kind::ElasticIp, ["v"]),
            internet_gateway: None,
            serves: NatServes {
                vpc: "v".into(),
                subnets: Vec::new(),
            },
        });
        let kinds: Vec<Kind> = nat.keys().iter().map(|k| k.kind).collect();
        assert_eq!(kinds, [Kind::NatGateway, Kind::ElasticIp]);
        assert_eq!(nat.key().kind, Kind::NatGateway);
        assert!(nat.serves().is_none());
    }
}
