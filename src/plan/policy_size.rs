//! The size AWS counts for a policy document, measured before deploy.
//!
//! A document is measured as compact JSON with every deploy-time value
//! replaced by a value of its real length (an endpoint id, an ARN, an
//! account id). It is serialised through borrowed views into a byte counter:
//! no JSON tree and no text are built, since a large estate measures
//! thousands of policies.

use std::fmt;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::model::{Condition, Effect, Expr, PolicyDocument, Principal, Statement};

/// The compact JSON length of `document`, deploy-time values estimated.
pub(crate) fn size(document: &PolicyDocument) -> usize {
    let mut count = ByteCount(0);
    match serde_json::to_writer(&mut count, &Document(document)) {
        Ok(()) => count.0,
        Err(_) => 0,
    }
}

/// Counts the bytes written to it, so a policy is measured without keeping its text.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An expression's estimated text (written as one JSON string).
struct Estimated<'a>(&'a Expr);

impl fmt::Display for Estimated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Expr::Lit(text) => f.write_str(text),
            Expr::Id(_) | Expr::ImportedId { .. } => f.write_str("vpce-0123456789abcdef0"),
            Expr::Arn(_) => f.write_str("arn:aws:service:region:123456789012:resource/name"),
            Expr::AccountId => f.write_str("123456789012"),
            Expr::Concat(parts) => parts.iter().try_for_each(|part| Estimated(part).fmt(f)),
        }
    }
}

impl Serialize for Estimated<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A slice written as a JSON array, each item through a borrowed view.
struct Each<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for Each<'a, T, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

/// A document as `{Version, Statement}`.
struct Document<'a>(&'a PolicyDocument);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut document = serializer.serialize_struct("Document", 2)?;
        document.serialize_field("Version", "2012-10-17")?;
        document.serialize_field("Statement", &Each(&self.0.statements, StatementView))?;
        document.end()
    }
}

/// A statement with its six keys, always all present.
struct StatementView<'a>(&'a Statement);

impl Serialize for StatementView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = self.0;
        let mut out = serializer.serialize_struct("Statement", 6)?;
        out.serialize_field("Sid", &s.sid)?;
        out.serialize_field(
            "Effect",
            match s.effect {
                Effect::Allow => "Allow",
                Effect::Deny => "Deny",
            },
        )?;
        out.serialize_field("Principal", &s.principal.as_ref().map(PrincipalView))?;
        out.serialize_field("Action", &s.actions)?;
        out.serialize_field("Resource", &Each(&s.resources, Estimated))?;
        out.serialize_field("Condition", &Each(&s.conditions, ConditionView))?;
        out.end()
    }
}

/// A principal as `"*"` or `{Service: [...]}`.
struct PrincipalView<'a>(&'a Principal);

impl Serialize for PrincipalView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Principal::Any => serializer.serialize_str("*"),
            Principal::Service(services) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Service", services)?;
                map.end()
            }
        }
    }
}

/// A condition as `{operator: {key: [values]}}`.
struct ConditionView<'a>(&'a Condition);

impl Serialize for ConditionView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut outer = serializer.serialize_map(Some(1))?;
        outer.serialize_entry(&self.0.operator, &KeyValues(self.0))?;
        outer.end()
    }
}

struct KeyValues<'a>(&'a Condition);

impl Serialize for KeyValues<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut inner = serializer.serialize_map(Some(1))?;
        inner.serialize_entry(&self.0.key, &Each(&self.0.values, Estimated))?;
        inner.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::plan::model::{Kind, ResourceKey};

    /// The measurement as it was first written: a JSON tree, then its text.
    fn tree(document: &PolicyDocument) -> Value {
        fn expr(e: &Expr) -> String {
            match e {
                Expr::Lit(s) => s.clone(),
                Expr::Id(_) | Expr::ImportedId { .. } => "vpce-0123456789abcdef0".to_string(),
                Expr::Arn(_) => "arn:aws:service:region:123456789012:resource/name".to_string(),
                Expr::AccountId => "123456789012".to_string(),
                Expr::Concat(parts) => parts.iter().map(expr).collect(),
            }
        }
        let statements: Vec<Value> = document
            .statements
            .iter()
            .map(|s| {
                json!({
                    "Sid": s.sid,
                    "Effect": format!("{:?}", s.effect),
                    "Principal": match &s.principal { Some(Principal::Any) => json!("*"), Some(Principal::Service(v)) => json!({"Service": v}), None => Value::Null },
                    "Action": s.actions,
                    "Resource": s.resources.iter().map(expr).collect::<Vec<_>>(),
                    "Condition": s.conditions.iter().map(|c| json!({c.operator.clone(): {c.key.clone(): c.values.iter().map(expr).collect::<Vec<_>>()}})).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    fn statement(sid: &str, principal: Option<Principal>, conditions: Vec<Condition>) -> Statement {
        let key = ResourceKey::new(Kind::Bucket, ["b"]);
        Statement {
            sid: sid.into(),
            effect: Effect::Deny,
            principal,
            actions: vec!["s3:GetObject".into(), "s3:Put\"Object\\".into()],
            resources: vec![
                Expr::Arn(key.clone()),
                Expr::Concat(vec![Expr::Arn(key.clone()), Expr::Lit("/*\n\u{1}é".into())]),
            ],
            conditions,
        }
    }

    #[test]
    fn measures_what_the_json_text_would_be() {
        let key = ResourceKey::new(Kind::GatewayEndpoint, ["v", "s3"]);
        let document = PolicyDocument {
            statements: vec![
                statement("A", None, vec![]),
                statement("B\t", Some(Principal::Any), vec![]),
                statement(
                    "C",
                    Some(Principal::Service(vec!["ec2.amazonaws.com".into()])),
                    vec![
                        Condition {
                            operator: "StringNotEquals".into(),
                            key: "aws:SourceVpce".into(),
                            values: vec![Expr::Id(key.clone()), Expr::AccountId],
                        },
                        Condition {
                            operator: "Bool\u{7f}".into(),
                            key: "aws:Secure\"Transport".into(),
                            values: vec![Expr::ImportedId {
                                region: "eu-west-1".into(),
                                key,
                            }],
                        },
                    ],
                ),
            ],
        };
        let text = serde_json::to_string(&tree(&document)).unwrap();
        assert_eq!(size(&document), text.len());
        assert_eq!(
            size(&PolicyDocument { statements: vec![] }),
            r#"{"Version":"2012-10-17","Statement":[]}"#.len()
        );
    }
}
