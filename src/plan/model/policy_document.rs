//! Policy documents: data, with [`Expr`] for the values only known at
//! deploy time; each emitter serialises them its own way.

use serde::Serialize;

use super::Expr;

/// The effect of a policy statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Effect {
    /// `Allow`
    Allow,
    /// `Deny`
    Deny,
}

/// The principal of a policy statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Principal {
    /// `"*"`
    Any,
    /// `{"Service": [...]}`
    Service(Vec<String>),
}

/// One condition: `{operator: {key: values}}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Condition {
    /// `StringNotEquals`, `ArnNotLike`, `Bool`, ...
    pub operator: String,
    /// `aws:SourceVpce`, ...
    pub key: String,
    /// One or more values (a single value is written as a scalar).
    pub values: Vec<Expr>,
}

/// One policy statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Statement {
    /// A statement id, unique in its document.
    pub sid: String,
    /// Allow or deny.
    pub effect: Effect,
    /// Who. `None` only in identity policies (role policies), which take none.
    pub principal: Option<Principal>,
    /// The actions (a single one is written as a scalar).
    pub actions: Vec<String>,
    /// The resources (a single one is written as a scalar).
    pub resources: Vec<Expr>,
    /// Conditions, in order; all must hold.
    pub conditions: Vec<Condition>,
}

/// A policy document (`Version: 2012-10-17`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PolicyDocument {
    /// The statements, in order.
    pub statements: Vec<Statement>,
}
