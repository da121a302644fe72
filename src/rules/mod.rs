//! The registry of diagnostic rules, modelled on ruff's: every diagnostic the
//! compiler can emit has one stable code here, a severity, a short kebab-case
//! name, a one-line summary and a long doc (what it catches, why it matters,
//! how to fix it) that `vpcec explain CODE` prints.

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The program is wrong; nothing is built.
    Error,
    /// The program builds, but probably does not do what was meant.
    Warning,
}

impl Severity {
    /// The lowercase word used in JSON and SARIF-adjacent output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One rule of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable code, e.g. `E101`.
    pub code: Code,
    /// A kebab-case name, e.g. `gateway-unsupported-service`.
    pub name: &'static str,
    /// The severity every diagnostic of this rule has.
    pub severity: Severity,
    /// One line: when the rule fires.
    pub summary: &'static str,
    /// The long Markdown doc printed by `vpcec explain`.
    pub doc: &'static str,
}

macro_rules! registry {
    ($( $code:ident, $sev:ident, $name:literal, $summary:literal; )*) => {
        /// Every diagnostic code the compiler can emit.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $summary]
                $code,
            )*
        }

        /// All rules, in code order.
        pub static RULES: &[Rule] = &[
            $( Rule {
                code: Code::$code,
                name: $name,
                severity: Severity::$sev,
                summary: $summary,
                doc: include_str!(concat!("docs/", stringify!($code), ".md")),
            }, )*
        ];

        impl Code {
            /// The code as printed, e.g. `"E101"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Code::$code => stringify!($code), )*
                }
            }
        }
    };
}

registry! {
    E001, Error, "parse-error", "the text does not parse";
    E002, Error, "undeclared-name", "a name is used but never declared";
    E003, Error, "duplicate-declaration", "a name is declared twice";
    E004, Error, "wrong-kind", "a name refers to the wrong kind of thing";
    E101, Error, "gateway-unsupported-service", "`via gateway` for a service that has no gateway endpoint";
    E102, Error, "gateway-cross-region", "`via gateway` to a region other than the subnet's VPC region";
    E103, Error, "unknown-region", "unknown region";
    E104, Error, "unknown-service", "unknown service";
    E105, Error, "az-outside-region", "availability zone not in the VPC's region";
    E106, Error, "subnet-outside-vpc", "subnet CIDR not inside its VPC's CIDR";
    E107, Error, "subnet-overlap", "two subnets of one VPC overlap";
    E108, Error, "invalid-bucket-name", "invalid bucket name";
    E109, Error, "deny-public-unreachable", "`deny public` on a bucket or table that no intent reaches, with no `allow admin`";
    E110, Error, "interface-cross-region-unsupported", "`via interface` to another region for a service without cross-region PrivateLink";
    E111, Error, "allow-misplaced", "`allow` on an intent with no bucket or table target, or an action of the wrong service";
    E112, Error, "nat-without-public-subnet", "`via nat` from a VPC with no public subnet to hold the NAT gateway";
    E113, Error, "invalid-cidr", "a CIDR block is malformed, has host bits set, or has a size AWS does not allow";
    E114, Error, "region-missing-or-repeated", "a resource has no region, or the file declares `region` twice";
    E115, Error, "ambiguous-vpc", "`in VPC` is left out of a subnet while the file declares several VPCs, or none";
    E116, Error, "invalid-aws-id", "an AWS id or ARN is not written the way AWS prints it";
    E117, Error, "target-via-mismatch", "a target that cannot be reached the way the intent says";
    E118, Error, "conflicting-endpoint-settings", "two intents want different settings on the same endpoint";
    E119, Error, "missing-subnet-cidr", "an existing subnet reaching an interface endpoint has no CIDR for the security group";
    E120, Error, "cloudformation-limit", "a template exceeds a CloudFormation quota, or needs what CloudFormation cannot express";
    E121, Error, "policy-too-large", "a generated policy document exceeds the size AWS accepts";
    E122, Error, "invalid-suppression", "a `# vpcec-allow:` comment without a reason, for an unknown code, or for an error";
    E123, Error, "internal-error", "the compiler could not write its output: a bug in vpcec, not in the source";
    E124, Error, "private-dns-path-conflict", "private DNS on an interface endpoint takes traffic that an intent of the VPC sends another way, and cannot serve it";
    E125, Error, "nat-route-conflict", "`via nat` from a subnet whose route table is shared with a public subnet, which already has a default route";
    E126, Error, "deployment-cycle", "the templates of several regions need each other's ids through endpoint services, so none can be deployed first";
    E127, Error, "missing-vpc-cidr", "an interface endpoint with private DNS serves every subnet of an existing VPC that states no CIDR";
    E128, Error, "empty-program", "the file declares nothing: it is empty, blank, or holds only comments";
    W201, Warning, "deny-public-without-admin", "`deny public` with no `allow admin`: nobody can use the data from outside the endpoints";
    W202, Warning, "ssm-incomplete", "`ssm` via interface without `ssmmessages` and `ec2messages`";
    W203, Warning, "nat-for-gateway-service", "a subnet reaches `s3` or `dynamodb` only through NAT";
    W204, Warning, "scoped-intent-shadowed", "a scoped intent is shadowed by an unscoped intent through the same endpoint";
    W205, Warning, "role-access-unreachable", "a role is granted access that no subnet of the role can reach";
    W206, Warning, "nat-blocked-by-deny-public", "an intent through NAT to a resource whose `deny public` only admits endpoints";
    W207, Warning, "unknown-subnet-az", "an existing subnet without `az` is placed in an interface endpoint";
    W208, Warning, "unused-suppression", "a `# vpcec-allow:` comment that silences nothing";
    W209, Warning, "mixed-zone-forms", "interface-endpoint subnets of one VPC write zones both as names and as ids";
    W210, Warning, "scoped-gateway-policy-blocks-aws-buckets", "a scoped S3 gateway endpoint policy blocks the buckets AWS services need (SSM, package repositories, ECR layers)";
    W211, Warning, "nlb-account-mismatch", "a load balancer of an endpoint service is in another account than the rest of the file";
    W212, Warning, "acceptance-pending", "`acceptance required` on an endpoint service that an intent of the same file reaches";
}

impl Code {
    /// The rule of this code.
    pub fn rule(self) -> &'static Rule {
        // RULES is generated in declaration order, which is the enum order.
        &RULES[self as usize]
    }

    /// The severity of this code.
    pub fn severity(self) -> Severity {
        self.rule().severity
    }
}

/// Finds a rule by its code (case-insensitive) or kebab-case name.
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    let wanted = code_or_name.trim();
    RULES
        .iter()
        .find(|rule| rule.code.as_str().eq_ignore_ascii_case(wanted) || rule.name == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_index_their_own_rule() {
        for rule in RULES {
            assert_eq!(rule.code.rule().code, rule.code);
        }
    }

    #[test]
    fn severity_matches_code_letter() {
        for rule in RULES {
            let letter = rule.code.as_str().chars().next();
            let expected = if letter == Some('E') {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(rule.severity, expected, "{}", rule.code.as_str());
        }
    }

    #[test]
    fn every_doc_has_the_three_sections() {
        for rule in RULES {
            for heading in ["## What it catches", "## Why it matters", "## How to fix it"] {
                assert!(rule.doc.contains(heading), "{} lacks {heading}", rule.code.as_str());
            }
        }
    }

    #[test]
    fn lookup_accepts_codes_and_names() {
        assert_eq!(lookup("e101").map(|r| r.code), Some(Code::E101));
        assert_eq!(lookup("gateway-cross-region").map(|r| r.code), Some(Code::E102));
        assert!(lookup("E999").is_none());
    }
}
