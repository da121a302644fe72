//! The symbol table: one namespace per kind of declaration. A name used as the
//! wrong kind is reported as E004 ("`b1` is a bucket, not a subnet") rather
//! than as undeclared.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{BucketId, RoleId, ServiceId, SubnetId, TableId, VpcId};
use crate::diagnostics::{Applicability, Diagnostic};
use crate::rules::Code;
use crate::syntax::ast::{Span, Word};

/// The kinds of things a name can be declared as: the syntax's own list,
/// so that the checker and the editor's completion never disagree.
pub use crate::syntax::NameKind as Kind;

/// What a declared name stands for in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A VPC.
    Vpc(VpcId),
    /// A subnet.
    Subnet(SubnetId),
    /// A bucket.
    Bucket(BucketId),
    /// A table.
    Table(TableId),
    /// An endpoint service.
    Service(ServiceId),
    /// An instance role.
    Role(RoleId),
    /// Declared, but not (yet) in the model: the declaration is being
    /// checked, or it has an error already reported (a subnet whose vpc does
    /// not resolve). Its uses resolve to nothing, silently.
    Unplaced,
}

/// An id a name of one kind resolves to.
pub trait DeclaredId: Sized {
    /// The kind of name.
    const KIND: Kind;
    /// The id, when `entry` is one of this kind.
    fn of(entry: Entry) -> Option<Self>;
}

/// Implements [`DeclaredId`] for the id of one kind.
macro_rules! declared_id {
    ($id:ident, $kind:ident) => {
        impl DeclaredId for $id {
            const KIND: Kind = Kind::$kind;
            fn of(entry: Entry) -> Option<Self> {
                match entry {
                    Entry::$kind(id) => Some(id),
                    _ => None,
                }
            }
        }
    };
}

declared_id!(VpcId, Vpc);
declared_id!(SubnetId, Subnet);
declared_id!(BucketId, Bucket);
declared_id!(TableId, Table);
declared_id!(ServiceId, Service);
declared_id!(RoleId, Role);

/// One declaration: what it stands for in the model, and where its name is.
#[derive(Debug, Clone, Copy)]
pub struct Decl {
    /// Its entry in the model.
    pub entry: Entry,
    /// The span of the declared name.
    pub span: Span,
}

/// Declared names, per kind.
#[derive(Debug, Default)]
pub struct Names {
    table: BTreeMap<Kind, BTreeMap<String, Decl>>,
    /// Names whose declaration did not parse (already reported as E001).
    broken: BTreeSet<(Kind, String)>,
}

impl Names {
    /// Declares `name` as `kind`, not yet placed in the model (see
    /// [`Names::place`]). A second declaration of the same kind is reported
    /// as E003 and not recorded.
    pub fn declare(&mut self, kind: Kind, name: &Word, diags: &mut Vec<Diagnostic>) -> bool {
        let names = self.table.entry(kind).or_default();
        if let Some(first) = names.get(&name.node) {
            diags.push(
                Diagnostic::new(
                    Code::E003,
                    name.span,
                    format!("{} `{}` is declared twice", kind.keyword(), name.node),
                )
                .with_label("declared again here")
                .with_related(first.span, "first declared here")
                .with_help(format!(
                    "rename one of them or remove the second `{} {}`",
                    kind.keyword(),
                    name.node
                )),
            );
            return false;
        }
        names.insert(
            name.node.clone(),
            Decl {
                entry: Entry::Unplaced,
                span: name.span,
            },
        );
        true
    }

    /// Records the model entry of a name declared (by [`Names::declare`]) as
    /// the entry's kind.
    pub fn place(&mut self, name: &str, entry: Entry) {
        let kind = match entry {
            Entry::Vpc(_) => Kind::Vpc,
            Entry::Subnet(_) => Kind::Subnet,
            Entry::Bucket(_) => Kind::Bucket,
            Entry::Table(_) => Kind::Table,
            Entry::Service(_) => Kind::Service,
            Entry::Role(_) => Kind::Role,
            Entry::Unplaced => return,
        };
        if let Some(decl) = self.table.get_mut(&kind).and_then(|names| names.get_mut(name)) {
            decl.entry = entry;
        }
    }

    /// Records a declaration that did not parse, so that its uses are not
    /// reported again as undeclared.
    pub fn declare_broken(&mut self, keyword: &str, name: &str) {
        if let Some(kind) = Kind::ALL.iter().copied().find(|k| k.keyword() == keyword) {
            self.broken.insert((kind, name.to_string()));
        }
    }

    /// Whether `name` of `kind` was declared by a statement that did not parse.
    pub fn is_broken(&self, kind: Kind, name: &str) -> bool {
        self.broken.contains(&(kind, name.to_string()))
    }

    /// Whether any declaration of `kind` did not parse.
    pub fn any_broken(&self, kind: Kind) -> bool {
        self.broken.iter().any(|(k, _)| *k == kind)
    }

    /// Looks a name up without reporting anything.
    pub fn get(&self, kind: Kind, name: &str) -> Option<Decl> {
        self.table.get(&kind).and_then(|names| names.get(name)).copied()
    }

    /// Looks a name of the id's kind up without reporting anything: `None`
    /// when it is not declared as that kind or not placed in the model.
    pub fn id<I: DeclaredId>(&self, name: &str) -> Option<I> {
        self.get(I::KIND, name).and_then(|decl| I::of(decl.entry))
    }

    /// Looks a name of the id's kind up; reports E004 when it is declared as
    /// another kind and E002 (with a suggestion) when it is not declared at
    /// all. A declared name not placed in the model resolves to `None`
    /// without a report (its declaration's error is reported already).
    pub fn resolve<I: DeclaredId>(&self, name: &Word, diags: &mut Vec<Diagnostic>) -> Option<I> {
        let kind = I::KIND;
        if let Some(decl) = self.get(kind, &name.node) {
            return I::of(decl.entry);
        }
        if !self.is_broken(kind, &name.node) {
            diags.push(self.unresolved(kind, name));
        }
        None
    }

    /// The E004 or E002 diagnostic for a name of `kind` that is not declared as one.
    pub fn unresolved(&self, kind: Kind, name: &Word) -> Diagnostic {
        let other = Kind::ALL
            .iter()
            .filter(|k| **k != kind)
            .find_map(|k| self.get(*k, &name.node).map(|decl| (*k, decl)));
        if let Some((other_kind, decl)) = other {
            return Diagnostic::new(
                Code::E004,
                name.span,
                format!(
                    "`{}` is {}, not {}",
                    name.node,
                    other_kind.with_article(),
                    kind.with_article()
                ),
            )
            .with_label(format!("{} needed here", kind.with_article()))
            .with_related(decl.span, format!("declared as {} here", other_kind.with_article()));
        }
        let mut diagnostic = Diagnostic::new(
            Code::E002,
            name.span,
            format!("{} `{}` is not declared", kind.keyword(), name.node),
        )
        .with_label("not declared");
        let candidates = self
            .table
            .get(&kind)
            .into_iter()
            .flat_map(|names| names.keys().map(String::as_str));
        diagnostic = match crate::suggest::closest(&name.node, candidates) {
            Some(close) => diagnostic.did_you_mean(close, Applicability::MaybeIncorrect),
            None => diagnostic.with_help(format!("declare it with `{} {} ...;`", kind.keyword(), name.node)),
        };
        diagnostic
    }
}
