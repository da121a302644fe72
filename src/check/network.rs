//! The network declarations: the file's `region`, VPCs and subnets, with
//! their regions (E103, E114), zones (E105), CIDR blocks (E106, E107, E113),
//! ids (E116) and the `in VPC` rule (E115).

use super::model::VpcId;
use super::model::{ExistingSubnet, SubnetInfo, VpcInfo, ZoneRef};
use super::names::{Entry, Kind};
use super::overlaps::first_earlier_overlaps;
use super::{values, Ctx};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{Program, StatementKind, SubnetDecl, SubnetSource, Visibility, VpcDecl, VpcSource, Word};

/// The `region` statement: at most one (E114), with a known region (E103).
pub fn home_region(ctx: &mut Ctx, program: &Program) {
    for statement in &program.statements {
        let StatementKind::Region(decl) = &statement.kind else {
            continue;
        };
        if let Some(first) = ctx.home_region_span {
            ctx.report(
                Diagnostic::new(Code::E114, decl.region.span, "the file declares `region` twice")
                    .with_label("second `region`")
                    .with_related(first, "first declared here")
                    .with_help("keep one `region` statement; give resources in other regions their own `region`"),
            );
            continue;
        }
        let region = ctx.region_word(&decl.region);
        ctx.home_region_span = Some(decl.region.span);
        ctx.model.home_region = Some(region);
    }
}

/// Declares every VPC.
pub fn vpcs(ctx: &mut Ctx, program: &Program) {
    for statement in &program.statements {
        if let StatementKind::Vpc(decl) = &statement.kind {
            vpc(ctx, decl);
        }
    }
}

fn vpc(ctx: &mut Ctx, decl: &VpcDecl) {
    if !ctx.names.declare(Kind::Vpc, &decl.name, &mut ctx.diags) {
        return;
    }
    let region = ctx.resource_region(decl.region.as_ref(), Kind::Vpc, &decl.name);
    let (existing_id, cidr_word) = match &decl.source {
        VpcSource::Created { cidr } => (None, Some(cidr)),
        VpcSource::Existing { id, cidr } => {
            if let Some(diagnostic) = values::aws_id(id, "vpc") {
                ctx.report(diagnostic);
            }
            (Some(id.node.clone()), cidr.as_ref())
        }
    };
    let cidr = cidr_word.and_then(|word| values::cidr(word, "vpc").map_err(|d| ctx.report(d)).ok());
    let partition = ctx.partition(&region);
    let pushed = ctx.model.push_vpc(VpcInfo {
        name: decl.name.node.clone(),
        span: decl.name.span,
        region,
        partition,
        existing_id,
        cidr,
    });
    if let Some(id) = ctx.placed(pushed) {
        ctx.names.place(&decl.name.node, Entry::Vpc(id));
    }
}

/// Declares every subnet, then checks the overlaps between subnets of a VPC.
pub fn subnets(ctx: &mut Ctx, program: &Program) {
    for statement in &program.statements {
        if let StatementKind::Subnet(decl) = &statement.kind {
            subnet(ctx, decl);
        }
    }
    overlaps(ctx);
}

/// The subnet's VPC; `None` when it cannot be resolved (reported here or,
/// for a vpc that did not parse, by E001).
fn subnet_vpc(ctx: &mut Ctx, decl: &SubnetDecl) -> Option<VpcId> {
    if let Some(word) = &decl.vpc {
        return ctx.names.resolve(word, &mut ctx.diags);
    }
    let (first, second) = {
        let mut vpcs = ctx.model.vpcs_with_ids().map(|(id, _)| id);
        (vpcs.next(), vpcs.next())
    };
    match (first, second) {
        (Some(only), None) => return Some(only),
        // The file's vpc did not parse: E001 already said so.
        (None, _) if ctx.names.any_broken(Kind::Vpc) => {}
        (None, _) => {
            ctx.report(
                Diagnostic::new(
                    Code::E115,
                    decl.name.span,
                    format!("subnet `{}` has no vpc to belong to", decl.name.node),
                )
                .with_label("no vpc declared in this file")
                .with_help("declare the vpc, e.g. `vpc main cidr 10.0.0.0/16;`"),
            );
        }
        (Some(_), Some(_)) => {
            let names: Vec<String> = ctx.model.vpcs().iter().map(|v| format!("`{}`", v.name)).collect();
            ctx.report(
                Diagnostic::new(
                    Code::E115,
                    decl.name.span,
                    format!("subnet `{}` does not say which vpc it is in", decl.name.node),
                )
                .with_label("`in VPC` needed: the file declares several vpcs")
                .with_help(format!(
                    "write `subnet {} in VPC ...` with one of {}",
                    decl.name.node,
                    names.join(", ")
                )),
            );
        }
    }
    None
}

fn subnet(ctx: &mut Ctx, decl: &SubnetDecl) {
    if !ctx.names.declare(Kind::Subnet, &decl.name, &mut ctx.diags) {
        return;
    }
    let vpc = subnet_vpc(ctx, decl);
    let (existing, cidr_word, az_word) = match &decl.source {
        SubnetSource::Created { cidr, az } => (None, Some(cidr), Some(az)),
        SubnetSource::Existing {
            id,
            route_table,
            cidr,
            az,
        } => {
            for (word, prefix) in [(id, "subnet"), (route_table, "rtb")] {
                if let Some(diagnostic) = values::aws_id(word, prefix) {
                    ctx.report(diagnostic);
                }
            }
            let ids = ExistingSubnet {
                id: id.node.clone(),
                route_table: route_table.node.clone(),
            };
            (Some(ids), cidr.as_ref(), az.as_ref())
        }
    };
    let cidr = cidr_word.and_then(|word| values::cidr(word, "subnet").map_err(|d| ctx.report(d)).ok());
    if let (Some(block), Some(vpc_info), Some(word)) = (cidr, vpc.map(|v| ctx.model.vpc(v)), cidr_word) {
        if let Some(vpc_block) = vpc_info.cidr.filter(|v| !v.contains(&block)) {
            let diagnostic = Diagnostic::new(
                Code::E106,
                word.span,
                format!(
                    "subnet `{}` block `{block}` is not inside vpc `{}` block `{vpc_block}`",
                    decl.name.node, vpc_info.name
                ),
            )
            .with_label("outside the vpc")
            .with_related(vpc_info.span, format!("vpc `{}` declared here", vpc_info.name))
            .with_help(format!("choose a subnet block within `{vpc_block}`"));
            ctx.report(diagnostic);
        }
    }
    let Some(vpc) = vpc else {
        // Its vpc is reported as missing: the subnet stays out of the model,
        // and its uses resolve to nothing (see `Entry::Unplaced`).
        return;
    };
    let zone = az_word.and_then(|word| zone(ctx, word, vpc));
    let public = decl.visibility.as_ref().is_some_and(|v| v.node == Visibility::Public);
    let pushed = ctx.model.push_subnet(SubnetInfo {
        name: decl.name.node.clone(),
        span: decl.name.span,
        vpc,
        existing,
        cidr,
        zone,
        public,
    });
    if let Some(id) = ctx.placed(pushed) {
        ctx.names.place(&decl.name.node, Entry::Subnet(id));
    }
}

/// Checks that a zone name or id lies in the VPC's region (E105).
fn zone(ctx: &mut Ctx, word: &Word, vpc: VpcId) -> Option<ZoneRef> {
    let vpc_info = ctx.model.vpc(vpc);
    let region = ctx.known_region(&vpc_info.region)?;
    let found = ctx.catalog.zone_region(&word.node);
    if let Some((_, form)) = found.filter(|(r, _)| r.name == region.name) {
        return Some(ZoneRef {
            value: word.node.clone(),
            form: form.into(),
        });
    }
    let message = match found {
        Some((other, _)) => format!(
            "zone `{}` is in region `{}`, not in vpc `{}`'s region `{}`",
            word.node, other.name, vpc_info.name, region.name
        ),
        None => format!("zone `{}` does not exist in any known region", word.node),
    };
    let help = format!(
        "zones of `{}`: {} (or the ids {})",
        region.name,
        region.zone_names.join(", "),
        region.zone_ids.join(", ")
    );
    let related = (
        vpc_info.span,
        format!("vpc `{}` is in `{}`", vpc_info.name, region.name),
    );
    ctx.report(
        Diagnostic::new(Code::E105, word.span, message)
            .with_label("zone outside the vpc's region")
            .with_related(related.0, related.1)
            .with_help(help),
    );
    None
}

/// Reports subnets of one VPC whose blocks overlap (E107), once per subnet,
/// pointing at the first earlier subnet it overlaps (found by [`first_earlier_overlaps`]).
fn overlaps(ctx: &mut Ctx) {
    let mut found = Vec::new();
    for (later, earlier) in first_earlier_overlaps(&ctx.model) {
        let (later, earlier) = (ctx.model.subnet(later), ctx.model.subnet(earlier));
        let later_block = later.cidr.map(|b| b.to_string()).unwrap_or_default();
        let earlier_block = earlier.cidr.map(|b| b.to_string()).unwrap_or_default();
        found.push(
            Diagnostic::new(
                Code::E107,
                later.span,
                format!(
                    "subnet `{}` (`{later_block}`) overlaps subnet `{}` (`{earlier_block}`)",
                    later.name, earlier.name
                ),
            )
            .with_label("overlapping block")
            .with_related(earlier.span, format!("subnet `{}` declared here", earlier.name))
            .with_help("give every subnet of a vpc its own, disjoint block"),
        );
    }
    ctx.diags.extend(found);
}
