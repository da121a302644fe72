//! Terraform: one `STEM.tf`, rendered from the minijinja templates in
//! `templates/tf/` (embedded in the binary) and laid out exactly as
//! `terraform fmt` would.
//!
//! # Provider version and regions
//!
//! The file requires `hashicorp/aws` `>= 5.83, < 7.0` and configures one
//! provider per region, with an alias named after the region
//! (`provider "aws" { alias = "eu_west_1" ... }`), that every resource names
//! (`provider = aws.eu_west_1`). Aliases work the same in provider 5.x and
//! 6.x, whereas 6.x's per-resource `region` argument would exclude every 5.x
//! user. The lower bound is the first release with everything the emitter
//! writes: `supported_regions` on `aws_vpc_endpoint_service` arrived in 5.80
//! and `service_region` on `aws_vpc_endpoint` (cross-region interface
//! endpoints) in 5.83; neither is 6.x-only. The upper bound keeps out a
//! future major version whose breaking changes nobody has checked. One
//! constraint for every file, whatever it uses, so that adding a
//! cross-region endpoint to a file never changes its provider requirement.
//!
//! # Labels and references
//!
//! Resources are labelled from their plan keys ([`labels`]); existing
//! resources are referenced by their literal ids, created ones as
//! `TYPE.LABEL.id` / `.arn`, resources of another region directly (one file
//! holds every region), and the account id through one
//! `data "aws_caller_identity"` per region that needs it. Policies are
//! `jsonencode({ ... })` objects, a single value as a scalar.
//!
//! Where the provider offers two ways, one is used throughout: a gateway
//! endpoint lists its route tables inline (`route_table_ids`, never
//! `aws_vpc_endpoint_route_table_association`), an endpoint service lists
//! its principals inline (`allowed_principals`, never
//! `aws_vpc_endpoint_service_allowed_principal`), and security groups have
//! no inline rules (one `aws_vpc_security_group_ingress_rule` per rule).

mod exprs;
pub mod hcl;
pub mod labels;
pub mod layout;
pub mod render;
mod view;
mod view_services;

use serde::Serialize;

use self::exprs::{identity, proposed_label, resource_type, Ctx};
use self::labels::{mangle_parts, LabelTable};
use super::OutputFile;
use crate::diagnostics::Diagnostic;
use crate::internal::InternalError;
use crate::plan::model::{OutputValue, Plan, ResourceKey, StackOutput};

/// The `hashicorp/aws` version constraint every generated file carries.
pub const PROVIDER_VERSION: &str = ">= 5.83, < 7.0";

#[derive(Serialize)]
struct ProviderView {
    alias: String,
    region: String,
}

#[derive(Serialize)]
struct DataView {
    label: String,
    provider: minijinja::Value,
}

#[derive(Serialize)]
struct OutputView {
    name: String,
    description: String,
    value: minijinja::Value,
}

#[derive(Serialize)]
struct HeaderView {
    source_name: String,
    provider_version: &'static str,
    providers: Vec<ProviderView>,
    data: Vec<DataView>,
}

/// Every keyed resource of the plan, with its region.
fn keys(plan: &Plan) -> Vec<(&str, &ResourceKey)> {
    let mut keys = Vec::new();
    for (region, part) in &plan.regions {
        let r = region.as_str();
        keys.extend(
            part.resources()
                .iter()
                .flat_map(|resource| resource.keys())
                .map(|key| (r, key)),
        );
    }
    keys
}

fn keyed_labels(plan: &Plan) -> Result<LabelTable, InternalError> {
    let mut table = LabelTable::default();
    for region in plan.regions.keys() {
        // `eu-west-1` → `eu_west_1`: region codes have no `_`, so this is injective.
        let label = mangle_parts([region.replace('-', "_")]);
        table.propose("provider", region, label.clone());
        table.propose("data.aws_caller_identity", region, label);
    }
    for (region, key) in keys(plan) {
        table.propose(resource_type(key.kind), &identity(region, key), proposed_label(key));
    }
    table.resolve()?;
    Ok(table)
}

/// The identity of an output in the `output` label namespace.
pub(crate) fn output_identity(region: &str, output: &StackOutput) -> String {
    let mut identity = format!("{region}\u{0}output");
    for part in &output.name {
        identity.push('\u{0}');
        identity.push_str(part);
    }
    identity
}

/// The plan's outputs, region by region: an endpoint service's name is the
/// created service's own `service_name`, everything else the plan's expression.
fn outputs(plan: &Plan, ctx: &Ctx, derived: &LabelTable) -> Result<Vec<OutputView>, InternalError> {
    let mut outputs = Vec::new();
    for (region, part) in &plan.regions {
        for output in &part.outputs {
            let value = match &output.value {
                OutputValue::Expr(expr) => ctx.expr(region, expr)?,
                OutputValue::ServiceName { service, .. } => ctx.attr(region, service, "service_name")?,
            };
            outputs.push(OutputView {
                name: derived.get("output", &output_identity(region, output))?,
                description: output.description.clone(),
                value: render::hcl(value),
            });
        }
    }
    Ok(outputs)
}

/// Room reserved for the laid-out text per resource of the plan, more than
/// a resource's blocks take (about 600 bytes in a large estate): the text
/// is then written into one allocation instead of one that doubles, whose
/// every copy is a transient peak the size of the file. Pages reserved and
/// never written cost no memory.
const BYTES_PER_RESOURCE: usize = 1024;

/// The file's text. The body (every region, then the outputs) is rendered and
/// laid out one region at a time, so only one region's view and unformatted
/// text exist at once; the header, which declares the account-id lookups the
/// body turned out to use, is rendered last and put in front.
fn emit_text(plan: &Plan) -> Result<String, InternalError> {
    let keyed = keyed_labels(plan)?;
    let derived = view::propose_derived(plan, &keyed)?;
    let ctx = Ctx::new(plan, &keyed);
    let env = render::environment().map_err(|error| InternalError::new(format!("{error:#}")))?;
    let resources: usize = plan.regions.values().map(|part| part.resources().len()).sum();
    let mut body = layout::Layout::after_block_with_capacity(resources * BYTES_PER_RESOURCE);
    let mut rendered = Vec::new();
    for (region, part) in &plan.regions {
        // Converted to a template value once, not once per template.
        let view = minijinja::Value::from_serialize(view::region_view(&ctx, &derived, region, part)?);
        for name in render::REGION_TEMPLATES {
            body.push("\n");
            body.push(render::render_template_into(
                &env,
                name,
                minijinja::context! { r => &view },
                &mut rendered,
            )?);
        }
    }
    let outputs = outputs(plan, &ctx, &derived)?;
    body.push("\n");
    body.push(&render::render_template(
        &env,
        "outputs.tf.j2",
        minijinja::context! { outputs => outputs },
    )?);
    let mut providers = Vec::new();
    for region in plan.regions.keys() {
        providers.push(ProviderView {
            alias: keyed.get("provider", region)?,
            region: region.clone(),
        });
    }
    let mut data = Vec::new();
    for region in ctx.account_regions() {
        data.push(DataView {
            label: keyed.get("data.aws_caller_identity", &region)?,
            provider: render::hcl(ctx.provider(&region)?),
        });
    }
    let header = HeaderView {
        source_name: plan.source_name.clone(),
        provider_version: PROVIDER_VERSION,
        providers,
        data,
    };
    let mut head = layout::Layout::default();
    head.push(&render::render_template(&env, "header.tf.j2", &header)?);
    if !head.is_after_block() {
        return Err(InternalError::new(
            "the header template does not end with a closed block",
        ));
    }
    // The header goes in front of the body in place: no second copy of the file.
    let mut text = body.finish();
    text.insert_str(0, &head.finish());
    Ok(text)
}

/// Emits `STEM.tf`. Fails only on a plan that breaks its own invariants (a
/// reference to a resource it does not hold, a condition key given twice),
/// reported as E123.
pub fn emit(plan: &Plan) -> Result<OutputFile, Vec<Diagnostic>> {
    match emit_text(plan) {
        Ok(content) => Ok(OutputFile {
            name: format!("{}.tf", plan.stem),
            content,
        }),
        Err(error) => Err(vec![InternalError::new(format!(
            "cannot write the terraform file: {}",
            error.message()
        ))
        .into_diagnostic()]),
    }
}
