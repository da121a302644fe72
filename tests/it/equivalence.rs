//! For every example, the CloudFormation templates and the Terraform file
//! describe the same thing: the same resources by kind and count, and the
//! same policy documents compared as JSON. Both sides are read back from the
//! emitted text (CloudFormation as JSON, Terraform with HashiCorp's parser),
//! and references are normalised to the `Name` of what they point at.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Map, Value};
use vpcec::emit::{cfn, tf};

/// The Terraform resource types a CloudFormation resource stands for.
fn terraform_kinds(resource: &Value) -> Vec<&'static str> {
    let props = &resource["Properties"];
    let count = |key: &str| props[key].as_array().map(Vec::len).unwrap_or(0);
    let kind = resource["Type"].as_str().unwrap_or_default();
    let mut kinds: Vec<&'static str> = match kind {
        "AWS::EC2::VPC" => vec!["aws_vpc"],
        "AWS::EC2::Subnet" => vec!["aws_subnet"],
        "AWS::EC2::RouteTable" => vec!["aws_route_table"],
        "AWS::EC2::SubnetRouteTableAssociation" => vec!["aws_route_table_association"],
        "AWS::EC2::InternetGateway" => vec!["aws_internet_gateway"],
        // Terraform attaches the gateway through its `vpc_id`.
        "AWS::EC2::VPCGatewayAttachment" => vec![],
        "AWS::EC2::EIP" => vec!["aws_eip"],
        "AWS::EC2::NatGateway" => vec!["aws_nat_gateway"],
        "AWS::EC2::Route" => vec!["aws_route"],
        "AWS::EC2::SecurityGroup" => vec!["aws_security_group"],
        "AWS::EC2::VPCEndpoint" => vec!["aws_vpc_endpoint"],
        "AWS::S3::Bucket" => vec!["aws_s3_bucket"],
        "AWS::S3::BucketPolicy" => vec!["aws_s3_bucket_policy"],
        "AWS::DynamoDB::Table" => vec!["aws_dynamodb_table"],
        "AWS::EC2::VPCEndpointService" => vec!["aws_vpc_endpoint_service"],
        // Terraform lists the principals on the service itself.
        "AWS::EC2::VPCEndpointServicePermissions" => vec![],
        "AWS::IAM::Role" => vec!["aws_iam_role"],
        "AWS::IAM::InstanceProfile" => vec!["aws_iam_instance_profile"],
        other => panic!("no Terraform counterpart known for {other}: add it to this table"),
    };
    kinds.extend(std::iter::repeat_n(
        "aws_vpc_security_group_ingress_rule",
        count("SecurityGroupIngress"),
    ));
    if !props["PublicAccessBlockConfiguration"].is_null() {
        kinds.push("aws_s3_bucket_public_access_block");
    }
    if !props["ResourcePolicy"].is_null() {
        kinds.push("aws_dynamodb_resource_policy");
    }
    kinds.extend(std::iter::repeat_n(
        "aws_iam_role_policy_attachment",
        count("ManagedPolicyArns"),
    ));
    kinds.extend(std::iter::repeat_n("aws_iam_role_policy", count("Policies")));
    kinds
}

/// The CloudFormation side: every template of the build, by file name.
struct Cfn {
    templates: BTreeMap<String, Value>,
}

impl Cfn {
    fn resources(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.templates
            .values()
            .flat_map(|t| t["Resources"].as_object().into_iter().flatten())
    }

    fn name_of(template: &Value, logical: &str) -> String {
        let resource = &template["Resources"][logical];
        let props = &resource["Properties"];
        let tag = props["Tags"]
            .as_array()
            .and_then(|tags| tags.iter().find(|t| t["Key"] == "Name"))
            .and_then(|t| t["Value"].as_str());
        let name = tag.or(props["BucketName"].as_str()).or(props["TableName"].as_str());
        name.unwrap_or_else(|| panic!("{logical} has no name")).to_string()
    }

    /// A reference to a parameter resolves to the resource of the template it comes from.
    fn parameter_target(&self, template: &Value, parameter: &str) -> String {
        let description = template["Parameters"][parameter]["Description"]
            .as_str()
            .unwrap_or_default();
        let words: Vec<&str> = description.split_whitespace().collect();
        let logical = words.get(2).copied().unwrap_or_default();
        let file = words.get(5).copied().unwrap_or_default();
        let other = self
            .templates
            .get(file)
            .unwrap_or_else(|| panic!("{parameter}: no template {file}"));
        Self::name_of(other, logical)
    }

    fn normalise(&self, template: &Value, value: &Value) -> Value {
        match value {
            Value::Object(map) if map.len() == 1 => {
                let (key, inner) = map.iter().next().unwrap();
                match key.as_str() {
                    "Ref" if inner == "AWS::AccountId" => json!("<account>"),
                    "Ref" => {
                        let name = inner.as_str().unwrap();
                        if template["Resources"].get(name).is_some() {
                            json!(format!("<id:{}>", Self::name_of(template, name)))
                        } else {
                            json!(format!("<id:{}>", self.parameter_target(template, name)))
                        }
                    }
                    "Fn::GetAtt" => json!(format!("<arn:{}>", Self::name_of(template, inner[0].as_str().unwrap()))),
                    "Fn::Join" => {
                        let parts = inner[1].as_array().unwrap();
                        let joined: String = parts
                            .iter()
                            .map(|p| self.normalise(template, p).as_str().unwrap().to_string())
                            .collect();
                        json!(joined)
                    }
                    _ => json!({ key.clone(): self.normalise(template, inner) }),
                }
            }
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.normalise(template, v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.normalise(template, v)).collect()),
            other => other.clone(),
        }
    }

    /// Every policy document, keyed by what it is attached to.
    fn policies(&self) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for template in self.templates.values() {
            for (logical, resource) in template["Resources"].as_object().into_iter().flatten() {
                let props = &resource["Properties"];
                let mut add = |key: String, doc: &Value| {
                    out.insert(key, self.normalise(template, doc));
                };
                match resource["Type"].as_str().unwrap_or_default() {
                    "AWS::EC2::VPCEndpoint" if !props["PolicyDocument"].is_null() => {
                        add(
                            format!("endpoint {}", Self::name_of(template, logical)),
                            &props["PolicyDocument"],
                        );
                    }
                    "AWS::S3::BucketPolicy" => {
                        let bucket = match &props["Bucket"] {
                            Value::String(name) => name.clone(),
                            reference => Self::name_of(template, reference["Ref"].as_str().unwrap()),
                        };
                        add(format!("bucket {bucket}"), &props["PolicyDocument"]);
                    }
                    "AWS::DynamoDB::Table" if !props["ResourcePolicy"].is_null() => {
                        let table = props["TableName"].as_str().unwrap().to_string();
                        add(format!("table {table}"), &props["ResourcePolicy"]["PolicyDocument"]);
                    }
                    "AWS::IAM::Role" => {
                        let role = Self::name_of(template, logical);
                        add(format!("role {role} trust"), &props["AssumeRolePolicyDocument"]);
                        for policy in props["Policies"].as_array().into_iter().flatten() {
                            add(format!("role {role} inline"), &policy["PolicyDocument"]);
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

/// The Terraform side: the parsed file's `resource` block, by type and label.
struct Tf {
    resources: Map<String, Value>,
}

impl Tf {
    fn block(&self, kind: &str, label: &str) -> &Value {
        &self.resources[kind][label][0]
    }

    fn name_of(&self, kind: &str, label: &str) -> String {
        let block = self.block(kind, label);
        let name = block["tags"]["Name"]
            .as_str()
            .or(block["bucket"].as_str())
            .or(block["name"].as_str());
        name.unwrap_or_else(|| panic!("{kind}.{label} has no name")).to_string()
    }

    /// Replaces every `${...}` interpolation with the normalised form of what it names.
    fn normalise_text(&self, text: &str) -> String {
        let mut out = String::new();
        // Inside a `jsonencode(...)` body hcl2json returns source text, where
        // `$${` and `%%{` are the escapes of literal `${` and `%{`.
        let unescaped = text.replace("%%{", "%{");
        let mut rest = unescaped.as_str();
        while let Some(start) = rest.find("${") {
            if start > 0 && rest.as_bytes()[start - 1] == b'$' {
                out.push_str(&rest[..start - 1]);
                out.push_str("${");
                rest = &rest[start + 2..];
                continue;
            }
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find('}')
                .map(|e| start + e)
                .unwrap_or_else(|| panic!("open ${{ in {text}"));
            let expression = &rest[start + 2..end];
            let parts: Vec<&str> = expression.split('.').collect();
            // hcl2json gives an escaped literal `$${x}` back as `${x}`, like an
            // interpolation: only references to this file's blocks are rewritten.
            let known = |kind: &str, label: &str| self.resources.get(kind).is_some_and(|m| m.get(label).is_some());
            let replaced = match parts.as_slice() {
                ["data", "aws_caller_identity", _, "account_id"] => "<account>".to_string(),
                [kind, label, "id"] if known(kind, label) => format!("<id:{}>", self.name_of(kind, label)),
                [kind, label, "arn"] if known(kind, label) => format!("<arn:{}>", self.name_of(kind, label)),
                _ => format!("${{{expression}}}"),
            };
            out.push_str(&replaced);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn normalise(&self, value: &Value) -> Value {
        match value {
            Value::String(text) => json!(self.normalise_text(text)),
            Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), self.normalise(v))).collect()),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.normalise(v)).collect()),
            other => other.clone(),
        }
    }

    /// The label a reference such as `${aws_s3_bucket.x.id}` points at.
    fn referenced(value: &Value) -> Option<(String, String)> {
        let text = value.as_str()?.strip_prefix("${")?.strip_suffix('}')?;
        let mut parts = text.split('.');
        Some((parts.next()?.to_string(), parts.next()?.to_string()))
    }

    /// Every `jsonencode(...)` policy, keyed like [`Cfn::policies`], its body read with HashiCorp's parser.
    fn policies(&self, scratch: &Path) -> BTreeMap<String, Value> {
        let mut bodies: Vec<(String, String)> = Vec::new();
        let mut add = |key: String, value: &Value| {
            let text = value.as_str().unwrap_or_default();
            let body = text
                .strip_prefix("${jsonencode(")
                .and_then(|t| t.strip_suffix(")}"))
                .unwrap_or_else(|| panic!("{key}: policy is not a jsonencode() object: {text}"));
            bodies.push((key, body.to_string()));
        };
        let labelled = |kind: &str| -> Vec<(String, Value)> {
            self.resources
                .get(kind)
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(l, v)| (l.clone(), v[0].clone())).collect())
                .unwrap_or_default()
        };
        for (label, block) in labelled("aws_vpc_endpoint") {
            if !block["policy"].is_null() {
                add(
                    format!("endpoint {}", self.name_of("aws_vpc_endpoint", &label)),
                    &block["policy"],
                );
            }
        }
        for (_, block) in labelled("aws_s3_bucket_policy") {
            let bucket = match Self::referenced(&block["bucket"]) {
                Some((kind, label)) => self.name_of(&kind, &label),
                None => block["bucket"].as_str().unwrap().to_string(),
            };
            add(format!("bucket {bucket}"), &block["policy"]);
        }
        for (_, block) in labelled("aws_dynamodb_resource_policy") {
            let table = match Self::referenced(&block["resource_arn"]) {
                Some((kind, label)) => self.name_of(&kind, &label),
                None => block["resource_arn"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
            };
            add(format!("table {table}"), &block["policy"]);
        }
        for (label, block) in labelled("aws_iam_role") {
            add(
                format!("role {} trust", self.name_of("aws_iam_role", &label)),
                &block["assume_role_policy"],
            );
        }
        for (_, block) in labelled("aws_iam_role_policy") {
            let (kind, label) = Self::referenced(&block["role"]).expect("role policy names its role");
            add(format!("role {} inline", self.name_of(&kind, &label)), &block["policy"]);
        }
        let file = scratch.join("policies.tf");
        let text: String = bodies
            .iter()
            .enumerate()
            .map(|(i, (_, body))| format!("p{i} = {body}\n"))
            .collect();
        std::fs::write(&file, text).unwrap();
        let parsed = support::terraform::hcl2json(&[file]);
        bodies
            .iter()
            .enumerate()
            .map(|(i, (key, _))| (key.clone(), self.normalise(&parsed[0][format!("p{i}")])))
            .collect()
    }
}

fn kind_counts<'a>(kinds: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for kind in kinds {
        *counts.entry(kind.to_string()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn cloudformation_and_terraform_describe_the_same_resources_and_policies() {
    if !support::terraform::hcl2json_available() {
        return;
    }
    let catalog = vpcec::aws::Catalog::builtin().unwrap();
    let mut examples = support::programs::examples();
    assert!(!examples.is_empty(), "no examples");
    examples.push(support::root().join("tests/fixtures/names/tricky-names.vpce"));
    let mut compared = 0;
    for path in examples {
        let name = format!("examples/{}", path.file_name().unwrap().to_string_lossy());
        let file = vpcec::diagnostics::SourceFile {
            name: name.clone(),
            text: std::fs::read_to_string(&path).unwrap(),
        };
        let plan = vpcec::driver::compile(&file, catalog)
            .plan
            .unwrap_or_else(|| panic!("{name} does not compile"));

        let templates = cfn::emit(&plan, cfn::TemplateFormat::Json).unwrap();
        let cfn = Cfn {
            templates: templates
                .iter()
                .map(|t| (t.name.clone(), serde_json::from_str(&t.content).unwrap()))
                .collect(),
        };
        let scratch = tempfile::tempdir().unwrap();
        let tf_file = scratch.path().join("main.tf");
        std::fs::write(&tf_file, tf::emit(&plan).unwrap().content).unwrap();
        let parsed = support::terraform::hcl2json(std::slice::from_ref(&tf_file));
        let tf = Tf {
            resources: parsed[0]["resource"].as_object().cloned().unwrap_or_default(),
        };

        let cfn_kinds = kind_counts(cfn.resources().flat_map(|(_, r)| terraform_kinds(r)));
        let tf_kinds: BTreeMap<String, usize> = tf
            .resources
            .iter()
            .map(|(kind, labels)| (kind.clone(), labels.as_object().map(Map::len).unwrap_or(0)))
            .collect();
        assert_eq!(cfn_kinds, tf_kinds, "{name}: resources by kind and count differ");

        let cfn_policies = cfn.policies();
        let tf_policies = tf.policies(scratch.path());
        compared += cfn_policies.len();
        assert_eq!(
            cfn_policies.keys().collect::<Vec<_>>(),
            tf_policies.keys().collect::<Vec<_>>(),
            "{name}: policies attached to different things"
        );
        for (key, document) in &cfn_policies {
            assert_eq!(
                Some(document),
                tf_policies.get(key),
                "{name}: the policy of {key} differs"
            );
        }
    }
    assert!(compared >= 10, "only {compared} policies compared across the examples");
}
