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
            inline(&mut out, scalar);
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
        push_string(out, key);
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
                inline(out, scalar);
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
                inline(out, scalar);
                out.push('\n');
            }
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let run = left.min(SPACES.len());
        out.push_str(SPACES.get(..run).unwrap_or_default());
        left -= run;
    }
}

/// Writes a scalar, or an empty collection, on one line.
fn inline(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::String(text) => push_string(out, text),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A string: plain when that is unambiguous, else double-quoted.
#[cfg(test)]
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

/// Writes a string to `out`: plain when that is unambiguous, else double-quoted.
fn push_string(out: &mut String, text: &str) {
    if is_plain_safe(text) {
        out.push_str(text);
    } else {
        quote(out, text);
    }
}

/// Writes a double-quoted scalar: quotes, backslashes and every character
/// YAML does not allow raw are escaped.
fn quote(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
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

/// [`BYTE_CLASS`] bit: the byte may stand in a plain scalar.
const ALLOWED: u8 = 1;
/// [`BYTE_CLASS`] bit: the byte is one of [`NUMERIC_CHARS`].
const NUMERIC: u8 = 2;

/// The class bits of every byte, computed once at compile time.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if b.is_ascii_alphanumeric() {
            table[byte] |= ALLOWED;
        }
        byte += 1;
    }
    let others = b" ._/:-*+=,()@<>$;";
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] |= ALLOWED;
        i += 1;
    }
    let numeric = NUMERIC_CHARS.as_bytes();
    let mut i = 0;
    while i < numeric.len() {
        table[numeric[i] as usize] |= NUMERIC;
        i += 1;
    }
    table
};

/// Whether `text` reads back as this very string in YAML 1.1 and 1.2 when
/// written plain. Deliberately conservative: quoting too often is harmless.
fn is_plain_safe(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    // One pass over the bytes; every allowed character is ASCII.
    let mut previous = 0u8;
    let mut numeric = true;
    for &byte in bytes {
        let class = BYTE_CLASS.get(usize::from(byte)).copied().unwrap_or(0);
        if class & ALLOWED == 0 || (previous == b':' && byte == b' ') || (previous == b' ' && byte == b'#') {
            return false;
        }
        numeric = numeric && class & NUMERIC != 0;
        previous = byte;
    }
    (first.is_ascii_alphanumeric() || first == b'/')
        && !matches!(previous, b' ' | b':')
        && !(bytes.len() <= 5 && RESERVED_WORDS.iter().any(|word| text.eq_ignore_ascii_case(word)))
        && !(first.is_ascii_digit() && numeric)
}

#[cfg(test)]
#[path = "yaml_tests.rs"]
mod tests;
