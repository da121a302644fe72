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
//! Widths are counted in characters where hclwrite counts grapheme clusters;
//! the two agree on the ASCII attribute and object keys the emitter writes.

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

/// A 256-entry membership table of bytes, for the scanning loops below: a
/// table look-up per byte instead of a chain of comparisons.
const fn byte_set(members: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < members.len() {
        set[members[i] as usize] = true;
        i += 1;
    }
    set
}

/// Bytes that matter outside a quoted string.
const CODE_SPECIAL: [bool; 256] = byte_set(b"\"#={[(}])");
/// Bytes that matter inside a quoted string.
const STRING_SPECIAL: [bool; 256] = byte_set(b"\\\"$%");

/// The offset of the first byte at or after `at` in `set` (or the length).
fn next_special(bytes: &[u8], mut at: usize, set: &[bool; 256]) -> usize {
    while let Some(&b) = bytes.get(at) {
        if set[usize::from(b)] {
            return at;
        }
        at += 1;
    }
    at
}

/// Skips a quoted string starting after its opening quote; returns the byte
/// offset just past the closing quote.
fn skip_string(bytes: &[u8], mut at: usize) -> usize {
    loop {
        at = next_special(bytes, at, &STRING_SPECIAL);
        let Some(&b) = bytes.get(at) else { return at };
        match b {
            b'\\' => at += 2,
            b'"' => return at + 1,
            b'$' | b'%' if bytes.get(at + 1) == Some(&b) && bytes.get(at + 2) == Some(&b'{') => at += 3,
            b'$' | b'%' if bytes.get(at + 1) == Some(&b'{') => at = skip_interpolation(bytes, at + 2),
            _ => at += 1,
        }
    }
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
    loop {
        at = next_special(bytes, at, &CODE_SPECIAL);
        let Some(&b) = bytes.get(at) else { break };
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

/// Lays out `text` in `terraform fmt` style.
pub fn layout(text: &str) -> String {
    let mut layout = Layout::default();
    layout.push(text);
    layout.finish()
}

/// `terraform fmt` layout fed piece by piece, so that the unformatted text
/// never has to exist whole: lines are written out as they come, except a
/// run of `=` lines, held (as ranges of one buffer) until its width is known,
/// and a blank line, held until the next line shows whether it stays.
/// Pieces must split the text at line ends.
#[derive(Debug, Default)]
pub struct Layout {
    out: String,
    indents: Vec<i32>,
    /// Whether the last non-blank line opened brackets (no blank line after it).
    previous_opens: bool,
    /// Whether a non-blank line has been laid out and no blank line held since.
    after_text: bool,
    /// A blank line that the next line may drop (a closing line does).
    blank_held: bool,
    /// The held run of aligned lines: indent, lead and rest as ranges of
    /// `run_text`, and the lead's width in characters.
    run: Vec<(usize, std::ops::Range<usize>, std::ops::Range<usize>, usize)>,
    run_text: String,
}

impl Layout {
    /// A layout that continues after a closed top-level block, as if that block
    /// had been laid out already (used to lay out the body of a file before
    /// its header, which is then laid out on its own and put in front).
    pub fn after_block() -> Self {
        Layout {
            after_text: true,
            ..Layout::default()
        }
    }

    /// [`Layout::after_block`] with room for `capacity` bytes of laid-out text.
    pub fn after_block_with_capacity(capacity: usize) -> Self {
        Layout {
            out: String::with_capacity(capacity),
            ..Layout::after_block()
        }
    }

    /// Whether the layout is where [`Layout::after_block`] starts: every
    /// bracket closed, no aligned run held, the last line not an opening one.
    pub fn is_after_block(&self) -> bool {
        self.indents.is_empty() && self.run.is_empty() && !self.previous_opens && (self.after_text || self.blank_held)
    }

    /// Lays out the lines of `text`.
    pub fn push(&mut self, text: &str) {
        for raw in text.lines() {
            self.line(raw.trim());
        }
    }

    fn line(&mut self, trimmed: &str) {
        if trimmed.is_empty() {
            if !self.previous_opens && self.after_text {
                self.blank_held = true;
                self.after_text = false;
            }
            return;
        }
        let shape = shape(trimmed);
        if shape.net < 0 {
            // A closing line drops the blank line before it.
            self.blank_held = false;
        }
        if std::mem::take(&mut self.blank_held) {
            self.flush_run();
            self.out.push('\n');
        }
        self.after_text = true;
        let indent = indent_level(&mut self.indents, shape.net);
        self.previous_opens = shape.net > 0;
        match shape.assign {
            Some((offset, 0)) => {
                let lead = trimmed.get(..offset).unwrap_or_default().trim_end();
                let rest = trimmed.get(offset + 1..).unwrap_or_default().trim_start();
                let at = self.run_text.len();
                self.run_text.push_str(lead);
                self.run_text.push_str(rest);
                let middle = at + lead.len();
                let width = if lead.is_ascii() {
                    lead.len()
                } else {
                    lead.chars().count()
                };
                self.run.push((indent, at..middle, middle..self.run_text.len(), width));
            }
            // An `=` that opens a multi-line value is not aligned, but still
            // gets one space on each side.
            Some((offset, _)) => {
                self.flush_run();
                push_indent(&mut self.out, indent);
                self.out.push_str(trimmed.get(..offset).unwrap_or_default().trim_end());
                self.out.push_str(" = ");
                self.out
                    .push_str(trimmed.get(offset + 1..).unwrap_or_default().trim_start());
                self.out.push('\n');
            }
            None => {
                self.flush_run();
                push_indent(&mut self.out, indent);
                self.out.push_str(trimmed);
                self.out.push('\n');
            }
        }
    }

    /// Writes the held run with its `=` aligned.
    fn flush_run(&mut self) {
        let text = &self.run_text;
        let width = self.run.iter().map(|&(_, _, _, width)| width).max().unwrap_or(0);
        for (indent, lead, rest, lead_width) in &self.run {
            push_indent(&mut self.out, *indent);
            self.out.push_str(text.get(lead.clone()).unwrap_or_default());
            push_spaces(&mut self.out, width.saturating_sub(*lead_width));
            self.out.push_str(" = ");
            self.out.push_str(text.get(rest.clone()).unwrap_or_default());
            self.out.push('\n');
        }
        self.run.clear();
        self.run_text.clear();
    }

    /// The laid-out text; a blank line still held at the end is dropped.
    pub fn finish(mut self) -> String {
        self.flush_run();
        self.out
    }
}

/// Spaces for indents and alignment, written a slice at a time.
const SPACES: &str = "                                                                ";

/// Pushes `count` spaces.
fn push_spaces(out: &mut String, mut count: usize) {
    while count > 0 {
        let chunk = count.min(SPACES.len());
        out.push_str(SPACES.get(..chunk).unwrap_or_default());
        count -= chunk;
    }
}

fn push_indent(out: &mut String, level: usize) {
    push_spaces(out, 2 * level);
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
    fn pieces_and_a_body_laid_out_before_its_header_give_the_whole_layout() {
        let header = "terraform {\nrequired_version = \">= 1.0\"\n}\n\n";
        let body = "\nresource \"a\" \"b\" {\nx = 1\nlonger = 2\n\n}\n\n\nlocals {\na = 1\n}\n";
        let whole = layout(&format!("{header}{body}"));
        let mut pieces = Layout::default();
        for line in format!("{header}{body}").split_inclusive('\n') {
            pieces.push(line);
        }
        assert_eq!(pieces.finish(), whole);
        let mut head = Layout::default();
        head.push(header);
        assert!(head.is_after_block());
        let mut rest = Layout::after_block();
        rest.push(body);
        assert_eq!(format!("{}{}", head.finish(), rest.finish()), whole);
        let mut open = Layout::default();
        open.push("x {\n");
        assert!(!open.is_after_block());
    }

    #[test]
    fn escaped_interpolations_and_comments_do_not_count() {
        assert_eq!(shape("x = \"$${ {\"").net, 0);
        assert_eq!(shape("# a = {").assign, None);
        assert_eq!(shape("\"k=\" = [1]").assign, Some((5, 0)));
    }
}
