//! YAML serialisation of a template value, safe for YAML 1.1 readers.
//!
//! CloudFormation reads YAML 1.1, where plain `no`, `on`, `1_000` or
//! `2012-10-17` are not strings. `serde_yaml` writes YAML 1.2 and leaves such
//! strings plain, so a subnet named `no` would be tagged `false`. This writer
//! walks the same data (a `serde_json::Value`) in block style and writes a
//! string plain only when no YAML version could read it as anything else;
//! every other string is double-quoted.
//!
//! It stays hand-written on purpose. `serde_yaml` is deprecated upstream, and
//! its successors (`serde_norway`, `serde_yaml_ng`) still write YAML 1.2: they
//! leave `no`, `yes`, `on`, `2012-10-17` and `12:30:00` unquoted, which YAML
//! 1.1 readers such as CloudFormation misread as a boolean, a date and a
//! sexagesimal number. `serde_yaml` is kept only as a dev-dependency, to read
//! this writer's output back in tests.

use serde_json::{Map, Value};

/// Serialises `value` as a YAML document (block style, two-space indent,
/// sequences under a key at the key's indent), ending with a newline.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => mapping(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => sequence(&mut out, items, 0),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

/// A block mapping whose keys start at column `indent`.
fn mapping(out: &mut String, map: &Map<String, Value>, indent: usize) {
    let mut first = true;
    for (key, value) in map {
        if !first {
            push_indent(out, indent);
        }
        first = false;
        out.push_str(&string(key));
        out.push(':');
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                push_indent(out, indent + 2);
                mapping(out, inner, indent + 2);
            }
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                push_indent(out, indent);
                sequence(out, items, indent);
            }
            scalar => {
                out.push(' ');
                out.push_str(&inline(scalar));
                out.push('\n');
            }
        }
    }
}

/// A block sequence whose dashes are at column `indent`; the caller has
/// already written the indent of the first item.
fn sequence(out: &mut String, items: &[Value], indent: usize) {
    let mut first = true;
    for item in items {
        if !first {
            push_indent(out, indent);
        }
        first = false;
        out.push_str("- ");
        match item {
            Value::Object(inner) if !inner.is_empty() => mapping(out, inner, indent + 2),
            Value::Array(inner) if !inner.is_empty() => sequence(out, inner, indent + 2),
            scalar => {
                out.push_str(&inline(scalar));
                out.push('\n');
            }
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A scalar, or an empty collection, on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => string(text),
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

/// A string: plain when that is unambiguous, else double-quoted.
pub fn string(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        quote(text)
    }
}

/// A double-quoted scalar: quotes, backslashes and every character YAML does
/// not allow raw are escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_printable(c) => out.push(c),
            // Every character YAML does not print lies in the basic plane.
            c => out.push_str(&format!("\\u{:04x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// Characters that stand raw in a quoted scalar: YAML's printable ones
/// (`c-printable`) without the ones YAML 1.1 reads as line breaks (NEL, LS,
/// PS) and without the byte-order mark.
fn is_printable(c: char) -> bool {
    matches!(
        c,
        ' '..='~'
            | '\u{a0}'..='\u{2027}'
            | '\u{202a}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fefe}'
            | '\u{ff00}'..='\u{fffd}'
            | '\u{10000}'..
    )
}

/// Words that YAML 1.1 reads as booleans or null, in any case.
const RESERVED_WORDS: [&str; 9] = ["y", "yes", "n", "no", "true", "false", "on", "off", "null"];

/// Characters that, after a leading digit, could make a YAML 1.1 number,
/// sexagesimal number or timestamp.
const NUMERIC_CHARS: &str = "0123456789_:.-+ eExXoObBabcdefABCDEFtTzZ";

/// Whether `text` reads back as this very string in YAML 1.1 and 1.2 when
/// written plain. Deliberately conservative: quoting too often is harmless.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || " ._/:-*+=,()@<>$;".contains(c);
    (first.is_ascii_alphanumeric() || first == '/')
        && text.chars().all(allowed)
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !RESERVED_WORDS.iter().any(|word| text.eq_ignore_ascii_case(word))
        && !(first.is_ascii_digit() && text.chars().all(|c| NUMERIC_CHARS.contains(c)))
}

#[cfg(test)]
#[path = "yaml_tests.rs"]
mod tests;
