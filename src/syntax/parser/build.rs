//! Builds the typed AST from the pest pairs of one parsed statement.

use pest::iterators::Pair;

use super::grammar::Rule;
use crate::syntax::ast::{
    Access, AllowAdmin, AllowAwsBuckets, BucketDecl, DenyPublic, Intent, Node, ReachVerb, RegionDecl, ResourceKind,
    ResourceRef, RoleDecl, ServiceDecl, Span, Statement, StatementKind, SubnetDecl, SubnetSource, TableDecl,
    TableSource, Target, Via, Visibility, VpcDecl, VpcSource, Word,
};

/// The pairs did not have the shape the grammar promises (a parser bug).
#[derive(Debug)]
pub(crate) struct Malformed;

type Built<T> = Result<T, Malformed>;

/// Translates positions in the parsed slice into byte offsets of the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Offset {
    /// Where the parsed slice starts in the file.
    pub base: usize,
    /// The length of the parsed slice (spans never reach past it).
    pub real_len: usize,
}

impl Offset {
    /// The span of a pair without trailing whitespace or comments.
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let span = pair.as_span();
        let end = pair
            .clone()
            .into_inner()
            .flatten()
            .last()
            .map_or(span.end(), |last| last.as_span().end());
        self.file_span(span.start(), end)
    }

    fn file_span(&self, start: usize, end: usize) -> Span {
        let end = end.min(self.real_len);
        Span::new(self.base + start.min(end), self.base + end)
    }

    fn word(&self, pair: &Pair<Rule>) -> Word {
        Node::new(pair.as_str().to_string(), self.span(pair))
    }
}

/// The direct children of `pair` with rule `rule`.
fn children<'a>(pair: &Pair<'a, Rule>, rule: Rule) -> impl Iterator<Item = Pair<'a, Rule>> {
    pair.clone().into_inner().filter(move |p| p.as_rule() == rule)
}

/// The first direct child of `pair` with rule `rule`.
fn child<'a>(pair: &Pair<'a, Rule>, rule: Rule) -> Built<Pair<'a, Rule>> {
    children(pair, rule).next().ok_or(Malformed)
}

/// Converts a parsed `statement` pair into a statement.
pub(crate) fn statement(pair: &Pair<Rule>, off: Offset) -> Built<Statement> {
    let body = child(pair, Rule::stmt_body)?;
    let stmt = body.clone().into_inner().next().ok_or(Malformed)?;
    let body_span = off.span(&body);
    let end = match child(pair, Rule::semi) {
        Ok(semi) if semi.as_span().end() <= off.real_len => off.base + semi.as_span().end(),
        _ => body_span.end,
    };
    let kind = match stmt.as_rule() {
        Rule::region_stmt => StatementKind::Region(RegionDecl {
            region: off.word(&child(&stmt, Rule::region)?),
        }),
        Rule::vpc_stmt => StatementKind::Vpc(vpc(&stmt, off)?),
        Rule::subnet_stmt => StatementKind::Subnet(subnet(&stmt, off)?),
        Rule::bucket_stmt => StatementKind::Bucket(BucketDecl {
            name: off.word(&child(&stmt, Rule::bucket_name)?),
            region: optional_region(&stmt, off)?,
            existing: child(&stmt, Rule::kw_existing).ok().map(|p| off.span(&p)),
        }),
        Rule::table_stmt => StatementKind::Table(table(&stmt, off)?),
        Rule::intent_stmt => StatementKind::Intent(intent(&stmt, off)?),
        Rule::deny_stmt => StatementKind::DenyPublic(DenyPublic {
            on: match child(&stmt, Rule::deny_on) {
                Ok(on) => resource_refs(&on, off)?,
                Err(Malformed) => Vec::new(),
            },
        }),
        Rule::admin_stmt => StatementKind::AllowAdmin(AllowAdmin {
            principals: words(&stmt, Rule::arn, off),
        }),
        Rule::aws_buckets_stmt => StatementKind::AllowAwsBuckets(AllowAwsBuckets {
            sets: words(&stmt, Rule::aws_bucket_set, off),
        }),
        Rule::service_stmt => StatementKind::Service(service(&stmt, off)?),
        Rule::role_stmt => StatementKind::Role(role(&stmt, off)?),
        _ => return Err(Malformed),
    };
    Ok(Statement {
        kind,
        span: Span::new(body_span.start, end.max(body_span.start)),
    })
}

fn words(pair: &Pair<Rule>, rule: Rule, off: Offset) -> Vec<Word> {
    children(pair, rule).map(|p| off.word(&p)).collect()
}

fn optional_region(pair: &Pair<Rule>, off: Offset) -> Built<Option<Word>> {
    match child(pair, Rule::region_clause) {
        Ok(clause) => Ok(Some(off.word(&child(&clause, Rule::region)?))),
        Err(Malformed) => Ok(None),
    }
}

fn optional_word(pair: &Pair<Rule>, clause: Rule, rule: Rule, off: Offset) -> Built<Option<Word>> {
    match child(pair, clause) {
        Ok(clause) => Ok(Some(off.word(&child(&clause, rule)?))),
        Err(Malformed) => Ok(None),
    }
}

fn vpc(stmt: &Pair<Rule>, off: Offset) -> Built<VpcDecl> {
    let source = if let Ok(created) = child(stmt, Rule::vpc_created) {
        VpcSource::Created {
            cidr: off.word(&child(&created, Rule::cidr)?),
        }
    } else {
        let existing = child(stmt, Rule::vpc_existing)?;
        VpcSource::Existing {
            id: off.word(&child(&existing, Rule::vpc_id)?),
            cidr: optional_word(&existing, Rule::cidr_clause, Rule::cidr, off)?,
        }
    };
    Ok(VpcDecl {
        name: off.word(&child(stmt, Rule::vpc_name)?),
        source,
        region: optional_region(stmt, off)?,
    })
}

fn subnet(stmt: &Pair<Rule>, off: Offset) -> Built<SubnetDecl> {
    let source = if let Ok(created) = child(stmt, Rule::subnet_created) {
        SubnetSource::Created {
            cidr: off.word(&child(&created, Rule::cidr)?),
            az: off.word(&child(&created, Rule::az)?),
        }
    } else {
        let existing = child(stmt, Rule::subnet_existing)?;
        SubnetSource::Existing {
            id: off.word(&child(&existing, Rule::subnet_id)?),
            route_table: off.word(&child(&existing, Rule::rtb_id)?),
            cidr: optional_word(&existing, Rule::cidr_clause, Rule::cidr, off)?,
            az: optional_word(&existing, Rule::az_clause, Rule::az, off)?,
        }
    };
    let visibility = stmt.clone().into_inner().find_map(|p| match p.as_rule() {
        Rule::kw_public => Some(Node::new(Visibility::Public, off.span(&p))),
        Rule::kw_private => Some(Node::new(Visibility::Private, off.span(&p))),
        _ => None,
    });
    Ok(SubnetDecl {
        name: off.word(&child(stmt, Rule::subnet_name)?),
        vpc: optional_word(stmt, Rule::in_vpc, Rule::vpc_name, off)?,
        source,
        visibility,
    })
}

fn table(stmt: &Pair<Rule>, off: Offset) -> Built<TableDecl> {
    let source = if let Ok(key) = child(stmt, Rule::table_key) {
        let attr = child(&key, Rule::key_attr)?;
        let value = attr.clone().into_inner().next().ok_or(Malformed)?;
        let text = match value.as_rule() {
            Rule::quoted => unquote(value.as_str()),
            _ => value.as_str().to_string(),
        };
        TableSource::Created {
            key: Node::new(text, off.span(&attr)),
        }
    } else {
        TableSource::Existing(off.span(&child(stmt, Rule::kw_existing)?))
    };
    Ok(TableDecl {
        name: off.word(&child(stmt, Rule::table_name)?),
        region: optional_region(stmt, off)?,
        source,
    })
}

/// The value of a quoted string: the quotes removed, `\"` and `\\` unescaped.
pub(crate) fn unquote(quoted: &str) -> String {
    let inner = quoted.strip_prefix('"').unwrap_or(quoted);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(escaped) = chars.next() {
                out.push(escaped);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An intent, read in one pass over its children: an intent names many
/// subnets and targets, and looking each clause up with [`child`] walked
/// them all again. A clause that could appear twice keeps its first, as
/// [`child`] does.
fn intent(stmt: &Pair<Rule>, off: Offset) -> Built<Intent> {
    let mut verb = ReachVerb::Reaches;
    let mut subnets = Vec::new();
    let mut targets = Vec::new();
    let mut region = None;
    let mut via_clause = None;
    let mut private_dns_off = None;
    let mut allow = None;
    for part in stmt.clone().into_inner() {
        match part.as_rule() {
            Rule::kw_reach => verb = ReachVerb::Reach,
            Rule::subnet_name => subnets.push(off.word(&part)),
            Rule::target => targets.push(Node::new(target(&part, off)?, off.span(&part))),
            Rule::intent_region if region.is_none() => region = Some(off.word(&part)),
            Rule::via_clause if via_clause.is_none() => via_clause = Some(part),
            Rule::private_dns_off if private_dns_off.is_none() => private_dns_off = Some(off.span(&part)),
            Rule::allow_clause if allow.is_none() => {
                allow = Some(Node::new(accesses(&part, off)?, off.span(&part)));
            }
            _ => {}
        }
    }
    let via_clause = via_clause.ok_or(Malformed)?;
    let mode = via_clause.clone().into_inner().nth(1).ok_or(Malformed)?;
    let via = match mode.as_rule() {
        Rule::kw_gateway => Via::Gateway,
        Rule::kw_interface => Via::Interface,
        Rule::kw_nat => Via::Nat,
        _ => return Err(Malformed),
    };
    Ok(Intent {
        subnets,
        verb,
        targets,
        region,
        via: Node::new(via, off.span(&via_clause)),
        private_dns_off,
        allow,
    })
}

fn target(pair: &Pair<Rule>, off: Offset) -> Built<Target> {
    let inner = pair.clone().into_inner().next().ok_or(Malformed)?;
    Ok(match inner.as_rule() {
        Rule::resource_ref => Target::Resource(resource_ref(&inner, off)?),
        Rule::endpoint_target => Target::EndpointService(off.word(&child(&inner, Rule::service_name)?)),
        Rule::kw_internet => Target::Internet,
        Rule::aws_service => Target::Service(inner.as_str().to_string()),
        _ => return Err(Malformed),
    })
}

fn resource_ref(pair: &Pair<Rule>, off: Offset) -> Built<ResourceRef> {
    if let Ok(name) = child(pair, Rule::bucket_name) {
        Ok(ResourceRef {
            kind: ResourceKind::Bucket,
            name: off.word(&name),
        })
    } else {
        Ok(ResourceRef {
            kind: ResourceKind::Table,
            name: off.word(&child(pair, Rule::table_name)?),
        })
    }
}

fn resource_refs(pair: &Pair<Rule>, off: Offset) -> Built<Vec<Node<ResourceRef>>> {
    children(pair, Rule::resource_ref)
        .map(|r| Ok(Node::new(resource_ref(&r, off)?, off.span(&r))))
        .collect()
}

fn accesses(pair: &Pair<Rule>, off: Offset) -> Built<Vec<Node<Access>>> {
    children(pair, Rule::access)
        .map(|a| {
            let inner = a.clone().into_inner().next().ok_or(Malformed)?;
            let access = match inner.as_rule() {
                Rule::iam_action => Access::Action(inner.as_str().to_string()),
                Rule::kw_read => Access::Read,
                Rule::kw_write => Access::Write,
                Rule::kw_list => Access::List,
                Rule::kw_all => Access::All,
                _ => return Err(Malformed),
            };
            Ok(Node::new(access, off.span(&a)))
        })
        .collect()
}

fn service(stmt: &Pair<Rule>, off: Offset) -> Built<ServiceDecl> {
    Ok(ServiceDecl {
        name: off.word(&child(stmt, Rule::service_name)?),
        nlbs: words(stmt, Rule::arn, off),
        ports: match child(stmt, Rule::service_ports) {
            Ok(clause) => children(&clause, Rule::port)
                .map(|p| {
                    let port = p.as_str().parse::<u16>().map_err(|_| Malformed)?;
                    Ok(Node::new(port, off.span(&p)))
                })
                .collect::<Built<Vec<_>>>()?,
            Err(Malformed) => Vec::new(),
        },
        acceptance_required: child(stmt, Rule::acceptance).ok().map(|p| off.span(&p)),
        allow: child(stmt, Rule::service_allow)
            .map(|p| words(&p, Rule::arn, off))
            .unwrap_or_default(),
    })
}

fn role(stmt: &Pair<Rule>, off: Offset) -> Built<RoleDecl> {
    let (allow, on) = match child(stmt, Rule::role_allow) {
        Ok(clause) => (accesses(&clause, off)?, resource_refs(&clause, off)?),
        Err(Malformed) => (Vec::new(), Vec::new()),
    };
    Ok(RoleDecl {
        name: off.word(&child(stmt, Rule::role_name)?),
        assumed_by: off.word(&child(stmt, Rule::kw_ec2)?),
        subnets: child(stmt, Rule::role_in)
            .map(|p| words(&p, Rule::subnet_name, off))
            .unwrap_or_default(),
        managed: child(stmt, Rule::role_managed)
            .map(|p| words(&p, Rule::policy_name, off))
            .unwrap_or_default(),
        allow,
        on,
    })
}
