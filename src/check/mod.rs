//! Phase 2: name resolution and the rules. Produces the [`model::Model`] the
//! plan reads, and every diagnostic of the file.
//!
//! The checker runs in passes over the whole program, so that names may be
//! used before they are declared and every error of a file is reported at
//! once: the `region` statement, then VPCs, subnets, buckets, tables and
//! endpoint services ([`network`], [`resources`]), then intents ([`intents`]),
//! the rules that look at several intents together ([`endpoints`]), `deny
//! public` and `allow admin` ([`policy`]), `allow aws-buckets`
//! ([`aws_buckets`]), roles ([`roles`]), and the accounts of load balancers
//! and endpoint acceptance ([`accounts`]). A model is
//! built as it goes; it is returned only when no error was found.

mod accounts;
mod aws_buckets;
mod endpoints;
mod gateways;
mod intents;
pub mod model;
mod names;
mod network;
mod overlaps;
mod policy;
pub(crate) mod reach;
mod resources;
mod roles;
mod routes;
pub mod suppress;
mod transport;
mod values;

use crate::aws::{Catalog, Partition, Region};
use crate::diagnostics::{self, Applicability, Diagnostic};
use crate::internal::InternalError;
use crate::rules::Code;
use crate::syntax::ast::{Program, Span, Word};

use names::{Kind, Names};

/// The state shared by the passes.
struct Ctx<'a> {
    catalog: &'a Catalog,
    diags: Vec<Diagnostic>,
    model: model::Model,
    names: Names,
    /// Where the `region` statement's region is written, if any.
    home_region_span: Option<Span>,
    /// The VPCs with a public subnet, gathered on first use (after every
    /// subnet is declared) so that each NAT intent does not scan all subnets.
    public_vpcs: Option<std::collections::HashSet<model::VpcId>>,
}

impl<'a> Ctx<'a> {
    fn new(catalog: &'a Catalog) -> Self {
        Ctx {
            catalog,
            diags: Vec::new(),
            model: model::Model::default(),
            names: Names::default(),
            home_region_span: None,
            public_vpcs: None,
        }
    }

    /// Whether `vpc` has a public subnet.
    fn has_public_subnet(&mut self, vpc: model::VpcId) -> bool {
        let subnets = self.model.subnets();
        self.public_vpcs
            .get_or_insert_with(|| subnets.iter().filter(|s| s.public).map(|s| s.vpc).collect())
            .contains(&vpc)
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// The id of an entry just pushed into the model, or `None` with the
    /// internal error reported (E123).
    fn placed<I>(&mut self, pushed: Result<I, InternalError>) -> Option<I> {
        pushed.map_err(|error| self.report(error.into_diagnostic())).ok()
    }

    /// The catalog region of a region code, if it is known.
    fn known_region(&self, region: &str) -> Option<&'a Region> {
        self.catalog.region(region)
    }

    /// The partition of a region (the commercial one when the region is unknown,
    /// which has then been reported).
    fn partition(&self, region: &str) -> Partition {
        self.known_region(region).map_or(Partition::Aws, |r| r.partition)
    }

    /// Checks a written region (E103, with a suggestion) and returns it.
    fn region_word(&mut self, word: &Word) -> String {
        if self.known_region(&word.node).is_none() {
            let mut diagnostic = Diagnostic::new(Code::E103, word.span, format!("unknown region `{}`", word.node))
                .with_label("not an AWS region");
            diagnostic = match self.catalog.suggest_region(&word.node) {
                Some(close) => diagnostic.did_you_mean(close, Applicability::MaybeIncorrect),
                None => diagnostic.with_help("write a region code as AWS does, such as `eu-west-1`"),
            };
            self.report(diagnostic);
        }
        word.node.clone()
    }

    /// The region of a declared resource: its own `region`, else the file's;
    /// E114 when there is neither.
    fn resource_region(&mut self, own: Option<&Word>, kind: Kind, name: &Word) -> String {
        if let Some(word) = own {
            return self.region_word(word);
        }
        if let Some(home) = &self.model.home_region {
            return home.clone();
        }
        self.report(
            Diagnostic::new(
                Code::E114,
                name.span,
                format!("{} `{}` has no region", kind.keyword(), name.node),
            )
            .with_label("no region for this")
            .with_help(format!(
                "add `region REGION;` at the top of the file, or write `region REGION` on this {}",
                kind.keyword()
            )),
        );
        String::new()
    }
}

/// Checks a parsed program. Returns the model only when there is no error;
/// the diagnostics (errors and warnings) are returned either way, in a
/// deterministic order and without duplicates.
pub fn check(program: &Program, catalog: &Catalog) -> (Option<model::Model>, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(catalog);
    for broken in &program.broken {
        ctx.names.declare_broken(&broken.keyword, &broken.name);
    }
    network::home_region(&mut ctx, program);
    network::vpcs(&mut ctx, program);
    resources::declare(&mut ctx, program);
    network::subnets(&mut ctx, program);
    intents::resolve(&mut ctx, program);
    policy::admins(&mut ctx, program);
    policy::deny_public(&mut ctx, program);
    aws_buckets::resolve(&mut ctx, program);
    roles::resolve(&mut ctx, program);
    accounts::check(&mut ctx, program);
    endpoints::check(&mut ctx);
    let mut diags = ctx.diags;
    diagnostics::sort(&mut diags);
    diags.dedup();
    if diagnostics::has_errors(&diags) {
        (None, diags)
    } else {
        (Some(ctx.model), diags)
    }
}

#[cfg(test)]
mod tests;
mod zones;
