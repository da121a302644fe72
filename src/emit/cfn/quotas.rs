//! What CloudFormation cannot take: templates over its quotas, and resources
//! a stack cannot manage. Both are E120 errors; there is no source position
//! at this phase, so spans are empty.

use crate::diagnostics::Diagnostic;
use crate::plan::model::{RegionPlan, TableOrigin};
use crate::rules::Code;

/// Most resources in one template.
pub const MAX_RESOURCES: usize = 500;
/// Most parameters in one template.
pub const MAX_PARAMETERS: usize = 200;
/// Most outputs in one template.
pub const MAX_OUTPUTS: usize = 200;
/// Largest template body, in bytes (uploaded through S3).
pub const MAX_TEMPLATE_BYTES: usize = 1_000_000;

/// The sizes of one emitted template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Resources declared.
    pub resources: usize,
    /// Parameters declared.
    pub parameters: usize,
    /// Outputs declared.
    pub outputs: usize,
    /// Bytes of the serialised template.
    pub bytes: usize,
}

/// One E120 error per quota the template `file` exceeds.
pub fn check(file: &str, sizes: Sizes) -> Vec<Diagnostic> {
    let limits = [
        (sizes.resources, MAX_RESOURCES, "resources"),
        (sizes.parameters, MAX_PARAMETERS, "parameters"),
        (sizes.outputs, MAX_OUTPUTS, "outputs"),
        (sizes.bytes, MAX_TEMPLATE_BYTES, "bytes"),
    ];
    limits
        .into_iter()
        .filter(|(count, max, _)| count > max)
        .map(|(count, max, what)| {
            Diagnostic::unlocated(
                Code::E120,
                format!("template `{file}` has {count} {what}; cloudformation allows at most {max}"),
            )
            .with_help("split the file by region or by VPC, so that each template stays within the quota")
        })
        .collect()
}

/// Resources of `region` that a CloudFormation stack cannot express: a policy
/// on an existing table (a table's resource policy is a property of the table
/// resource, which only a stack that creates the table has).
pub fn inexpressible(region: &RegionPlan) -> Vec<Diagnostic> {
    region
        .tables()
        .into_iter()
        .filter(|table| table.origin == TableOrigin::Existing && table.policy.is_some())
        .map(|table| {
            Diagnostic::unlocated(
                Code::E120,
                format!(
                    "cloudformation cannot attach a resource policy to the existing table `{}` in `{}`",
                    table.name, region.region
                ),
            )
            .with_help("manage the table's policy with Terraform (`--target tf`), or import the table into the stack")
        })
        .collect()
}

/// A template with no resource at all, which CloudFormation rejects.
pub fn empty_template(file: &str) -> Diagnostic {
    Diagnostic::unlocated(Code::E120, format!("template `{file}` would declare no resources"))
        .with_help("cloudformation needs at least one resource per template; remove the region's declarations or add a resource there")
}

#[cfg(test)]
mod tests {
    use super::*;

    const WITHIN: Sizes = Sizes {
        resources: 500,
        parameters: 200,
        outputs: 200,
        bytes: 1_000_000,
    };

    #[test]
    fn templates_at_the_quotas_pass() {
        assert!(check("t.yaml", WITHIN).is_empty());
    }

    #[test]
    fn each_quota_exceeded_is_one_error() {
        let sizes = Sizes {
            resources: 501,
            parameters: 201,
            outputs: 201,
            bytes: 1_000_001,
        };
        let messages: Vec<String> = check("t.yaml", sizes).into_iter().map(|d| d.message).collect();
        assert_eq!(
            messages,
            [
                "template `t.yaml` has 501 resources; cloudformation allows at most 500",
                "template `t.yaml` has 201 parameters; cloudformation allows at most 200",
                "template `t.yaml` has 201 outputs; cloudformation allows at most 200",
                "template `t.yaml` has 1000001 bytes; cloudformation allows at most 1000000",
            ]
        );
        let outputs_only = check("t.yaml", Sizes { outputs: 201, ..WITHIN });
        assert_eq!(outputs_only.len(), 1);
        assert_eq!(outputs_only[0].code, Code::E120);
    }
}
