//! Tests of the embedded AWS catalog: the data files parse and hold together.

use super::*;
use std::collections::BTreeSet;

/// Distinct short names in CDK's `InterfaceVpcEndpointAwsService` (aws-cdk commit 000a9eb…),
/// deprecated aliases counted once. See data/README.md.
const CDK_INTERFACE_SHORT_NAMES: usize = 389;

fn catalog() -> &'static Catalog {
    Catalog::builtin().unwrap()
}

fn region(name: &str) -> &'static Region {
    catalog().region(name).unwrap()
}

fn service(name: &str) -> &'static Service {
    catalog().service(name).unwrap()
}

fn name_of(service_name: &str, region_name: &str) -> String {
    catalog().service_name(service(service_name), region(region_name))
}

#[test]
fn embedded_catalog_parses() {
    let catalog = Catalog::builtin();
    assert!(catalog.is_ok(), "{:?}", catalog.err());
}

#[test]
fn data_files_have_no_duplicate_entries() {
    for (json, key) in [(REGIONS_JSON, "regions"), (SERVICES_JSON, "services")] {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let entries = value[key].as_array().unwrap();
        let names: BTreeSet<&str> = entries.iter().map(|e| e["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), entries.len(), "duplicate names in {key}");
        assert!(
            value["_sources"].as_array().is_some_and(|s| !s.is_empty()),
            "{key} file lacks _sources"
        );
    }
}

#[test]
fn regions_of_every_partition_are_present() {
    let count = |p: Partition| catalog().regions().filter(|r| r.partition == p).count();
    assert_eq!(count(Partition::Aws), 34);
    assert_eq!(count(Partition::AwsCn), 2);
    assert_eq!(count(Partition::AwsUsGov), 2);
    assert_eq!(catalog().partition_of("cn-northwest-1"), Some(Partition::AwsCn));
    assert_eq!(catalog().partition_of("us-gov-west-1"), Some(Partition::AwsUsGov));
    assert_eq!(catalog().partition_of("mx-central-1"), Some(Partition::Aws));
    assert_eq!(catalog().partition_of("mars-north-1"), None);
}

#[test]
fn every_region_has_at_least_two_zone_names_and_ids() {
    for r in catalog().regions() {
        assert!(r.zone_names.len() >= 2, "{}", r.name);
        assert!(r.zone_ids.len() >= 2, "{}", r.name);
    }
}

#[test]
fn zone_names_are_the_region_and_one_letter() {
    for r in catalog().regions() {
        for zone in &r.zone_names {
            let letter = zone.strip_prefix(r.name.as_str()).unwrap_or_default();
            assert!(
                letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_lowercase()),
                "{zone}"
            );
        }
    }
}

#[test]
fn zone_ids_start_with_the_region_short_code() {
    for r in catalog().regions() {
        let prefix = format!("{}-az", r.short_code().unwrap());
        for id in &r.zone_ids {
            let number = id.strip_prefix(prefix.as_str()).unwrap_or_default();
            assert!(
                !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()),
                "{id} in {}",
                r.name
            );
        }
    }
}

#[test]
fn no_zone_belongs_to_two_regions() {
    let mut seen = BTreeSet::new();
    for r in catalog().regions() {
        for zone in r.zone_names.iter().chain(&r.zone_ids) {
            assert!(seen.insert(zone.as_str()), "{zone} appears twice");
        }
    }
}

#[test]
fn short_codes() {
    let code = |name: &str| region(name).short_code();
    assert_eq!(code("us-east-1").as_deref(), Some("use1"));
    assert_eq!(code("ap-northeast-2").as_deref(), Some("apne2"));
    assert_eq!(code("cn-northwest-1").as_deref(), Some("cnnw1"));
    assert_eq!(code("us-gov-west-1").as_deref(), Some("usgw1"));
    let odd = Region {
        name: "xx-up-1".into(),
        partition: Partition::Aws,
        zone_names: vec![],
        zone_ids: vec![],
        opt_in: false,
    };
    assert_eq!(odd.short_code(), None);
}

#[test]
fn zones_resolve_to_their_region() {
    let (r, form) = catalog().zone_region("euw1-az2").unwrap();
    assert_eq!((r.name.as_str(), form), ("eu-west-1", ZoneForm::Id));
    let (r, form) = catalog().zone_region("us-east-1f").unwrap();
    assert_eq!((r.name.as_str(), form), ("us-east-1", ZoneForm::Name));
    assert!(catalog().zone_region("eu-west-1z").is_none());
    assert_eq!(region("eu-west-1").zone_form("use1-az1"), None);
}

#[test]
fn opt_in_regions() {
    assert!(!region("us-east-1").opt_in);
    assert!(!region("eu-north-1").opt_in);
    assert!(region("af-south-1").opt_in);
    assert!(region("mx-central-1").opt_in);
    assert!(!region("cn-north-1").opt_in);
}

#[test]
fn only_s3_dynamodb_and_s3express_have_gateways() {
    let gateways: Vec<&str> = catalog().gateway_services().map(|s| s.name.as_str()).collect();
    assert_eq!(gateways, ["dynamodb", "s3", "s3express"]);
    assert!(service("s3").interface && service("dynamodb").interface);
    assert!(!service("s3express").interface);
}

#[test]
fn interface_services_cover_the_cdk_list() {
    let count = catalog().services().filter(|s| s.interface).count();
    assert!(count >= CDK_INTERFACE_SHORT_NAMES, "{count} interface services");
    for name in [
        "ssm",
        "ssmmessages",
        "ec2messages",
        "ecr.api",
        "ecr.dkr",
        "logs",
        "monitoring",
        "sts",
        "kms",
        "vpc-lattice",
    ] {
        assert!(service(name).interface, "{name}");
    }
}

#[test]
fn cross_region_services_are_the_documented_ones() {
    let cross: Vec<&str> = catalog()
        .services()
        .filter(|s| s.cross_region)
        .map(|s| s.name.as_str())
        .collect();
    let expected = [
        "ecr.api",
        "ecr.dkr",
        "ecs",
        "iam",
        "kinesis-firehose",
        "kinesisanalytics",
        "kinesisanalytics-fips",
        "kms",
        "kms-fips",
        "lambda",
        "route53",
        "s3",
    ];
    assert_eq!(cross, expected);
}

#[test]
fn interface_reach_across_regions() {
    let (euw1, use1, cnn1) = (region("eu-west-1"), region("us-east-1"), region("cn-north-1"));
    assert!(catalog().interface_reaches(service("s3"), euw1, use1));
    assert!(!catalog().interface_reaches(service("s3"), euw1, cnn1));
    assert!(!catalog().interface_reaches(service("dynamodb"), euw1, use1));
    assert!(catalog().interface_reaches(service("dynamodb"), euw1, euw1));
    assert!(!catalog().interface_reaches(service("s3express"), euw1, euw1));
}

#[test]
fn standard_service_names() {
    assert_eq!(name_of("s3", "eu-west-1"), "com.amazonaws.eu-west-1.s3");
    assert_eq!(
        name_of("ecr.dkr", "us-gov-west-1"),
        "com.amazonaws.us-gov-west-1.ecr.dkr"
    );
}

#[test]
fn exceptional_service_names() {
    assert_eq!(name_of("notebook", "eu-west-1"), "aws.sagemaker.eu-west-1.notebook");
    assert_eq!(name_of("studio", "us-east-1"), "aws.sagemaker.us-east-1.studio");
    assert_eq!(name_of("freetier", "us-east-1"), "aws.api.us-east-1.freetier");
    assert_eq!(name_of("iam", "eu-west-1"), "com.amazonaws.iam");
    assert_eq!(name_of("route53", "eu-west-1"), "com.amazonaws.route53");
    assert_eq!(name_of("codecatalyst", "eu-west-1"), "aws.api.global.codecatalyst");
    assert_eq!(
        name_of("s3-global.accesspoint", "eu-west-1"),
        "com.amazonaws.s3-global.accesspoint"
    );
    assert!(service("iam").is_global() && !service("s3").is_global());
    assert_eq!(name_of("cassandra", "eu-west-1"), "com.amazonaws.eu-west-1.cassandra");
    assert_eq!(service("cassandra").ports, [9142]);
    assert_eq!(service("sqs").ports, [443]);
    assert_eq!(service("email-smtp").ports, [25, 465, 587, 2465, 2587]);
}

#[test]
fn china_names_use_the_cn_prefix_where_cdk_says_so() {
    assert_eq!(name_of("s3", "cn-north-1"), "cn.com.amazonaws.cn-north-1.s3");
    assert_eq!(
        name_of("ecr.api", "cn-northwest-1"),
        "cn.com.amazonaws.cn-northwest-1.ecr.api"
    );
    assert_eq!(name_of("kms", "cn-north-1"), "com.amazonaws.cn-north-1.kms");
    assert_eq!(
        name_of("account", "cn-northwest-1"),
        "cn.com.amazonaws.cn-northwest-1.account"
    );
    assert_eq!(name_of("account", "cn-north-1"), "com.amazonaws.cn-north-1.account");
    assert_eq!(
        name_of("iotsitewise.api", "cn-north-1"),
        "cn.com.amazonaws.cn-north-1.iotsitewise.api"
    );
    assert_eq!(
        name_of("transcribe", "cn-north-1"),
        "cn.com.amazonaws.cn-north-1.transcribe.cn"
    );
    assert_eq!(name_of("transcribe", "eu-west-1"), "com.amazonaws.eu-west-1.transcribe");
}

#[test]
fn iam_namespaces() {
    let ns = |name: &str| service(name).iam_namespace();
    assert_eq!(ns("s3"), Some("s3"));
    assert_eq!(ns("dynamodb"), Some("dynamodb"));
    assert_eq!(ns("ecr.api"), Some("ecr"));
    assert_eq!(ns("logs"), Some("logs"));
    assert_eq!(ns("monitoring"), Some("cloudwatch"));
    assert_eq!(ns("ssmmessages"), Some("ssmmessages"));
    assert_eq!(ns("kms-fips"), Some("kms"));
    assert_eq!(ns("console"), None);
}

#[test]
fn private_dns_and_policy_support() {
    assert!(!service("dynamodb-streams").private_dns);
    assert!(service("s3").private_dns && service("ssm").private_dns);
    assert!(service("s3").endpoint_policy && service("dynamodb").endpoint_policy);
    assert!(!service("cloudtrail").endpoint_policy);
}

#[test]
fn every_service_lists_its_ports_once_ascending() {
    for s in catalog().services() {
        assert!(!s.ports.is_empty(), "{} has no port", s.name);
        assert!(s.ports.windows(2).all(|w| w[0] < w[1]), "{}: {:?}", s.name, s.ports);
        assert!(!s.ports.contains(&0), "{} lists port 0", s.name);
    }
}
