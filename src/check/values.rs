//! Validation of the literal values of a program: CIDR blocks (E113), AWS ids
//! and ARNs (E116) and S3 bucket names (E108).

use crate::cidr::{Cidr, CidrError};
use crate::diagnostics::{Applicability, Diagnostic};
use crate::rules::Code;
use crate::syntax::ast::Word;

/// The smallest prefix length AWS allows for a VPC or subnet block.
pub const MIN_PREFIX: u8 = 16;
/// The largest prefix length AWS allows for a VPC or subnet block.
pub const MAX_PREFIX: u8 = 28;

/// Parses the CIDR block of a `what` (`vpc`, `subnet`), reporting E113.
pub fn cidr(word: &Word, what: &str) -> Result<Cidr, Diagnostic> {
    match Cidr::parse(&word.node) {
        Ok(block) if (MIN_PREFIX..=MAX_PREFIX).contains(&block.prefix()) => Ok(block),
        Ok(block) => Err(Diagnostic::new(
            Code::E113,
            word.span,
            format!(
                "a {what} CIDR block must be between /{MIN_PREFIX} and /{MAX_PREFIX}, but `{}` is /{}",
                word.node,
                block.prefix()
            ),
        )
        .with_label("size not allowed by AWS")
        .with_help(format!(
            "choose a prefix length from /{MIN_PREFIX} (65,536 addresses) to /{MAX_PREFIX} (16 addresses)"
        ))),
        Err(CidrError::HostBits(network)) => Err(Diagnostic::new(
            Code::E113,
            word.span,
            format!("CIDR block `{}` has host bits set", word.node),
        )
        .with_label("not a network address")
        .did_you_mean(&network.to_string(), Applicability::MachineApplicable)),
        Err(CidrError::Malformed) => Err(Diagnostic::new(
            Code::E113,
            word.span,
            format!("`{}` is not a valid IPv4 CIDR block", word.node),
        )
        .with_label("malformed CIDR block")
        .with_help("write a network address and a prefix length, such as `10.0.0.0/16`")),
    }
}

fn is_lower_hex(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Checks an AWS resource id such as `vpc-0a1b2c3d`: the prefix, a hyphen, and
/// 8 or 17 lowercase hexadecimal digits. Reports E116.
pub fn aws_id(word: &Word, prefix: &str) -> Option<Diagnostic> {
    let ok = word
        .node
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| (hex.len() == 8 || hex.len() == 17) && is_lower_hex(hex));
    if ok {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::E116,
            word.span,
            format!("`{}` is not a valid {prefix} id", word.node),
        )
        .with_label(format!("expected `{prefix}-` and 8 or 17 hex digits"))
        .with_help(format!(
            "write the id as AWS prints it, e.g. `{prefix}-0a1b2c3d` or `{prefix}-0123456789abcdef0`"
        )),
    )
}

/// The parts of an ARN: partition, service, region, account, resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: &'a str,
    /// The service namespace (`iam`, `elasticloadbalancing`).
    pub service: &'a str,
    /// The region part (empty for global services).
    pub region: &'a str,
    /// The account part (empty for some resources).
    pub account: &'a str,
    /// Everything after the fifth colon.
    pub resource: &'a str,
}

/// Splits `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, checking the
/// partition, the service namespace, the account and a non-empty resource.
pub fn split_arn(text: &str) -> Option<Arn<'_>> {
    let mut parts = text.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let partition_ok = matches!(partition, "aws" | "aws-cn" | "aws-us-gov");
    let service_ok = !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let account_ok =
        account.is_empty() || account == "aws" || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    let region_ok = region
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    (partition_ok && service_ok && account_ok && region_ok && !resource.is_empty()).then_some(Arn {
        partition,
        service,
        region,
        account,
        resource,
    })
}

/// Checks a principal ARN (`arn:aws:iam::123456789012:role/Admin`, or `*`). Reports E116.
pub fn principal_arn(word: &Word) -> Option<Diagnostic> {
    if word.node == "*" || split_arn(&word.node).is_some() {
        return None;
    }
    Some(
        Diagnostic::new(Code::E116, word.span, format!("`{}` is not a valid ARN", word.node))
            .with_label("malformed ARN")
            .with_help("write it as `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, e.g. `arn:aws:iam::123456789012:role/Admin`"),
    )
}

/// Checks a network load balancer ARN and returns its region. Reports E116.
pub fn nlb_arn(word: &Word) -> Result<String, Diagnostic> {
    let parsed = split_arn(&word.node).filter(|arn| {
        let name_and_id = arn
            .resource
            .strip_prefix("loadbalancer/net/")
            .and_then(|rest| rest.split_once('/'));
        arn.service == "elasticloadbalancing"
            && !arn.region.is_empty()
            && arn.account.len() == 12
            && name_and_id.is_some_and(|(name, id)| !name.is_empty() && id.len() == 16 && is_lower_hex(id))
    });
    match parsed {
        Some(arn) => Ok(arn.region.to_string()),
        None => Err(Diagnostic::new(
            Code::E116,
            word.span,
            format!("`{}` is not a network load balancer ARN", word.node),
        )
        .with_label("expected an `elasticloadbalancing` `loadbalancer/net/...` ARN")
        .with_help(
            "write it as `arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID` (ID: 16 hex digits)",
        )),
    }
}

/// The prefixes endpoint service names start with: `com.amazonaws.vpce`, and
/// `cn.com.amazonaws.vpce` in China.
pub const ENDPOINT_SERVICE_PREFIXES: [&str; 2] = ["com.amazonaws.vpce", "cn.com.amazonaws.vpce"];

/// Splits a full endpoint service name `PREFIX.REGION.vpce-svc-ID` (PREFIX
/// one of [`ENDPOINT_SERVICE_PREFIXES`]) into its prefix and region, when it
/// has that shape with a 17-digit hex id. Whether the prefix is the one of
/// the region's partition is for the caller to check.
pub fn endpoint_service_name(name: &str) -> Option<(&'static str, &str)> {
    ENDPOINT_SERVICE_PREFIXES.into_iter().find_map(|prefix| {
        let rest = name.strip_prefix(prefix)?.strip_prefix('.')?;
        let (region, id) = rest.split_once(".vpce-svc-")?;
        (!region.is_empty() && !region.contains('.') && id.len() == 17 && is_lower_hex(id)).then_some((prefix, region))
    })
}

/// Whether a name starts like an endpoint service name (a prefix and a dot).
pub fn looks_like_endpoint_service_name(name: &str) -> bool {
    ENDPOINT_SERVICE_PREFIXES
        .iter()
        .any(|prefix| name.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.')))
}

const RESERVED_PREFIXES: [&str; 3] = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES: [&str; 5] = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

fn looks_like_ip_address(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Which S3 naming rule `name` breaks, if any.
pub fn bucket_name_problem(name: &str) -> Option<String> {
    let length = name.len();
    if !(3..=63).contains(&length) {
        return Some(format!(
            "bucket names must be 3 to 63 characters long, this one has {length}"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
    {
        return Some(if bad.is_ascii_uppercase() {
            "bucket names cannot contain uppercase letters".to_string()
        } else {
            format!("bucket names can only contain lowercase letters, digits, dots and hyphens, not `{bad}`")
        });
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !alnum(name.chars().next()) || !alnum(name.chars().last()) {
        return Some("bucket names must start and end with a letter or a digit".to_string());
    }
    if name.contains("..") {
        return Some("bucket names cannot contain two adjacent dots".to_string());
    }
    if looks_like_ip_address(name) {
        return Some("bucket names cannot be formatted as an IP address".to_string());
    }
    if let Some(prefix) = RESERVED_PREFIXES.iter().find(|p| name.starts_with(*p)) {
        return Some(format!("bucket names cannot start with the reserved prefix `{prefix}`"));
    }
    if let Some(suffix) = RESERVED_SUFFIXES.iter().find(|s| name.ends_with(*s)) {
        return Some(format!("bucket names cannot end with the reserved suffix `{suffix}`"));
    }
    None
}

/// Checks a bucket name against the S3 naming rules. Reports E108.
pub fn bucket_name(word: &Word) -> Option<Diagnostic> {
    bucket_name_problem(&word.node).map(|problem| {
        Diagnostic::new(
            Code::E108,
            word.span,
            format!("`{}` is not a valid S3 bucket name", word.node),
        )
        .with_label(problem)
        .with_help("use 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        assert_eq!(bucket_name_problem("my-bucket.logs"), None);
        for bad in [
            "ab",
            "My-bucket",
            "my_bucket",
            "-bucket",
            "a..b",
            "192.168.5.4",
            "xn--abc",
            "foo-s3alias",
            "foo--ol-s3",
        ] {
            assert!(bucket_name_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn arns() {
        assert!(split_arn("arn:aws:iam::123456789012:role/Admin").is_some());
        assert!(split_arn("arn:aws:iam::1234:role/Admin").is_none());
        assert!(split_arn("arn:aws-cn:s3:::bucket").is_some());
        assert!(split_arn("arn:foo:iam::123456789012:root").is_none());
        assert!(split_arn("arn:aws:iam::123456789012:").is_none());
    }

    #[test]
    fn endpoint_service_names() {
        assert_eq!(
            endpoint_service_name("com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0"),
            Some(("com.amazonaws.vpce", "eu-west-1"))
        );
        assert_eq!(
            endpoint_service_name("cn.com.amazonaws.vpce.cn-north-1.vpce-svc-0123456789abcdef0"),
            Some(("cn.com.amazonaws.vpce", "cn-north-1"))
        );
        assert_eq!(
            endpoint_service_name("com.amazonaws.vpce.eu-west-1.vpce-svc-0123"),
            None
        );
        assert_eq!(
            endpoint_service_name("xcn.com.amazonaws.vpce.cn-north-1.vpce-svc-0123456789abcdef0"),
            None
        );
        assert!(looks_like_endpoint_service_name(
            "cn.com.amazonaws.vpce.cn-north-1.oops"
        ));
        assert!(!looks_like_endpoint_service_name("com.amazonaws.vpcex"));
    }
}
