//! Rules about who deploys and who accepts: W211 (a load balancer in another
//! account than the rest of the file) and W212 (an endpoint service that
//! requires acceptance, reached from the same file).
//!
//! One file compiles to one template per region, and a template deploys into
//! one account. The account-bound ARNs of a file are those of its own
//! resources: the `allow admin` principals (exempt from its resource
//! policies) and the load balancers behind its endpoint services. The
//! principals an endpoint service `allow`s are its consumers, which are other
//! accounts by design, and do not count.

use super::model::{ServiceId, TargetInfo};
use super::values::split_arn;
use super::Ctx;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{Program, Span, StatementKind, Word};

/// Runs W211 and W212.
pub fn check(ctx: &mut Ctx, program: &Program) {
    nlb_accounts(ctx, program);
    pending_acceptance(ctx, program);
}

/// The 12-digit account of an ARN, if it names one.
fn account_of(arn: &str) -> Option<&str> {
    split_arn(arn)
        .map(|parts| parts.account)
        .filter(|account| account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
}

/// W211: the file's account is the one of its first `allow admin` ARN, or
/// else of its first load balancer; every load balancer in another account
/// is reported.
fn nlb_accounts(ctx: &mut Ctx, program: &Program) {
    let mut admins: Vec<&Word> = Vec::new();
    let mut nlbs: Vec<&Word> = Vec::new();
    for statement in &program.statements {
        match &statement.kind {
            StatementKind::AllowAdmin(decl) => admins.extend(&decl.principals),
            StatementKind::Service(decl) => nlbs.extend(&decl.nlbs),
            _ => {}
        }
    }
    let reference = admins
        .iter()
        .chain(nlbs.iter())
        .find_map(|word| account_of(&word.node).map(|account| (account, *word)));
    let Some((account, reference)) = reference else {
        return;
    };
    let what = if admins.iter().any(|w| std::ptr::eq(*w, reference)) {
        "`allow admin` principal"
    } else {
        "load balancer"
    };
    for nlb in nlbs {
        let Some(other) = account_of(&nlb.node).filter(|other| *other != account) else {
            continue;
        };
        ctx.report(
            Diagnostic::new(
                Code::W211,
                nlb.span,
                format!(
                    "load balancer `{}` is in account `{other}`, but this file deploys in account `{account}`",
                    nlb.node
                ),
            )
            .with_label(format!("account `{other}`"))
            .with_related(reference.span, format!("{what} in account `{account}`"))
            .with_help(format!(
                "a template deploys in one account, and an endpoint service can only front load balancers of that \
                 account: declare this service in a file of account `{other}`, or correct the ARN"
            )),
        );
    }
}

/// W212: `acceptance required` on a service that an intent of this file reaches.
fn pending_acceptance(ctx: &mut Ctx, program: &Program) {
    let mut found = Vec::new();
    for statement in &program.statements {
        let StatementKind::Service(decl) = &statement.kind else {
            continue;
        };
        let Some(acceptance) = decl.acceptance_required else {
            continue;
        };
        let Some(id) = ctx.names.id::<ServiceId>(&decl.name.node) else {
            continue;
        };
        if let Some((subnet, target)) = first_consumer(ctx, id) {
            found.push(pending(&decl.name.node, acceptance, &subnet, target));
        }
    }
    ctx.diags.extend(found);
}

/// The first subnet and target span of an intent that reaches declared service `id`.
fn first_consumer(ctx: &Ctx, id: ServiceId) -> Option<(String, Span)> {
    ctx.model.intents().iter().find_map(|intent| {
        let target = intent
            .targets
            .iter()
            .find(|t| t.target == TargetInfo::DeclaredService(id))?;
        let subnet = ctx.model.subnet(*intent.subnets.first()?);
        Some((subnet.name.clone(), target.span))
    })
}

fn pending(service: &str, acceptance: Span, subnet: &str, target: Span) -> Diagnostic {
    Diagnostic::new(
        Code::W212,
        acceptance,
        format!("endpoint service `{service}` requires acceptance, and subnet `{subnet}` of this file connects to it"),
    )
    .with_label("connections wait here until the provider accepts them")
    .with_related(
        target,
        "this endpoint stays `pendingAcceptance`: nothing reaches the service until it is accepted",
    )
    .with_help(format!(
        "drop `acceptance required` when the consumers are your own, or accept the connection after the deploy \
         (`aws ec2 accept-vpc-endpoint-connections` with the id of `{service}` and of the endpoint)"
    ))
}
