//! Reachability intents: resolving subnets and targets (E002, E004, E104,
//! E103), and the rules about one intent: E101, E102, E110, E111, E112, E117,
//! E119 and W207.

use super::model::{IntentInfo, TargetInfo, TargetUse};
use super::names::Kind;
use super::network::NO_VPC;
use super::{reach, values, Ctx};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{
    Access, Intent, Node, Program, ResourceKind, StatementKind, Target, Via, Word,
};

/// A target resolved to what it names, before its region is known.
enum Named {
    Service(String),
    Bucket(usize),
    Table(usize),
    Declared(usize),
    External { name: String, region: String },
    Internet,
}

/// Resolves every intent, checks it, and adds it to the model.
pub fn resolve(ctx: &mut Ctx, program: &Program) {
    for statement in &program.statements {
        if let StatementKind::Intent(intent) = &statement.kind {
            one(ctx, intent, statement.span);
        }
    }
}

fn name_target(ctx: &mut Ctx, target: &Node<Target>) -> Option<(Named, String)> {
    match &target.node {
        Target::Service(name) => {
            if ctx.catalog.service(name).is_some() {
                return Some((Named::Service(name.clone()), name.clone()));
            }
            let mut diagnostic =
                Diagnostic::new(Code::E104, target.span, format!("unknown service `{name}`"))
                    .with_label("no VPC endpoint service of this name");
            diagnostic = match ctx.catalog.suggest_service(name) {
                Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
                None => diagnostic.with_help("write the short name AWS uses in `com.amazonaws.REGION.SERVICE`, such as `sqs`"),
            };
            ctx.report(diagnostic);
            None
        }
        Target::Resource(reference) => {
            let written = format!("{} {}", reference.kind.keyword(), reference.name.node);
            let named = match reference.kind {
                ResourceKind::Bucket => Named::Bucket(ctx.names.resolve(
                    Kind::Bucket,
                    &reference.name,
                    &mut ctx.diags,
                )?),
                ResourceKind::Table => Named::Table(ctx.names.resolve(
                    Kind::Table,
                    &reference.name,
                    &mut ctx.diags,
                )?),
            };
            Some((named, written))
        }
        Target::EndpointService(word) => {
            let written = format!("service {}", word.node);
            if let Some(decl) = ctx.names.get(Kind::Service, &word.node) {
                return Some((Named::Declared(decl.index), written));
            }
            if let Some(region) = values::endpoint_service_region(&word.node) {
                let region_word = Node::new(region.to_string(), word.span);
                let region = ctx.region_word(&region_word);
                return Some((
                    Named::External {
                        name: word.node.clone(),
                        region,
                    },
                    written,
                ));
            }
            if word.node.starts_with("com.amazonaws.vpce.") {
                ctx.report(
                    Diagnostic::new(Code::E116, word.span, format!("`{}` is not a valid endpoint service name", word.node))
                        .with_label("malformed service name")
                        .with_help("write it as `com.amazonaws.vpce.REGION.vpce-svc-` followed by 17 hex digits"),
                );
            } else {
                ctx.report(ctx.names.unresolved(Kind::Service, word));
            }
            None
        }
        Target::Internet => Some((Named::Internet, "internet".to_string())),
    }
}

fn target_info(named: &Named, region: &str) -> TargetInfo {
    match named {
        Named::Service(service) => TargetInfo::Service {
            service: service.clone(),
            region: region.to_string(),
        },
        Named::Bucket(b) => TargetInfo::Bucket(*b),
        Named::Table(t) => TargetInfo::Table(*t),
        Named::Declared(s) => TargetInfo::DeclaredService(*s),
        Named::External { name, region } => TargetInfo::ExternalService {
            service_name: name.clone(),
            region: region.clone(),
        },
        Named::Internet => TargetInfo::Internet,
    }
}

/// One intent statement. Its subnets are grouped by their VPC's region, so
/// that a service target without a REGION means the service in each subnet's
/// own region; each group becomes one [`IntentInfo`] (almost always one).
fn one(ctx: &mut Ctx, intent: &Intent, span: crate::syntax::ast::Span) {
    let mut subnets: Vec<(usize, &Word)> = Vec::new();
    for word in &intent.subnets {
        if let Some(index) = ctx.names.resolve(Kind::Subnet, word, &mut ctx.diags) {
            if !subnets.iter().any(|(i, _)| *i == index) {
                subnets.push((index, word));
            }
        }
    }
    let explicit_region = intent.region.as_ref().map(|word| ctx.region_word(word));
    let named: Vec<(Named, String, crate::syntax::ast::Span)> = intent
        .targets
        .iter()
        .filter_map(|t| name_target(ctx, t).map(|(named, written)| (named, written, t.span)))
        .collect();
    check_allow(ctx, intent, &named);
    check_private_dns(ctx, intent);

    let mut groups: Vec<(String, Vec<(usize, &Word)>)> = Vec::new();
    for (index, word) in subnets {
        let Some(vpc) = ctx
            .model
            .subnets
            .get(index)
            .map(|s| s.vpc)
            .filter(|v| *v != NO_VPC)
        else {
            continue;
        };
        let region = ctx
            .model
            .vpcs
            .get(vpc)
            .map(|v| v.region.clone())
            .unwrap_or_default();
        match groups.iter_mut().find(|(r, _)| *r == region) {
            Some((_, members)) => members.push((index, word)),
            None => groups.push((region, vec![(index, word)])),
        }
    }
    for (vpc_region, members) in groups {
        let region = explicit_region.clone().unwrap_or(vpc_region);
        let targets: Vec<TargetUse> = named
            .iter()
            .map(|(n, written, span)| TargetUse {
                target: target_info(n, &region),
                written: written.clone(),
                span: *span,
            })
            .collect();
        let info = IntentInfo {
            span,
            subnets: members.iter().map(|(i, _)| *i).collect(),
            private_dns: intent.private_dns_off.is_none()
                && targets.iter().any(|t| {
                    !matches!(
                        t.target,
                        TargetInfo::DeclaredService(_) | TargetInfo::ExternalService { .. }
                    )
                }),
            targets,
            via: intent.via.node,
            private_dns_span: intent.private_dns_off,
            access: intent
                .allow
                .as_ref()
                .map(|list| list.node.iter().map(|a| a.node.clone()).collect()),
        };
        for (subnet, word) in &members {
            for target in &info.targets {
                pair(ctx, intent, *subnet, target);
            }
            subnet_facts(ctx, intent, &info, *subnet, word);
        }
        nat_needs_public_subnet(ctx, intent, &info);
        ctx.model.intents.push(info);
    }
}

/// E111: `allow` needs a bucket or table target, and its actions must belong
/// to the services of those targets.
fn check_allow(
    ctx: &mut Ctx,
    intent: &Intent,
    named: &[(Named, String, crate::syntax::ast::Span)],
) {
    let Some(allow) = &intent.allow else { return };
    let has_bucket = named.iter().any(|(n, _, _)| matches!(n, Named::Bucket(_)));
    let has_table = named.iter().any(|(n, _, _)| matches!(n, Named::Table(_)));
    let resolved_all = named.len() == intent.targets.len();
    if !has_bucket && !has_table {
        if resolved_all {
            ctx.report(
                Diagnostic::new(Code::E111, allow.span, "`allow` on an intent with no bucket or table target")
                    .with_label("nothing to scope this to")
                    .with_help("name the resource (`reaches bucket NAME via gateway allow read`), or remove `allow`: a bare service target leaves the endpoint policy unrestricted"),
            );
        }
        return;
    }
    let services: Vec<&str> = [(has_bucket, "s3"), (has_table, "dynamodb")]
        .iter()
        .filter(|(has, _)| *has)
        .map(|(_, s)| *s)
        .collect();
    for access in &allow.node {
        let Access::Action(action) = &access.node else {
            continue;
        };
        let prefix = action.split_once(':').map(|(p, _)| p);
        if prefix.is_some_and(|p| services.contains(&p)) {
            continue;
        }
        let wanted: Vec<String> = services.iter().map(|s| format!("`{s}:`")).collect();
        ctx.report(
            Diagnostic::new(
                Code::E111,
                access.span,
                format!(
                    "`{action}` is not an action of {}, the service of this intent's targets",
                    services.join(" or ")
                ),
            )
            .with_label("wrong service")
            .with_help(format!(
                "use {} actions, or `read`, `write`, `list`, `all`",
                wanted.join(" or ")
            )),
        );
    }
}

/// E117: `private-dns off` only means something for interface endpoints.
fn check_private_dns(ctx: &mut Ctx, intent: &Intent) {
    let (Some(span), Via::Gateway | Via::Nat) = (intent.private_dns_off, intent.via.node) else {
        return;
    };
    ctx.report(
        Diagnostic::new(
            Code::E117,
            span,
            format!("`private-dns off` with `via {}`", intent.via.node.keyword()),
        )
        .with_label("only interface endpoints have private DNS")
        .with_related(intent.via.span, "not an interface endpoint")
        .with_help("remove `private-dns off`, or reach the target `via interface`"),
    );
}

fn pair(ctx: &mut Ctx, intent: &Intent, subnet: usize, target: &TargetUse) {
    let via = intent.via.node;
    let Some(vpc) = ctx
        .model
        .subnets
        .get(subnet)
        .and_then(|s| ctx.model.vpcs.get(s.vpc))
    else {
        return;
    };
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
                format!(
                    "`internet` cannot be reached through a {} endpoint",
                    via.keyword()
                ),
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
                Diagnostic::new(
                    Code::E101,
                    target.span,
                    format!("`{written}` has no gateway endpoint"),
                )
                .with_label("endpoint services are interface endpoints")
                .with_related(intent.via.span, "`via gateway` here")
                .with_help(
                    "write `via interface`; only `s3` and `dynamodb` have gateway endpoints",
                ),
            );
        }
        (TargetInfo::DeclaredService(s), Via::Interface) => {
            let region = ctx
                .model
                .services
                .get(*s)
                .map(|s| s.region.clone())
                .unwrap_or_default();
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
        TargetInfo::Bucket(b) => ctx
            .model
            .buckets
            .get(*b)
            .map(|b| (b.span, format!("bucket `{}` is in `{}`", b.name, b.region))),
        TargetInfo::Table(t) => ctx
            .model
            .tables
            .get(*t)
            .map(|t| (t.span, format!("table `{}` is in `{}`", t.name, t.region))),
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
            Diagnostic::new(
                Code::E101,
                target.span,
                format!("`{service}` has no gateway endpoint"),
            )
            .with_label("interface endpoints only")
            .with_related(intent.via.span, "`via gateway` here")
            .with_help("write `via interface`; only `s3` and `dynamodb` have gateway endpoints"),
        );
        return;
    }
    if region == vpc_region
        || ctx.known_region(&region).is_none()
        || ctx.known_region(vpc_region).is_none()
    {
        return;
    }
    let mut diagnostic = Diagnostic::new(
        Code::E102,
        target.span,
        format!("`{}` is in `{region}`, but a gateway endpoint of vpc `{vpc_name}` only reaches `{vpc_region}`", target.written),
    )
    .with_label("in another region")
    .with_related(intent.via.span, "gateway endpoints are regional");
    if let Some((span, message)) = resource_decl(ctx, &target.target) {
        diagnostic = diagnostic.with_related(span, message);
    }
    let help = if catalog_service.cross_region {
        format!("use `via interface` (`{service}` supports cross-region PrivateLink) or create the endpoint in `{region}`")
    } else {
        format!("create the subnet and its endpoint in a vpc in `{region}`, or reach it `via nat`")
    };
    ctx.report(diagnostic.with_help(help));
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
    let (Some(home), Some(other)) = (ctx.known_region(vpc_region), ctx.known_region(&region))
    else {
        return;
    };
    if home.name == other.name
        || (home.partition == other.partition && catalog_service.cross_region)
    {
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
        format!("`{}` in `{region}` cannot be reached through an interface endpoint of vpc `{vpc_name}` in `{vpc_region}`", target.written),
    )
    .with_label(why);
    if let Some((span, message)) = resource_decl(ctx, &target.target) {
        diagnostic = diagnostic.with_related(span, message);
    }
    ctx.report(diagnostic.with_help(format!("reach it from a vpc in `{region}`, or `via nat`")));
}

fn cross_partition(
    ctx: &mut Ctx,
    target: &TargetUse,
    vpc_name: &str,
    vpc_region: &str,
    region: &str,
) {
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
        .with_help(
            "PrivateLink never crosses partitions: consume the service from a vpc in its partition",
        ),
    );
}

/// E119 and W207: what an interface endpoint needs to know about an existing subnet.
fn subnet_facts(ctx: &mut Ctx, intent: &Intent, info: &IntentInfo, subnet: usize, word: &Word) {
    if info.via != Via::Interface
        || info
            .targets
            .iter()
            .all(|t| t.target == TargetInfo::Internet)
    {
        return;
    }
    let Some(subnet_info) = ctx.model.subnets.get(subnet).cloned() else {
        return;
    };
    if subnet_info.existing.is_none() {
        return;
    }
    let vpc = ctx.model.vpcs.get(subnet_info.vpc);
    if subnet_info.cidr.is_none() && vpc.is_some_and(|v| v.cidr.is_none()) {
        let d = Diagnostic::new(
            Code::E119,
            word.span,
            format!(
                "existing subnet `{}` has no `cidr`, and neither has its vpc",
                subnet_info.name
            ),
        )
        .with_label("the endpoint's security group needs this subnet's block")
        .with_related(subnet_info.span, "declared here without `cidr`")
        .with_help("add `cidr BLOCK` to the subnet (or to its vpc) declaration");
        ctx.report(d);
    }
    if subnet_info.zone.is_none() {
        let d = Diagnostic::new(
            Code::W207,
            word.span,
            format!("existing subnet `{}` has no `az`, so its interface endpoint zone is unknown", subnet_info.name),
        )
        .with_label("placed in an interface endpoint")
        .with_related(subnet_info.span, "declared here without `az`")
        .with_related(intent.via.span, "interface endpoint")
        .with_help("add `az ZONE` to the subnet declaration, so that at most one subnet per zone is placed");
        ctx.report(d);
    }
}

/// E112: a NAT gateway needs a public subnet in the VPC.
fn nat_needs_public_subnet(ctx: &mut Ctx, intent: &Intent, info: &IntentInfo) {
    if info.via != Via::Nat {
        return;
    }
    let mut vpcs: Vec<usize> = info
        .subnets
        .iter()
        .filter_map(|s| ctx.model.subnets.get(*s))
        .map(|s| s.vpc)
        .collect();
    vpcs.sort_unstable();
    vpcs.dedup();
    for vpc in vpcs {
        let Some(vpc_info) = ctx.model.vpcs.get(vpc) else {
            continue;
        };
        if ctx.model.subnets.iter().any(|s| s.vpc == vpc && s.public) {
            continue;
        }
        let d = Diagnostic::new(Code::E112, intent.via.span, format!("vpc `{}` has no public subnet to hold the nat gateway", vpc_info.name))
            .with_label("needs a nat gateway")
            .with_related(vpc_info.span, format!("vpc `{}` declared here", vpc_info.name))
            .with_help(format!("declare a `public` subnet in `{}`, e.g. `subnet edge in {} cidr BLOCK az ZONE public;`", vpc_info.name, vpc_info.name));
        ctx.report(d);
    }
}
