//! The rules about how each subnet of an intent reaches each target: E101,
//! E102, E110 and E117 (transport against target), E112 (NAT needs a public
//! subnet), E119 and W207 (what an interface endpoint needs to know about an
//! existing subnet).

use super::model::{IntentInfo, SubnetId, TargetInfo, TargetUse, VpcId};
use super::{reach, Ctx};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{Intent, Via, Word};

/// Checks how one subnet reaches one target.
pub fn pair(ctx: &mut Ctx, intent: &Intent, subnet: SubnetId, target: &TargetUse) {
    let via = intent.via.node;
    let vpc = ctx.model.vpc(ctx.model.subnet(subnet).vpc);
    let (vpc_name, vpc_region) = (vpc.name.clone(), vpc.region.clone());
    let written = &target.written;
    let mismatch = |message: String, help: &str| {
        Diagnostic::new(Code::E117, target.span, message)
            .with_label(format!("cannot be reached via {}", via.keyword()))
            .with_related(intent.via.span, format!("`via {}` here", via.keyword()))
            .with_help(help.to_string())
    };
    match (&target.target, via) {
        (TargetInfo::Internet, Via::Gateway | Via::Interface) => {
            let d = mismatch(
                format!("`internet` cannot be reached through a {} endpoint", via.keyword()),
                "write `via nat`: the internet is reached through a NAT gateway",
            );
            ctx.report(d);
        }
        (TargetInfo::Internet, Via::Nat) => {}
        (TargetInfo::DeclaredService(_) | TargetInfo::ExternalService { .. }, Via::Nat) => {
            let d = mismatch(
                format!("endpoint service `{written}` cannot be reached through nat"),
                "write `via interface`: endpoint services are reached through PrivateLink",
            );
            ctx.report(d);
        }
        (TargetInfo::DeclaredService(_) | TargetInfo::ExternalService { .. }, Via::Gateway) => {
            ctx.report(
                Diagnostic::new(Code::E101, target.span, format!("`{written}` has no gateway endpoint"))
                    .with_label("endpoint services are interface endpoints")
                    .with_related(intent.via.span, "`via gateway` here")
                    .with_help("write `via interface`; only `s3` and `dynamodb` have gateway endpoints"),
            );
        }
        (TargetInfo::DeclaredService(s), Via::Interface) => {
            let region = ctx.model.service(*s).region.clone();
            cross_partition(ctx, target, &vpc_name, &vpc_region, &region);
        }
        (TargetInfo::ExternalService { region, .. }, Via::Interface) => {
            let region = region.clone();
            cross_partition(ctx, target, &vpc_name, &vpc_region, &region);
        }
        (_, Via::Nat) => {}
        (_, Via::Gateway) => gateway(ctx, intent, target, &vpc_name, &vpc_region),
        (_, Via::Interface) => interface(ctx, target, &vpc_name, &vpc_region),
    }
}

/// The declaration span of a bucket or table target, for related labels.
fn resource_decl(ctx: &Ctx, target: &TargetInfo) -> Option<(crate::syntax::ast::Span, String)> {
    match target {
        TargetInfo::Bucket(b) => {
            let b = ctx.model.bucket(*b);
            Some((b.span, format!("bucket `{}` is in `{}`", b.name, b.region)))
        }
        TargetInfo::Table(t) => {
            let t = ctx.model.table(*t);
            Some((t.span, format!("table `{}` is in `{}`", t.name, t.region)))
        }
        _ => None,
    }
}

fn gateway(ctx: &mut Ctx, intent: &Intent, target: &TargetUse, vpc_name: &str, vpc_region: &str) {
    let Some((service, region)) = reach::service_of(&ctx.model, &target.target) else {
        return;
    };
    let Some(catalog_service) = ctx.catalog.service(&service) else {
        return;
    };
    if !catalog_service.gateway {
        ctx.report(
            Diagnostic::new(Code::E101, target.span, format!("`{service}` has no gateway endpoint"))
                .with_label("interface endpoints only")
                .with_related(intent.via.span, "`via gateway` here")
                .with_help("write `via interface`; only `s3` and `dynamodb` have gateway endpoints"),
        );
        return;
    }
    if region == vpc_region || ctx.known_region(&region).is_none() || ctx.known_region(vpc_region).is_none() {
        return;
    }
    let mut diagnostic = Diagnostic::new(
        Code::E102,
        target.span,
        format!(
            "`{}` is in `{region}`, but a gateway endpoint of vpc `{vpc_name}` only reaches `{vpc_region}`",
            target.written
        ),
    )
    .with_label("in another region")
    .with_related(intent.via.span, "gateway endpoints are regional");
    if let Some((span, message)) = resource_decl(ctx, &target.target) {
        diagnostic = diagnostic.with_related(span, message);
    }
    ctx.report(diagnostic.with_help(gateway_region_help(
        ctx,
        &service,
        &region,
        catalog_service.cross_region,
    )));
}

/// The help of E102: the ways this program has to reach `service` in `region`.
/// It names vpcs of the file in that region; it never suggests an endpoint in
/// a region where the file has no vpc.
fn gateway_region_help(ctx: &Ctx, service: &str, region: &str, cross_region: bool) -> String {
    let there: Vec<String> = ctx
        .model
        .vpcs()
        .iter()
        .filter(|v| v.region == region)
        .map(|v| format!("`{}`", v.name))
        .collect();
    let local = match there.as_slice() {
        [] => None,
        [one] => Some(format!("reach it from a subnet of vpc {one}, which is in `{region}`")),
        many => Some(format!(
            "reach it from a subnet of one of the vpcs in `{region}` ({})",
            many.join(", ")
        )),
    };
    match (cross_region, local) {
        (true, Some(local)) => {
            format!("use `via interface` (`{service}` supports cross-region PrivateLink), or {local}")
        }
        (true, None) => format!("use `via interface`: `{service}` supports cross-region PrivateLink"),
        (false, Some(local)) => format!("{local}, or reach it `via nat`"),
        (false, None) => format!(
            "reach it `via nat`: `{service}` has no cross-region PrivateLink, and no vpc of this file is in `{region}`"
        ),
    }
}

fn interface(ctx: &mut Ctx, target: &TargetUse, vpc_name: &str, vpc_region: &str) {
    let Some((service, region)) = reach::service_of(&ctx.model, &target.target) else {
        return;
    };
    let Some(catalog_service) = ctx.catalog.service(&service) else {
        return;
    };
    if !catalog_service.interface {
        ctx.report(
            Diagnostic::new(
                Code::E117,
                target.span,
                format!("`{service}` has no interface endpoint"),
            )
            .with_label("gateway endpoint only")
            .with_help("write `via gateway`"),
        );
        return;
    }
    let (Some(home), Some(other)) = (ctx.known_region(vpc_region), ctx.known_region(&region)) else {
        return;
    };
    if home.name == other.name || (home.partition == other.partition && catalog_service.cross_region) {
        return;
    }
    let why = if home.partition != other.partition {
        format!(
            "`{region}` is in partition `{}`, vpc `{vpc_name}` in `{}`",
            other.partition.arn_segment(),
            home.partition.arn_segment()
        )
    } else {
        format!("`{service}` has no cross-region PrivateLink support")
    };
    let mut diagnostic = Diagnostic::new(
        Code::E110,
        target.span,
        format!(
            "`{}` in `{region}` cannot be reached through an interface endpoint of vpc `{vpc_name}` in `{vpc_region}`",
            target.written
        ),
    )
    .with_label(why);
    if let Some((span, message)) = resource_decl(ctx, &target.target) {
        diagnostic = diagnostic.with_related(span, message);
    }
    ctx.report(diagnostic.with_help(format!("reach it from a vpc in `{region}`, or `via nat`")));
}

fn cross_partition(ctx: &mut Ctx, target: &TargetUse, vpc_name: &str, vpc_region: &str, region: &str) {
    let (Some(home), Some(other)) = (ctx.known_region(vpc_region), ctx.known_region(region)) else {
        return;
    };
    if home.partition == other.partition {
        return;
    }
    ctx.report(
        Diagnostic::new(
            Code::E110,
            target.span,
            format!(
                "`{}` in `{region}` cannot be reached from vpc `{vpc_name}` in `{vpc_region}`",
                target.written
            ),
        )
        .with_label(format!(
            "partition `{}`, not `{}`",
            other.partition.arn_segment(),
            home.partition.arn_segment()
        ))
        .with_help("PrivateLink never crosses partitions: consume the service from a vpc in its partition"),
    );
}

/// E119 and W207: what an interface endpoint needs to know about an existing subnet.
pub fn subnet_facts(ctx: &mut Ctx, intent: &Intent, info: &IntentInfo, subnet: SubnetId, word: &Word) {
    if info.via != Via::Interface || info.targets.iter().all(|t| t.target == TargetInfo::Internet) {
        return;
    }
    let subnet_info = ctx.model.subnet(subnet).clone();
    if subnet_info.existing.is_none() {
        return;
    }
    let vpc = ctx.model.vpc(subnet_info.vpc);
    if subnet_info.cidr.is_none() && vpc.cidr.is_none() {
        let d = Diagnostic::new(
            Code::E119,
            word.span,
            format!(
                "existing subnet `{}` has no `cidr`, and neither has its vpc",
                subnet_info.name
            ),
        )
        .with_label("the endpoint's security group needs this subnet's block")
        .with_related(subnet_info.span, "declared here without `cidr`");
        let d = if info.private_dns {
            d.with_help(
                "add `cidr BLOCK` to its vpc: with private DNS on, the endpoint serves every subnet of the vpc \
                 and its security group admits the vpc's block",
            )
        } else {
            d.with_help("add `cidr BLOCK` to the subnet (or to its vpc) declaration")
        };
        ctx.report(d);
    }
    if subnet_info.zone.is_none() {
        let d = Diagnostic::new(
            Code::W207,
            word.span,
            format!(
                "existing subnet `{}` has no `az`, so its interface endpoint zone is unknown",
                subnet_info.name
            ),
        )
        .with_label("placed in an interface endpoint")
        .with_related(subnet_info.span, "declared here without `az`")
        .with_related(intent.via.span, "interface endpoint")
        .with_help("add `az ZONE` to the subnet declaration, so that at most one subnet per zone is placed");
        ctx.report(d);
    }
}

/// E112: a NAT gateway needs a public subnet in the VPC.
pub fn nat_needs_public_subnet(ctx: &mut Ctx, intent: &Intent, info: &IntentInfo) {
    if info.via != Via::Nat {
        return;
    }
    let mut vpcs: Vec<VpcId> = info.subnets.iter().map(|s| ctx.model.subnet(*s).vpc).collect();
    vpcs.sort_unstable();
    vpcs.dedup();
    for vpc in vpcs {
        if ctx.has_public_subnet(vpc) {
            continue;
        }
        let vpc_info = ctx.model.vpc(vpc);
        let d = Diagnostic::new(
            Code::E112,
            intent.via.span,
            format!("vpc `{}` has no public subnet to hold the nat gateway", vpc_info.name),
        )
        .with_label("needs a nat gateway")
        .with_related(vpc_info.span, format!("vpc `{}` declared here", vpc_info.name))
        .with_help(format!(
            "declare a `public` subnet in `{}`, e.g. `subnet edge in {} cidr BLOCK az ZONE public;`",
            vpc_info.name, vpc_info.name
        ));
        ctx.report(d);
    }
}
