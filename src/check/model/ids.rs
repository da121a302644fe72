//! Typed ids of the checked model's lists, and the one place they index.
//!
//! An id names one entry of one list of a [`Model`]: a [`VpcId`] only ever
//! indexes [`Model::vpcs`], a [`SubnetId`] only [`Model::subnets`], and so on.
//! The invariant that makes every lookup infallible:
//!
//! - ids are minted only here, by the model's `push_*` methods, as the
//!   position of the entry just pushed (their field is private to this module);
//! - the lists are private to the model and never shrink, so an id minted by a
//!   model stays valid for the model's whole life.
//!
//! So `model.vpc(id)` cannot miss once the checker has built the model; the one
//! way to break it is to use an id of one model with another model, which no
//! phase does (each compiles one program with one model).

use super::{BucketInfo, EndpointServiceInfo, IntentInfo, Model, RoleInfo, SubnetInfo, TableInfo, VpcInfo};
use crate::internal::InternalError;

/// Declares an id type: a `u32` position in one of the model's lists.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            /// The position in the model's list.
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A VPC of the model: an entry of [`Model::vpcs`].
    VpcId
);
id_type!(
    /// A subnet of the model: an entry of [`Model::subnets`].
    SubnetId
);
id_type!(
    /// A bucket of the model: an entry of [`Model::buckets`].
    BucketId
);
id_type!(
    /// A table of the model: an entry of [`Model::tables`].
    TableId
);
id_type!(
    /// An endpoint service of the model: an entry of [`Model::services`].
    ServiceId
);
id_type!(
    /// An instance role of the model: an entry of [`Model::roles`].
    RoleId
);
id_type!(
    /// An intent of the model: an entry of [`Model::intents`].
    IntentId
);

/// The id the next pushed entry of a list of `len` entries gets; an internal
/// error past `u32::MAX` entries (a source file is far too small for that).
fn next_index(len: usize, what: &str) -> Result<u32, InternalError> {
    u32::try_from(len).map_err(|_| InternalError::new(format!("more than {} {what} in one program", u32::MAX)))
}

/// The accessors of one list: all entries, one entry by id, the entries with
/// their ids, and the push that mints the ids.
macro_rules! list {
    ($field:ident: $info:ty, $id:ident, $one:ident, $with_ids:ident, $push:ident, $what:literal) => {
        impl Model {
            #[doc = concat!("The ", $what, " in declaration order.")]
            pub fn $field(&self) -> &[$info] {
                &self.$field
            }

            #[doc = concat!("One of the ", $what, ". Cannot fail: see the module's invariant.")]
            pub fn $one(&self, id: $id) -> &$info {
                &self.$field[id.index()]
            }

            #[doc = concat!("The ", $what, " with their ids, in declaration order.")]
            pub fn $with_ids(&self) -> impl Iterator<Item = ($id, &$info)> + '_ {
                (0..=u32::MAX).map($id).zip(self.$field.iter())
            }

            #[doc = concat!("Adds one of the ", $what, " and mints its id.")]
            pub(in crate::check) fn $push(&mut self, info: $info) -> Result<$id, InternalError> {
                let id = $id(next_index(self.$field.len(), $what)?);
                self.$field.push(info);
                Ok(id)
            }
        }
    };
}

list!(vpcs: VpcInfo, VpcId, vpc, vpcs_with_ids, push_vpc, "vpcs");
list!(subnets: SubnetInfo, SubnetId, subnet, subnets_with_ids, push_subnet, "subnets");
list!(buckets: BucketInfo, BucketId, bucket, buckets_with_ids, push_bucket, "buckets");
list!(tables: TableInfo, TableId, table, tables_with_ids, push_table, "tables");
list!(services: EndpointServiceInfo, ServiceId, service, services_with_ids, push_service, "endpoint services");
list!(roles: RoleInfo, RoleId, role, roles_with_ids, push_role, "roles");
list!(intents: IntentInfo, IntentId, intent, intents_with_ids, push_intent, "intents");

impl Model {
    /// One of the buckets, to record what the checker finds out later (`deny public`).
    pub(in crate::check) fn bucket_mut(&mut self, id: BucketId) -> &mut BucketInfo {
        &mut self.buckets[id.index()]
    }

    /// One of the tables, to record what the checker finds out later (`deny public`).
    pub(in crate::check) fn table_mut(&mut self, id: TableId) -> &mut TableInfo {
        &mut self.tables[id.index()]
    }
}

#[cfg(test)]
impl Model {
    /// A model holding only `buckets` buckets and `tables` tables (named
    /// `b0`, `b1`, ... and `t0`, ...), for unit tests outside the checker that
    /// need ids of data resources.
    pub(crate) fn with_data_resources(buckets: usize, tables: usize) -> Model {
        let mut model = Model::default();
        for i in 0..buckets {
            let bucket = BucketInfo {
                name: format!("b{i}"),
                span: crate::span::Span::new(0, 0),
                region: "eu-west-1".into(),
                partition: crate::aws::Partition::Aws,
                existing: false,
                deny_public: false,
                deny_public_span: None,
            };
            assert!(model.push_bucket(bucket).is_ok());
        }
        for i in 0..tables {
            let table = TableInfo {
                name: format!("t{i}"),
                span: crate::span::Span::new(0, 0),
                region: "eu-west-1".into(),
                partition: crate::aws::Partition::Aws,
                key: Some("id".into()),
                deny_public: false,
                deny_public_span: None,
            };
            assert!(model.push_table(table).is_ok());
        }
        model
    }
}
