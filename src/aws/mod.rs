//! AWS knowledge as data: regions with their zones, and the services that have
//! gateway, interface and cross-region endpoints. The data lives in `data/`
//! (with its sources noted there) and is embedded in the binary; nothing is
//! ever fetched from the network.

use std::collections::HashMap;
use std::sync::OnceLock;

use foldhash::fast::FixedState;
use serde::Deserialize;

use by_name::ByName;

pub mod buckets;
mod by_name;
mod error;
pub use buckets::{AwsBuckets, BucketSet, UnconfirmedSet};
pub use error::DataError;

const REGIONS_JSON: &str = include_str!("../../data/regions.json");
const SERVICES_JSON: &str = include_str!("../../data/services.json");

/// An AWS partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize)]
pub enum Partition {
    /// The commercial partition.
    #[serde(rename = "aws")]
    Aws,
    /// China.
    #[serde(rename = "aws-cn")]
    AwsCn,
    /// GovCloud (US).
    #[serde(rename = "aws-us-gov")]
    AwsUsGov,
}

impl Partition {
    /// The partition segment of ARNs (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn arn_segment(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
        }
    }

    /// The prefix of PrivateLink endpoint service names, before `.REGION.vpce-svc-ID`:
    /// `cn.com.amazonaws.vpce` in China, `com.amazonaws.vpce` elsewhere (the AWS
    /// CDK's region facts; see docs/aws-behaviour.md).
    pub fn endpoint_service_prefix(self) -> &'static str {
        match self {
            Partition::AwsCn => "cn.com.amazonaws.vpce",
            Partition::Aws | Partition::AwsUsGov => "com.amazonaws.vpce",
        }
    }

    /// The DNS suffix of service principals (`amazonaws.com`, `amazonaws.com.cn`).
    pub fn service_principal_suffix(self) -> &'static str {
        match self {
            Partition::AwsCn => "amazonaws.com.cn",
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
        }
    }
}

/// One availability zone: its name (per-account mapping in older regions) and its zone id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Zone {
    /// The zone name, e.g. `eu-west-1a`.
    pub name: String,
    /// The zone id, e.g. `euw1-az1`.
    pub id: String,
}

/// One region.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Region {
    /// The region code, e.g. `eu-west-1`.
    pub name: String,
    /// Its partition.
    pub partition: Partition,
    /// The zone names of the region.
    pub zone_names: Vec<String>,
    /// The zone ids of the region.
    pub zone_ids: Vec<String>,
    /// Whether the region must be enabled before use (launched after 2019-03-20).
    #[serde(default)]
    pub opt_in: bool,
}

impl Region {
    /// The short code that starts its zone ids: `use1` for `us-east-1`,
    /// `apne1` for `ap-northeast-1`, `usgw1` for `us-gov-west-1`.
    ///
    /// `None` if the code has a part this function does not know.
    pub fn short_code(&self) -> Option<String> {
        let mut parts = self.name.split('-');
        let mut code = parts.next()?.to_string();
        let mut rest: Vec<&str> = parts.collect();
        let number = rest.pop()?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        for part in rest {
            code.push_str(match part {
                "north" => "n",
                "south" => "s",
                "east" => "e",
                "west" => "w",
                "central" => "c",
                "northeast" => "ne",
                "northwest" => "nw",
                "southeast" => "se",
                "southwest" => "sw",
                "gov" => "g",
                _ => return None,
            });
        }
        code.push_str(number);
        Some(code)
    }

    /// Whether `zone` is one of its zone names or zone ids, and which.
    pub fn zone_form(&self, zone: &str) -> Option<ZoneForm> {
        if self.zone_names.iter().any(|z| z == zone) {
            Some(ZoneForm::Name)
        } else if self.zone_ids.iter().any(|z| z == zone) {
            Some(ZoneForm::Id)
        } else {
            None
        }
    }
}

/// How a service's endpoint service name is formed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum NameFormat {
    /// `com.amazonaws.REGION.SERVICE` (or `cn.com.amazonaws...` where the partition requires it).
    Standard,
    /// `PREFIX.REGION.SERVICE`, e.g. `aws.sagemaker.REGION.notebook`.
    Prefix(String),
    /// A fixed name without a region, e.g. `com.amazonaws.iam`.
    Global(String),
}

/// One AWS service that can be reached through a VPC endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Service {
    /// The short name written in `.vpce` files (`s3`, `ecr.api`).
    pub name: String,
    /// Has a gateway endpoint (only s3, dynamodb, s3express).
    #[serde(default)]
    pub gateway: bool,
    /// Has an interface endpoint.
    #[serde(default = "yes")]
    pub interface: bool,
    /// Interface endpoints can reach it in another region of the same partition.
    #[serde(default)]
    pub cross_region: bool,
    /// Its endpoints accept an endpoint policy.
    #[serde(default = "yes")]
    pub endpoint_policy: bool,
    /// The TCP ports clients use, ascending (`[443]` unless the service says
    /// otherwise: 9142 for Keyspaces, the five SMTP ports for `email-smtp`).
    #[serde(default = "https_ports")]
    pub ports: Vec<u16>,
    /// How its endpoint service name is formed.
    #[serde(default = "standard")]
    pub name_format: NameFormat,
    /// The IAM action prefix (`s3`, `dynamodb`), when it differs from nothing.
    #[serde(default)]
    pub iam_prefix: Option<String>,
    /// Uses the `cn.com.amazonaws` prefix in the China regions.
    #[serde(default)]
    pub cn_prefix: bool,
    /// Uses the `cn.com.amazonaws` prefix only in these China regions (when `cn_prefix` is false).
    #[serde(default)]
    pub cn_prefix_regions: Vec<String>,
    /// Its service name ends in `.cn` in the China regions (`transcribe`).
    #[serde(default)]
    pub cn_suffix: bool,
    /// Its interface endpoints can have private DNS (false for `dynamodb-streams`, see data/README.md).
    #[serde(default = "yes")]
    pub private_dns: bool,
}

impl Service {
    /// The IAM action namespace of the service (`ecr` for `ecr.api`,
    /// `cloudwatch` for `monitoring`), if it has one.
    pub fn iam_namespace(&self) -> Option<&str> {
        self.iam_prefix.as_deref()
    }

    /// Whether its endpoint service name has no region part (`com.amazonaws.iam`).
    pub fn is_global(&self) -> bool {
        matches!(self.name_format, NameFormat::Global(_))
    }

    /// Whether its endpoint service name starts with `cn.com.amazonaws` in `region`.
    pub fn uses_cn_prefix(&self, region: &Region) -> bool {
        region.partition == Partition::AwsCn && (self.cn_prefix || self.cn_prefix_regions.contains(&region.name))
    }
}

fn yes() -> bool {
    true
}
fn https_ports() -> Vec<u16> {
    vec![HTTPS_PORT]
}

/// The port of every AWS API, and of an endpoint service that states none.
pub const HTTPS_PORT: u16 = 443;
fn standard() -> NameFormat {
    NameFormat::Standard
}

#[derive(Deserialize)]
struct RegionsFile {
    regions: Vec<Region>,
}

#[derive(Deserialize)]
struct ServicesFile {
    services: Vec<Service>,
}

/// Where an availability-zone word was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneForm {
    /// A zone name such as `eu-west-1a`.
    Name,
    /// A zone id such as `euw1-az1`.
    Id,
}

/// The whole embedded catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    regions: ByName<Region>,
    services: ByName<Service>,
    /// Each zone name or id: the first region (by code) that has it, and in
    /// which form (a name before an id within one region).
    zones: HashMap<String, (String, ZoneForm), FixedState>,
    /// AWS-owned bucket sets (`data/aws-buckets.json`).
    aws_buckets: AwsBuckets,
}

static BUILTIN: OnceLock<Result<Catalog, DataError>> = OnceLock::new();

impl Catalog {
    /// The catalog embedded in the binary.
    ///
    /// Fails only if the embedded data is malformed, which the test suite rules out.
    pub fn builtin() -> Result<&'static Catalog, DataError> {
        BUILTIN
            .get_or_init(|| {
                let mut catalog = Catalog::from_json(REGIONS_JSON, SERVICES_JSON)?;
                catalog.aws_buckets = buckets::parse(buckets::AWS_BUCKETS_JSON)?;
                Ok(catalog)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses a catalog from the region and service data files (without AWS-owned bucket sets).
    pub fn from_json(regions: &str, services: &str) -> Result<Catalog, DataError> {
        let malformed = |file| {
            move |e: serde_json::Error| DataError::Malformed {
                file,
                reason: e.to_string(),
            }
        };
        let regions: RegionsFile = serde_json::from_str(regions).map_err(malformed("data/regions.json"))?;
        let services: ServicesFile = serde_json::from_str(services).map_err(malformed("data/services.json"))?;
        let regions = ByName::new(regions.regions, |r| r.name.as_str());
        let mut zones: HashMap<String, (String, ZoneForm), FixedState> = HashMap::default();
        for region in regions.iter() {
            let forms = (region.zone_names.iter().map(|z| (z, ZoneForm::Name)))
                .chain(region.zone_ids.iter().map(|z| (z, ZoneForm::Id)));
            for (zone, form) in forms {
                zones.entry(zone.clone()).or_insert_with(|| (region.name.clone(), form));
            }
        }
        Ok(Catalog {
            regions,
            services: ByName::new(services.services, |s| s.name.as_str()),
            zones,
            aws_buckets: AwsBuckets::default(),
        })
    }

    /// An AWS-owned bucket set by name (`ssm`).
    pub fn aws_bucket_set(&self, name: &str) -> Option<&BucketSet> {
        self.aws_buckets.sets.iter().find(|set| set.name == name)
    }

    /// Every AWS-owned bucket set, in the data file's order.
    pub fn aws_bucket_sets(&self) -> &[BucketSet] {
        &self.aws_buckets.sets
    }

    /// A set left out of the data because its bucket names are not confirmed.
    pub fn unconfirmed_aws_bucket_set(&self, name: &str) -> Option<&UnconfirmedSet> {
        self.aws_buckets.unconfirmed.iter().find(|set| set.name == name)
    }

    /// A region by code.
    pub fn region(&self, name: &str) -> Option<&Region> {
        self.regions.get(name)
    }

    /// All regions, sorted by code.
    pub fn regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter()
    }

    /// A service by short name.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.get(name)
    }

    /// All services, sorted by short name.
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.iter()
    }

    /// The closest known region to a misspelt one.
    pub fn suggest_region(&self, word: &str) -> Option<&str> {
        crate::suggest::closest(word, self.regions.iter().map(|r| r.name.as_str()))
    }

    /// The closest known service to a misspelt one.
    pub fn suggest_service(&self, word: &str) -> Option<&str> {
        crate::suggest::closest(word, self.services.iter().map(|s| s.name.as_str()))
    }

    /// The region an availability-zone name or id belongs to, and which form it is.
    pub fn zone_region(&self, zone: &str) -> Option<(&Region, ZoneForm)> {
        let (region, form) = self.zones.get(zone)?;
        Some((self.regions.get(region)?, *form))
    }

    /// The partition of a known region.
    pub fn partition_of(&self, region: &str) -> Option<Partition> {
        self.regions.get(region).map(|r| r.partition)
    }

    /// The services that have a gateway endpoint, sorted by short name.
    pub fn gateway_services(&self) -> impl Iterator<Item = &Service> {
        self.services.iter().filter(|s| s.gateway)
    }

    /// Whether an interface endpoint in region `from` can reach `service` in
    /// region `to`: always within one region, across regions only for
    /// cross-region services and only inside one partition.
    pub fn interface_reaches(&self, service: &Service, from: &Region, to: &Region) -> bool {
        service.interface && (from.name == to.name || (service.cross_region && from.partition == to.partition))
    }

    /// The service name of a gateway endpoint: always `com.amazonaws.REGION.NAME`,
    /// also in China, where only interface endpoint names take the `cn.` prefix
    /// (the AWS CDK's `GatewayVpcEndpointAwsService` forms it the same way).
    pub fn gateway_service_name(&self, service: &Service, region: &Region) -> String {
        format!("com.amazonaws.{}.{}", region.name, service.name)
    }

    /// The interface endpoint service name of `service` in `region`, e.g. `com.amazonaws.eu-west-1.s3`.
    pub fn service_name(&self, service: &Service, region: &Region) -> String {
        match &service.name_format {
            NameFormat::Global(full) => full.clone(),
            NameFormat::Prefix(prefix) => format!("{prefix}.{}.{}", region.name, service.name),
            NameFormat::Standard => {
                let prefix = if service.uses_cn_prefix(region) {
                    "cn.com.amazonaws"
                } else {
                    "com.amazonaws"
                };
                let suffix = if service.cn_suffix && region.partition == Partition::AwsCn {
                    ".cn"
                } else {
                    ""
                };
                format!("{prefix}.{}.{}{suffix}", region.name, service.name)
            }
        }
    }
}

#[cfg(test)]
mod tests;
