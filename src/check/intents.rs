//! Reachability intents: resolving subnets and targets (E002, E004, E104,
//! E103), and the rules about one intent as a whole (E111, E117); the rules
//! about each subnet and target are in [`super::transport`].

use super::model::{BucketId, IntentInfo, ServiceId, SubnetId, TableId, TargetInfo, TargetUse};
use super::names::Kind;
use super::{transport, values, Ctx};
use crate::diagnostics::{Applicability, Diagnostic};
use crate::rules::Code;
use crate::syntax::ast::{Access, Intent, Node, Program, ResourceKind, StatementKind, Target, Via, Word};

/// A target resolved to what it names, before its region is known.
enum Named {
    Service(String),
    Bucket(BucketId),
    Table(TableId),
    Declared(ServiceId),
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
            let mut diagnostic = Diagnostic::new(Code::E104, target.span, format!("unknown service `{name}`"))
                .with_label("no VPC endpoint service of this name");
            diagnostic = match ctx.catalog.suggest_service(name) {
                Some(close) => diagnostic.did_you_mean(close, Applicability::MaybeIncorrect),
                None => diagnostic
                    .with_help("write the short name AWS uses in `com.amazonaws.REGION.SERVICE`, such as `sqs`"),
            };
            ctx.report(diagnostic);
            None
        }
        Target::Resource(reference) => {
            let written = format!("{} {}", reference.kind.keyword(), reference.name.node);
            let named = match reference.kind {
                ResourceKind::Bucket => Named::Bucket(ctx.names.resolve(&reference.name, &mut ctx.diags)?),
                ResourceKind::Table => Named::Table(ctx.names.resolve(&reference.name, &mut ctx.diags)?),
            };
            Some((named, written))
        }
        Target::EndpointService(word) => {
            let written = format!("service {}", word.node);
            if ctx.names.get(Kind::Service, &word.node).is_some() {
                // Declared: not in the model only when its declaration failed (reported).
                return ctx.names.id(&word.node).map(|id| (Named::Declared(id), written));
            }
            if let Some((prefix, region)) = values::endpoint_service_name(&word.node) {
                let region_word = Node::new(region.to_string(), word.span);
                let region = ctx.region_word(&region_word);
                if let Some(wanted) = ctx
                    .known_region(&region)
                    .map(|r| r.partition.endpoint_service_prefix())
                    .filter(|wanted| *wanted != prefix)
                {
                    ctx.report(wrong_service_prefix(word, &region, prefix, wanted));
                    return None;
                }
                return Some((
                    Named::External {
                        name: word.node.clone(),
                        region,
                    },
                    written,
                ));
            }
            if values::looks_like_endpoint_service_name(&word.node) {
                ctx.report(
                    Diagnostic::new(
                        Code::E116,
                        word.span,
                        format!("`{}` is not a valid endpoint service name", word.node),
                    )
                    .with_label("malformed service name")
                    .with_help("write it as `com.amazonaws.vpce.REGION.vpce-svc-` (`cn.com.amazonaws.vpce.` in China) followed by 17 hex digits"),
                );
            } else {
                if !ctx.names.is_broken(Kind::Service, &word.node) {
                    ctx.report(ctx.names.unresolved(Kind::Service, word));
                }
            }
            None
        }
        Target::Internet => Some((Named::Internet, "internet".to_string())),
    }
}

/// E116: an endpoint service name whose prefix is not the one of its region's
/// partition (`cn.com.amazonaws.vpce` in China, `com.amazonaws.vpce` elsewhere).
fn wrong_service_prefix(word: &Word, region: &str, prefix: &str, wanted: &str) -> Diagnostic {
    let fixed = word.node.replacen(prefix, wanted, 1);
    Diagnostic::new(
        Code::E116,
        word.span,
        format!("endpoint service names in `{region}` start with `{wanted}`, not `{prefix}`"),
    )
    .with_label("prefix of another partition")
    .with_help(format!("write `{fixed}`"))
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
    let mut subnets: Vec<(SubnetId, &Word)> = Vec::new();
    for word in &intent.subnets {
        if let Some(id) = ctx.names.resolve(word, &mut ctx.diags) {
            if !subnets.iter().any(|(i, _)| *i == id) {
                subnets.push((id, word));
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
    check_region(ctx, intent, &named);
    check_private_dns(ctx, intent);

    let mut groups: Vec<(String, Vec<(SubnetId, &Word)>)> = Vec::new();
    for (id, word) in subnets {
        let region = ctx.model.vpc(ctx.model.subnet(id).vpc).region.clone();
        match groups.iter_mut().find(|(r, _)| *r == region) {
            Some((_, members)) => members.push((id, word)),
            None => groups.push((region, vec![(id, word)])),
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
                transport::pair(ctx, intent, *subnet, target);
            }
            transport::subnet_facts(ctx, intent, &info, *subnet, word);
        }
        transport::nat_needs_public_subnet(ctx, intent, &info);
        let pushed = ctx.model.push_intent(info);
        ctx.placed(pushed);
    }
}

/// E117: REGION applies to bare services; it may not contradict the region
/// of a bucket, table or endpoint service target.
fn check_region(ctx: &mut Ctx, intent: &Intent, named: &[(Named, String, crate::syntax::ast::Span)]) {
    let Some(word) = &intent.region else { return };
    for (target, written, span) in named {
        let own = match target {
            Named::Bucket(b) => Some(ctx.model.bucket(*b).region.clone()),
            Named::Table(t) => Some(ctx.model.table(*t).region.clone()),
            Named::Declared(s) => Some(ctx.model.service(*s).region.clone()),
            Named::External { region, .. } => Some(region.clone()),
            Named::Service(_) | Named::Internet => None,
        };
        let Some(own) = own.filter(|own| !own.is_empty() && *own != word.node) else {
            continue;
        };
        ctx.report(
            Diagnostic::new(
                Code::E117,
                *span,
                format!("`{written}` is in `{own}`, not in `{}`", word.node),
            )
            .with_label(format!("in `{own}`"))
            .with_related(word.span, "REGION applies to bare service targets only")
            .with_help(format!(
                "remove `{}`: a bucket, table or endpoint service is always reached in its own region",
                word.node
            )),
        );
    }
}

/// E111: `allow` needs a bucket or table target, and its actions must belong
/// to the services of those targets.
fn check_allow(ctx: &mut Ctx, intent: &Intent, named: &[(Named, String, crate::syntax::ast::Span)]) {
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
                    "`{action}` is not an action of `{}`, the service of this intent's targets",
                    services.join("` or `")
                ),
            )
            .with_label("wrong service")
            .with_help(format!(
                "use {} actions, or `read`, `write`, `list`, `all`",
                wanted.join(" or ")
            )),
        );
    }
    check_every_service_gets_an_action(ctx, &allow.node, allow.span, named, &services);
}

/// E111: with only IAM actions in `allow`, each service of the targets needs
/// one of them; otherwise that service's endpoint policy would allow nothing
/// while the intent says its targets are reached.
fn check_every_service_gets_an_action(
    ctx: &mut Ctx,
    accesses: &[Node<Access>],
    span: crate::syntax::ast::Span,
    named: &[(Named, String, crate::syntax::ast::Span)],
    services: &[&str],
) {
    // One service: an action of another service is already E111 above. An
    // access word gives every service something.
    if services.len() < 2 || accesses.iter().any(|a| !matches!(a.node, Access::Action(_))) {
        return;
    }
    for service in services {
        let has_action = accesses.iter().any(
            |a| matches!(&a.node, Access::Action(action) if action.split_once(':').is_some_and(|(p, _)| p == *service)),
        );
        if has_action {
            continue;
        }
        let kind = if *service == "s3" { "bucket" } else { "table" };
        let targets: Vec<String> = named
            .iter()
            .filter(|(n, _, _)| matches!((n, *service), (Named::Bucket(_), "s3") | (Named::Table(_), "dynamodb")))
            .map(|(_, written, _)| format!("`{written}`"))
            .collect();
        ctx.report(
            Diagnostic::new(
                Code::E111,
                span,
                format!("`allow` grants no `{service}:` action, so {} would get nothing", targets.join(", ")),
            )
            .with_label(format!("no `{service}:` action here"))
            .with_help(format!(
                "add `{service}:` actions or an access word (`read`, `write`, `list`, `all`), or reach the {kind} in an intent of its own"
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
