//! Lays rendered HCL out exactly as `terraform fmt` does, for the subset the
//! templates produce (no heredocs, no multi-line strings): two-space indents
//! that follow bracket nesting, `=` aligned across consecutive single-line
//! attributes, no trailing spaces. Blank lines are also normalised: at most
//! one in a row, none after an opening or before a closing line, one final newline.
//!
//! The indent and alignment rules follow hclwrite's `format.go`: a line that
//! opens brackets indents the following lines one level, however many it
//! opens (`policy = jsonencode({`); a line whose `=` is followed by unbalanced
//! brackets is not part of an alignment run.

/// How one line affects bracket nesting, and where its top-level `=` is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct LineShape {
    /// Net brackets opened (`{[(` and `${`) minus closed.
    net: i32,
    /// Byte offset of the first top-level `=` and the net brackets after it.
    assign: Option<(usize, i32)>,
}

fn bracket_change(c: char) -> i32 {
    match c {
        '{' | '[' | '(' => 1,
        '}' | ']' | ')' => -1,
        _ => 0,
    }
}

/// Skips a quoted string starting after its opening quote; returns the byte
/// offset just past the closing quote.
fn skip_string(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\\' => at += 2,
            b'"' => return at + 1,
            b'$' | b'%' if bytes.get(at + 1) == Some(&b) && bytes.get(at + 2) == Some(&b'{') => at += 3,
            b'$' | b'%' if bytes.get(at + 1) == Some(&b'{') => at = skip_interpolation(bytes, at + 2),
            _ => at += 1,
        }
    }
    at
}

/// Skips an interpolation's expression up to and past its closing brace.
fn skip_interpolation(bytes: &[u8], mut at: usize) -> usize {
    let mut depth = 1;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' => {
                at = skip_string(bytes, at + 1);
                continue;
            }
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return at + 1;
                }
            }
            _ => {}
        }
        at += 1;
    }
    at
}

fn shape(line: &str) -> LineShape {
    let bytes = line.as_bytes();
    let mut shape = LineShape::default();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' => {
                at = skip_string(bytes, at + 1);
                continue;
            }
            b'#' => break,
            b'=' => {
                let next = bytes.get(at + 1).copied();
                let prev = at.checked_sub(1).and_then(|p| bytes.get(p)).copied();
                let single =
                    next != Some(b'=') && next != Some(b'>') && !matches!(prev, Some(b'=' | b'!' | b'<' | b'>'));
                if single && at > 0 && shape.assign.is_none() {
                    shape.assign = Some((at, shape.net));
                }
            }
            _ => shape.net += bracket_change(char::from(b)),
        }
        at += 1;
    }
    if let Some((offset, before)) = shape.assign {
        shape.assign = Some((offset, shape.net - before));
    }
    shape
}

/// Applies the indent stack of hclwrite to one line's net bracket change and
/// returns the line's indent level.
fn indent_level(indents: &mut Vec<i32>, net: i32) -> usize {
    if net > 0 {
        let level = indents.len();
        indents.push(net);
        return level;
    }
    let mut closed = -net;
    while closed > 0 {
        let Some(top) = indents.last_mut() else { break };
        if closed < *top {
            *top -= closed;
            closed = 0;
        } else {
            closed -= *top;
            indents.pop();
        }
    }
    indents.len()
}

/// A laid-out line: indent, then text; `lead`/`rest` split at an aligned `=`.
struct Line {
    indent: usize,
    lead: String,
    rest: Option<String>,
}

/// Lays out `text` in `terraform fmt` style.
pub fn layout(text: &str) -> String {
    let mut lines: Vec<Line> = Vec::new();
    let mut indents: Vec<i32> = Vec::new();
    let mut previous_opens = true;
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            if !previous_opens && lines.last().is_some_and(|line| !line.lead.is_empty()) {
                lines.push(Line {
                    indent: 0,
                    lead: String::new(),
                    rest: None,
                });
            }
            continue;
        }
        let shape = shape(trimmed);
        if shape.net < 0 && lines.last().is_some_and(|line| line.lead.is_empty()) {
            lines.pop();
        }
        let indent = indent_level(&mut indents, shape.net);
        previous_opens = shape.net > 0;
        let line = match shape.assign {
            Some((offset, 0)) => Line {
                indent,
                lead: trimmed.get(..offset).unwrap_or_default().trim_end().to_string(),
                rest: Some(trimmed.get(offset + 1..).unwrap_or_default().trim_start().to_string()),
            },
            // An `=` that opens a multi-line value is not aligned, but still
            // gets one space on each side.
            Some((offset, _)) => Line {
                indent,
                lead: format!(
                    "{} = {}",
                    trimmed.get(..offset).unwrap_or_default().trim_end(),
                    trimmed.get(offset + 1..).unwrap_or_default().trim_start()
                ),
                rest: None,
            },
            None => Line {
                indent,
                lead: trimmed.to_string(),
                rest: None,
            },
        };
        lines.push(line);
    }
    while lines.last().is_some_and(|line| line.lead.is_empty()) {
        lines.pop();
    }
    let mut out = String::new();
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while lines.get(end).is_some_and(|line| line.rest.is_some()) {
            end += 1;
        }
        if end == start {
            if let Some(line) = lines.get(start) {
                if !line.lead.is_empty() {
                    push_indent(&mut out, line.indent);
                    out.push_str(&line.lead);
                }
                out.push('\n');
            }
            start += 1;
            continue;
        }
        let run = lines.get(start..end).unwrap_or_default();
        let width = run.iter().map(|line| line.lead.chars().count()).max().unwrap_or(0);
        for line in run {
            push_indent(&mut out, line.indent);
            out.push_str(&line.lead);
            for _ in line.lead.chars().count()..width {
                out.push(' ');
            }
            out.push_str(" = ");
            out.push_str(line.rest.as_deref().unwrap_or_default());
            out.push('\n');
        }
        start = end;
    }
    out
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_by_nesting_and_aligns_runs() {
        let input = "resource \"a\" \"b\" {\nprovider = aws.x\n\n\ncidr_block = \"10.0.0.0/16\"\nenable_dns_support = true\ntags = {\nName = \"a=b {\"\n}\n\n}\n";
        let expected = "resource \"a\" \"b\" {\n  provider = aws.x\n\n  cidr_block         = \"10.0.0.0/16\"\n  enable_dns_support = true\n  tags = {\n    Name = \"a=b {\"\n  }\n}\n";
        assert_eq!(layout(input), expected);
    }

    #[test]
    fn jsonencode_opens_one_level() {
        let input = "x {\npolicy = jsonencode({\nVersion = \"1\"\nStatement = [\n{\nSid = \"${a.b}\"\n},\n]\n})\n}";
        let expected = "x {\n  policy = jsonencode({\n    Version = \"1\"\n    Statement = [\n      {\n        Sid = \"${a.b}\"\n      },\n    ]\n  })\n}\n";
        assert_eq!(layout(input), expected);
    }

    #[test]
    fn escaped_interpolations_and_comments_do_not_count() {
        assert_eq!(shape("x = \"$${ {\"").net, 0);
        assert_eq!(shape("# a = {").assign, None);
        assert_eq!(shape("\"k=\" = [1]").assign, Some((5, 0)));
    }
}
