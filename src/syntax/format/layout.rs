//! Where a long statement breaks: its clauses, its comma lists, and the
//! line plan that [`super`] prints (see the module doc there for the rules).

use super::MAX_WIDTH;
use crate::syntax::ast::{Span, Statement, StatementKind, SubnetSource, TableSource, VpcSource};

/// The continuation indent, in columns.
pub(super) const STEP: usize = 4;

/// The break opportunities of one statement, as indices into its tokens.
#[derive(Debug, Default)]
struct Shape {
    /// The first token of each clause after the head, ascending.
    clauses: Vec<usize>,
    /// Clauses kept on the line of the clause before them when both fit
    /// (`on` after a role's `allow`).
    glued: Vec<usize>,
    /// The first token of each item of each comma list.
    lists: Vec<Vec<usize>>,
}

/// How a statement's tokens are laid out.
#[derive(Debug)]
pub(super) struct Plan {
    /// For each token: `Some(indent)` when a line starts there.
    breaks: Vec<Option<usize>>,
    /// For each token: the indent of a line that starts there because a
    /// comment ended the line before it.
    indents: Vec<usize>,
}

impl Plan {
    /// The indent of a planned line start at token `index`, if one is planned.
    pub(super) fn break_before(&self, index: usize) -> Option<usize> {
        self.breaks.get(index).copied().flatten()
    }

    /// The indent of any line that starts at token `index`.
    pub(super) fn indent(&self, index: usize) -> usize {
        self.break_before(index)
            .or_else(|| self.indents.get(index).copied())
            .unwrap_or(STEP)
    }
}

/// Plans the lines of `statement`, whose tokens start at `starts` and add
/// `widths` columns each to a line (the space before them included).
pub(super) fn plan(statement: &Statement, starts: &[usize], widths: &[usize]) -> Plan {
    let count = widths.len();
    let mut plan = Plan {
        breaks: vec![None; count],
        indents: vec![STEP; count],
    };
    let sum = |from: usize, to: usize| widths.get(from..to).map_or(0, |w| w.iter().sum::<usize>());
    // A line's first token has no space before it.
    let line = |indent: usize, from: usize, to: usize| (indent + sum(from, to)).saturating_sub(1);
    if line(0, 0, count) <= MAX_WIDTH {
        return plan;
    }
    let shape = shape(statement, starts);
    let mut bounds = vec![0];
    bounds.extend(shape.clauses.iter().copied().filter(|&c| 0 < c && c < count));
    bounds.push(count);

    let mut width = 0;
    let mut after_list = false;
    for (k, pair) in bounds.windows(2).enumerate() {
        let &[start, end] = pair else { continue };
        let indent = if k == 0 { 0 } else { STEP };
        if k > 0 {
            // The clause and the clauses glued to it, up to the next free one.
            let group_end = bounds
                .iter()
                .copied()
                .skip(k + 1)
                .find(|b| !shape.glued.contains(b))
                .unwrap_or(count);
            if !after_list && width + sum(start, group_end) <= MAX_WIDTH {
                width += sum(start, end);
                continue;
            }
            if let Some(slot) = plan.breaks.get_mut(start) {
                *slot = Some(STEP);
            }
        }
        width = line(indent, start, end);
        after_list = false;
        let list = shape
            .lists
            .iter()
            .find(|items| items.first().is_some_and(|&first| start <= first && first < end));
        let (Some(items @ [first, .., last]), true) = (list.map(Vec::as_slice), width > MAX_WIDTH) else {
            continue;
        };
        // Too long even on a line of its own: one item per line.
        let item_indent = indent + STEP;
        for &item in items {
            if let Some(slot) = plan.breaks.get_mut(item) {
                *slot = Some(item_indent);
            }
        }
        for slot in plan.indents.iter_mut().take(end).skip(*first) {
            *slot = item_indent;
        }
        width = line(item_indent, *last, end);
        after_list = true;
    }
    plan
}

/// The clauses and comma lists of `statement`, whose tokens start at `starts`.
fn shape(statement: &Statement, starts: &[usize]) -> Shape {
    // The token at or after `offset`, and the keyword just before `offset`.
    let at = |offset: usize| starts.iter().position(|&s| s >= offset);
    let keyword = |offset: usize| starts.iter().rposition(|&s| s < offset);
    let before = |span: Option<Span>| span.and_then(|s| keyword(s.start));
    let items = |spans: Vec<Span>| spans.iter().filter_map(|s| at(s.start)).collect::<Vec<_>>();
    let mut shape = Shape::default();
    let clauses: Vec<Option<usize>> = match &statement.kind {
        StatementKind::Region(_) => Vec::new(),
        StatementKind::Vpc(vpc) => vec![
            before(match &vpc.source {
                VpcSource::Created { cidr } => Some(cidr.span),
                VpcSource::Existing { cidr, .. } => cidr.as_ref().map(|c| c.span),
            }),
            before(vpc.region.as_ref().map(|r| r.span)),
        ],
        StatementKind::Subnet(subnet) => match &subnet.source {
            SubnetSource::Created { cidr, az } => vec![keyword(cidr.span.start), keyword(az.span.start)],
            SubnetSource::Existing {
                route_table, cidr, az, ..
            } => vec![
                keyword(route_table.span.start),
                before(cidr.as_ref().map(|c| c.span)),
                before(az.as_ref().map(|a| a.span)),
            ],
        },
        StatementKind::Bucket(bucket) => vec![
            before(bucket.region.as_ref().map(|r| r.span)),
            bucket.existing.and_then(|e| at(e.start)),
        ],
        StatementKind::Table(table) => vec![
            before(table.region.as_ref().map(|r| r.span)),
            match &table.source {
                TableSource::Created { key } => keyword(key.span.start),
                TableSource::Existing(span) => at(span.start),
            },
        ],
        StatementKind::Intent(intent) => {
            shape.lists = vec![
                items(intent.subnets.iter().map(|s| s.span).collect()),
                items(intent.targets.iter().map(|t| t.span).collect()),
                items(intent.allow.iter().flat_map(|a| &a.node).map(|a| a.span).collect()),
            ];
            vec![
                intent.subnets.last().and_then(|s| at(s.span.end)),
                at(intent.via.span.start),
                intent.allow.as_ref().and_then(|a| at(a.span.start)),
            ]
        }
        StatementKind::DenyPublic(deny) => {
            shape.lists = vec![items(deny.on.iter().map(|r| r.span).collect())];
            vec![before(deny.on.first().map(|r| r.span))]
        }
        StatementKind::AllowAdmin(admin) => {
            shape.lists = vec![items(admin.principals.iter().map(|p| p.span).collect())];
            Vec::new()
        }
        StatementKind::Service(service) => {
            shape.lists = vec![
                items(service.nlbs.iter().map(|n| n.span).collect()),
                items(service.ports.iter().map(|p| p.span).collect()),
                items(service.allow.iter().map(|a| a.span).collect()),
            ];
            vec![
                before(service.nlbs.first().map(|n| n.span)),
                before(service.ports.first().map(|p| p.span)),
                service.acceptance_required.and_then(|a| at(a.start)),
                before(service.allow.first().map(|a| a.span)),
            ]
        }
        StatementKind::Role(role) => {
            shape.lists = vec![
                items(role.subnets.iter().map(|s| s.span).collect()),
                items(role.managed.iter().map(|m| m.span).collect()),
                items(role.allow.iter().map(|a| a.span).collect()),
                items(role.on.iter().map(|r| r.span).collect()),
            ];
            let on = before(role.on.first().map(|r| r.span));
            shape.glued = on.into_iter().collect();
            vec![
                before(role.subnets.first().map(|s| s.span)),
                before(role.managed.first().map(|m| m.span)),
                before(role.allow.first().map(|a| a.span)),
                on,
            ]
        }
    };
    shape.clauses = clauses.into_iter().flatten().collect();
    shape.clauses.sort_unstable();
    shape.clauses.dedup();
    shape.lists.retain(|items| items.len() >= 2);
    shape
}
