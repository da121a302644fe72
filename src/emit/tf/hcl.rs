//! HCL values and their text: string escaping, identifiers, references,
//! templates, lists and objects. Every byte of a value the templates print
//! comes from here.

use std::fmt::Write as _;

/// One value as it appears on the right of `=` in HCL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HclValue {
    /// A literal string, printed quoted and escaped.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A traversal such as `aws_vpc.lab.id`: identifiers joined by dots.
    Ref(Vec<String>),
    /// A string template: literal parts and interpolated traversals.
    Template(Vec<TemplatePart>),
    /// A list, printed on one line when every element is a scalar.
    List(Vec<HclValue>),
    /// An object, printed one attribute per line.
    Object(Vec<(String, HclValue)>),
}

/// One part of a string template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text.
    Lit(String),
    /// An interpolated traversal, `${a.b.c}`.
    Ref(Vec<String>),
}

/// Why a value cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HclError(pub String);

impl HclValue {
    /// A traversal from its dotted parts.
    pub fn reference<I, S>(parts: I) -> HclValue
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        HclValue::Ref(parts.into_iter().map(Into::into).collect())
    }

    /// A template from parts, simplified: adjacent literals merge, an
    /// all-literal template becomes a string and a lone reference a traversal.
    pub fn template(parts: Vec<TemplatePart>) -> HclValue {
        let mut merged: Vec<TemplatePart> = Vec::new();
        for part in parts {
            match (merged.last_mut(), part) {
                (Some(TemplatePart::Lit(prev)), TemplatePart::Lit(next)) => prev.push_str(&next),
                (_, TemplatePart::Lit(next)) if next.is_empty() => {}
                (_, part) => merged.push(part),
            }
        }
        match merged.as_slice() {
            [] => HclValue::Str(String::new()),
            [TemplatePart::Lit(text)] => HclValue::Str(text.clone()),
            [TemplatePart::Ref(parts)] => HclValue::Ref(parts.clone()),
            _ => HclValue::Template(merged),
        }
    }

    /// A single value as a scalar, several as a list (the IAM convention).
    pub fn scalar_or_list(mut values: Vec<HclValue>) -> HclValue {
        if values.len() == 1 {
            values.remove(0)
        } else {
            HclValue::List(values)
        }
    }

    fn is_scalar(&self) -> bool {
        !matches!(self, HclValue::List(_) | HclValue::Object(_))
    }
}

/// Whether `name` is an HCL identifier that Terraform accepts as a label or
/// attribute name: `[A-Za-z_][A-Za-z0-9_-]*`.
pub fn is_identifier(name: &str) -> bool {
    // Bytes, not chars: every byte of a non-ASCII character is outside these sets.
    match name.as_bytes().split_first() {
        Some((first, rest)) if first.is_ascii_alphabetic() || *first == b'_' => rest
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'),
        _ => false,
    }
}

/// Characters written as `\u` escapes although HCL would accept them raw:
/// invisible format and separator characters that make a file misleading to read.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// Escapes `text` for the inside of an HCL quoted string, so that the parsed
/// value is `text` again: `\`, `"`, control characters and invisible
/// characters become escape sequences, and `${` / `%{` become `$${` / `%%{` so
/// that nothing is interpolated. Other non-ASCII text is kept as UTF-8.
///
/// HCL normalises every string literal to Unicode NFC; text that is not in
/// NFC (which vpcec's own names never are: they are ASCII) comes back normalised.
pub fn escape_string_body(text: &str, out: &mut String) {
    // Most text (names, CIDRs, ids) needs no escape: copy it whole.
    let plain = |b: &u8| matches!(b, b' ' | b'!' | b'#' | b'&'..=b'[' | b']'..=b'~');
    if text.bytes().all(|b| plain(&b)) {
        out.push_str(text);
        return;
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() || is_invisible(c) => {
                let code = u32::from(c);
                if code <= 0xFFFF {
                    let _ = write!(out, "\\u{code:04X}");
                } else {
                    let _ = write!(out, "\\U{code:08X}");
                }
            }
            c => out.push(c),
        }
    }
}

/// `text` as a quoted, escaped HCL string.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_quoted(text, &mut out);
    out
}

/// Writes `text` as a quoted, escaped HCL string.
fn push_quoted(text: &str, out: &mut String) {
    out.push('"');
    escape_string_body(text, out);
    out.push('"');
}

/// Writes a reference `a.b.c`; every part must be an identifier.
fn traversal(parts: &[String], out: &mut String) -> Result<(), HclError> {
    if parts.is_empty() || !parts.iter().all(|part| is_identifier(part)) {
        return Err(HclError(format!("invalid reference `{}`", parts.join("."))));
    }
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            out.push('.');
        }
        out.push_str(part);
    }
    Ok(())
}

fn template(parts: &[TemplatePart], out: &mut String) -> Result<(), HclError> {
    out.push('"');
    for (index, part) in parts.iter().enumerate() {
        match part {
            TemplatePart::Lit(text) => {
                let start = out.len();
                escape_string_body(text, out);
                // A literal `$` or `%` right before an interpolation would read
                // as the escape `$${`: write it as a Unicode escape instead.
                let before_interpolation = matches!(parts.get(index + 1), Some(TemplatePart::Ref(_)));
                let body = out.get(start..).unwrap_or_default();
                if before_interpolation && (body.ends_with('$') || body.ends_with('%')) {
                    if let Some(last) = out.pop() {
                        let _ = write!(out, "\\u{:04X}", u32::from(last));
                    }
                }
            }
            TemplatePart::Ref(parts) => {
                out.push_str("${");
                traversal(parts, out)?;
                out.push('}');
            }
        }
    }
    out.push('"');
    Ok(())
}

/// Writes an object key: bare when it is an identifier that cannot be read
/// as a keyword, quoted otherwise.
fn object_key(key: &str, out: &mut String) {
    let keyword = matches!(key, "true" | "false" | "null" | "for" | "if" | "in");
    if is_identifier(key) && !keyword {
        out.push_str(key);
    } else {
        push_quoted(key, out);
    }
}

/// Prints `value` as HCL. Objects and lists of non-scalars span several lines
/// without indentation; [`super::layout`] indents them.
pub fn render(value: &HclValue) -> Result<String, HclError> {
    let mut out = String::new();
    render_into(value, &mut out)?;
    Ok(out)
}

fn render_into(value: &HclValue, out: &mut String) -> Result<(), HclError> {
    match value {
        HclValue::Str(text) => push_quoted(text, out),
        HclValue::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        HclValue::Int(number) => {
            let _ = write!(out, "{number}");
        }
        HclValue::Ref(parts) => traversal(parts, out)?,
        HclValue::Template(parts) => template(parts, out)?,
        HclValue::List(items) if items.iter().all(HclValue::is_scalar) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                render_into(item, out)?;
            }
            out.push(']');
        }
        HclValue::List(items) => {
            out.push_str("[\n");
            for item in items {
                render_into(item, out)?;
                out.push_str(",\n");
            }
            out.push(']');
        }
        HclValue::Object(entries) if entries.is_empty() => out.push_str("{}"),
        HclValue::Object(entries) => {
            out.push_str("{\n");
            for (key, item) in entries {
                object_key(key, out);
                out.push_str(" = ");
                render_into(item, out)?;
                out.push('\n');
            }
            out.push('}');
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quotes_backslashes_and_interpolation() {
        assert_eq!(quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quote("${x} %{y} $${z} $ %"), r#""$${x} %%{y} $$${z} $ %""#);
        assert_eq!(quote("a\nb\tc\u{1}\u{202E}😀é"), r#""a\nb\tc\u0001\u202E😀é""#);
    }

    #[test]
    fn templates_keep_a_dollar_before_an_interpolation_literal() {
        let value = HclValue::template(vec![
            TemplatePart::Lit("a$".into()),
            TemplatePart::Ref(vec!["b".into(), "c".into()]),
            TemplatePart::Lit("${d}".into()),
        ]);
        assert_eq!(render(&value).unwrap(), r#""a\u0024${b.c}$${d}""#);
    }

    #[test]
    fn templates_simplify() {
        let lone = HclValue::template(vec![TemplatePart::Ref(vec!["a".into(), "b".into()])]);
        assert_eq!(lone, HclValue::reference(["a", "b"]));
        let lits = HclValue::template(vec![TemplatePart::Lit("a".into()), TemplatePart::Lit("b".into())]);
        assert_eq!(lits, HclValue::Str("ab".into()));
    }

    #[test]
    fn rejects_invalid_references() {
        assert!(render(&HclValue::reference(["aws_vpc", "a.b", "id"])).is_err());
        assert!(render(&HclValue::Ref(Vec::new())).is_err());
    }

    #[test]
    fn objects_quote_keys_that_are_not_plain_identifiers() {
        let value = HclValue::Object(vec![
            ("Version".into(), HclValue::Str("2012-10-17".into())),
            (
                "aws:SourceVpce".into(),
                HclValue::List(vec![HclValue::Str("a".into()), HclValue::Bool(true)]),
            ),
            ("for".into(), HclValue::Int(3)),
        ]);
        assert_eq!(
            render(&value).unwrap(),
            "{\nVersion = \"2012-10-17\"\n\"aws:SourceVpce\" = [\"a\", true]\n\"for\" = 3\n}"
        );
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("_010"));
        assert!(is_identifier("a-b_c"));
        assert!(!is_identifier("010"));
        assert!(!is_identifier("a.b"));
        assert!(!is_identifier(""));
    }
}
