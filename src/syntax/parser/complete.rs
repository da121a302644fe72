//! What the grammar accepts at a place in a file, for editors' completion.
//!
//! The statement around the place is parsed up to the start of the word
//! being typed, followed by a character no rule accepts; pest then reports
//! every rule it tried there. Those rules are turned into keywords (through
//! the same table the "expected ..." messages use) and kinds of values, so
//! completion follows the grammar as it grows and never drifts from it.

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser;

use super::expected::{keywords, STATEMENT_KEYWORDS};
use super::grammar::{Rule, VpceParser};
use super::scan::scan;
use crate::syntax::ast::Span;

/// The longest statement text parsed from its start for one completion.
const MAX_PREFIX: usize = 64 * 1024;

/// How many later lines starting with a statement keyword are tried.
const MAX_RESTARTS: usize = 16;

/// Appended after the text before the cursor: no grammar rule accepts it.
const SENTINEL: char = '\u{0}';

/// The kinds of declared names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameKind {
    /// `vpc NAME`
    Vpc,
    /// `subnet NAME`
    Subnet,
    /// `bucket NAME`
    Bucket,
    /// `table NAME`
    Table,
    /// `service NAME`
    Service,
    /// `role NAME`
    Role,
}

impl NameKind {
    /// Every kind, in declaration-keyword order.
    pub const ALL: [NameKind; 6] = [
        NameKind::Vpc,
        NameKind::Subnet,
        NameKind::Bucket,
        NameKind::Table,
        NameKind::Service,
        NameKind::Role,
    ];

    /// The keyword with its indefinite article, for messages (`a bucket`).
    pub fn with_article(self) -> String {
        format!("a {}", self.keyword())
    }

    /// The keyword that declares a name of this kind, which is also the noun
    /// used in messages.
    pub fn keyword(self) -> &'static str {
        match self {
            NameKind::Vpc => "vpc",
            NameKind::Subnet => "subnet",
            NameKind::Bucket => "bucket",
            NameKind::Table => "table",
            NameKind::Service => "service",
            NameKind::Role => "role",
        }
    }
}

/// One thing the grammar accepts at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Want {
    /// A keyword.
    Keyword(&'static str),
    /// A name of this kind; `declaring` when the statement declares it
    /// (a new name is wanted, not one already declared).
    Name {
        /// The kind of name.
        kind: NameKind,
        /// Whether the statement declares the name.
        declaring: bool,
    },
    /// A region code.
    Region,
    /// An availability zone name or id.
    Zone,
    /// An AWS service short name (an intent target).
    AwsService,
    /// An access word or an IAM action.
    Access,
    /// A value typed by hand: a CIDR block, an ARN, an AWS id, a policy name or a key.
    Literal,
}

/// The grammar's view of a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// What may come at the place, without duplicates.
    pub wants: Vec<Want>,
    /// The word being typed (empty at a space): what a completion replaces.
    pub word: Span,
    /// The words of the statement before that word, comments left out.
    pub before: Vec<String>,
}

/// What the grammar accepts at byte `offset` of `text`: `None` inside a
/// comment or a quoted string, past the end, or when the statement is
/// already wrong before the place.
pub fn expected_at(text: &str, offset: usize) -> Option<Expected> {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let scanned = scan(text);
    if scanned
        .comments
        .iter()
        .any(|c| c.span.start < offset && offset <= c.span.end)
    {
        return None;
    }
    let word = word_at(text, offset);
    let start = scanned
        .chunks
        .iter()
        .find(|c| c.start <= word.start && (word.start < c.end || (!c.terminated && word.start <= c.end)))
        .map_or(word.start, |c| c.start);
    // A statement whose `;` is still missing runs on into the one being
    // typed: then the grammar is asked again from the later lines that
    // start with a statement keyword, the nearest first.
    // Bounded, so that a file of many unterminated lines stays quick.
    let restarts = line_starts_with_statement(text, start, word.start);
    let (prefix, rules) = std::iter::once(start)
        .filter(|from| word.start - from <= MAX_PREFIX)
        .chain(restarts.into_iter().rev().take(MAX_RESTARTS))
        .find_map(|from| {
            let prefix = text.get(from..word.start)?;
            expected_rules(prefix).map(|rules| (prefix, rules))
        })?;
    let before = words(prefix);
    let mut wants: Vec<Want> = Vec::new();
    for rule in rules {
        for want in wants_of(rule, &before) {
            if !wants.contains(&want) {
                wants.push(want);
            }
        }
    }
    Some(Expected { wants, word, before })
}

/// The rules the grammar tries right after `prefix`, the start of a
/// statement; `None` when the prefix itself does not parse.
fn expected_rules(prefix: &str) -> Option<Vec<Rule>> {
    if prefix.matches('"').count() % 2 == 1 {
        return None;
    }
    let mut source = String::with_capacity(prefix.len() + 1);
    source.push_str(prefix);
    source.push(SENTINEL);
    let err = VpceParser::parse(Rule::statement, &source).err()?;
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    match err.variant {
        ErrorVariant::ParsingError { positives, .. } if pos == prefix.len() => Some(positives),
        _ => None,
    }
}

/// The offsets in `start..end` of lines whose first word is a statement keyword.
fn line_starts_with_statement(text: &str, start: usize, end: usize) -> Vec<usize> {
    let Some(region) = text.get(start..end) else {
        return Vec::new();
    };
    region
        .match_indices('\n')
        .map(|(i, _)| start + i + 1)
        .filter_map(|line| {
            let rest = text.get(line..end)?;
            let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let first = rest
                .get(indent..)?
                .split(|c: char| c.is_whitespace() || c == ',')
                .next()?;
            STATEMENT_KEYWORDS.contains(&first).then_some(line + indent)
        })
        .collect()
}

/// The word around `offset`: the run of characters that are not blanks,
/// `,`, `;`, `#` or `"` (an ARN, an action and a CIDR are one word each).
fn word_at(text: &str, offset: usize) -> Span {
    let stop = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '#' | '"');
    let before = text.get(..offset).unwrap_or("");
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| stop(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let after = text.get(offset..).unwrap_or("");
    let end = offset + after.find(stop).unwrap_or(after.len());
    Span::new(start, end)
}

/// The words of a statement's text, without comments and punctuation.
fn words(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(|line| line.split(|c: char| c.is_whitespace() || c == ','))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// What one expected rule stands for, given the words before it.
fn wants_of(rule: Rule, before: &[String]) -> Vec<Want> {
    let name = |kind: NameKind| {
        // `vpc NAME`, `bucket NAME`...: the statement's second word is the
        // name it declares. `subnet NAME` may also start an intent, whose
        // subnets are uses.
        let declaring = before.len() == 1 && before.first().map(String::as_str) == Some(kind.keyword());
        vec![Want::Name {
            kind,
            declaring: declaring && kind != NameKind::Subnet,
        }]
    };
    match rule {
        Rule::vpc_name => name(NameKind::Vpc),
        Rule::subnet_name => name(NameKind::Subnet),
        Rule::bucket_name => name(NameKind::Bucket),
        Rule::table_name => name(NameKind::Table),
        Rule::service_name => name(NameKind::Service),
        Rule::role_name => name(NameKind::Role),
        Rule::region | Rule::intent_region => vec![Want::Region],
        Rule::az => vec![Want::Zone],
        Rule::aws_service => vec![Want::AwsService],
        Rule::target => {
            let mut wants: Vec<Want> = keywords(rule).into_iter().map(Want::Keyword).collect();
            wants.push(Want::AwsService);
            wants
        }
        Rule::access | Rule::iam_action => {
            let mut wants: Vec<Want> = keywords(Rule::access).into_iter().map(Want::Keyword).collect();
            wants.push(Want::Access);
            wants
        }
        Rule::cidr
        | Rule::arn
        | Rule::vpc_id
        | Rule::subnet_id
        | Rule::rtb_id
        | Rule::policy_name
        | Rule::key_attr
        | Rule::key_word
        | Rule::quoted => vec![Want::Literal],
        _ => keywords(rule).into_iter().map(Want::Keyword).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(text: &str) -> Vec<Want> {
        expected_at(text, text.len()).map(|e| e.wants).unwrap_or_default()
    }

    fn keywords_at_end(text: &str) -> Vec<&'static str> {
        at_end(text)
            .into_iter()
            .filter_map(|w| match w {
                Want::Keyword(k) => Some(k),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_new_statement_wants_a_statement_keyword() {
        let keywords = keywords_at_end("region eu-west-1;\n");
        for k in [
            "region", "vpc", "subnet", "bucket", "table", "deny", "allow", "service", "role",
        ] {
            assert!(keywords.contains(&k), "{k} missing from {keywords:?}");
        }
        assert_eq!(keywords_at_end(""), keywords_at_end("region eu-west-1;\nsu"));
    }

    #[test]
    fn clauses_follow_the_grammar() {
        let mut after_vpc = keywords_at_end("vpc app ");
        after_vpc.sort_unstable();
        assert_eq!(after_vpc, ["cidr", "id"]);
        let after_subnet = keywords_at_end("subnet a ");
        for k in ["reach", "reaches", "in", "cidr", "id"] {
            assert!(after_subnet.contains(&k), "{k} missing from {after_subnet:?}");
        }
        let after_via = keywords_at_end("subnet a reaches s3 via ");
        assert_eq!(after_via.len(), 3, "{after_via:?}");
        assert!(keywords_at_end("subnet a reaches s3 via interface ").contains(&"private-dns"));
    }

    #[test]
    fn values_have_their_kind() {
        assert!(at_end("region ").contains(&Want::Region));
        assert!(at_end("subnet a cidr 10.0.1.0/24 az ").contains(&Want::Zone));
        let targets = at_end("subnet a reaches ");
        assert!(targets.contains(&Want::AwsService));
        assert!(targets.contains(&Want::Keyword("bucket")));
        assert_eq!(
            at_end("subnet a reaches bucket "),
            [Want::Name {
                kind: NameKind::Bucket,
                declaring: false
            }]
        );
        assert_eq!(
            at_end("vpc "),
            [Want::Name {
                kind: NameKind::Vpc,
                declaring: true
            }]
        );
        assert!(at_end("subnet a reaches bucket b via gateway allow ").contains(&Want::Access));
        assert_eq!(at_end("allow admin "), [Want::Literal]);
    }

    #[test]
    fn the_word_being_typed_is_replaced() {
        let text = "subnet a reaches s3 via gatew";
        let expected = expected_at(text, text.len()).unwrap();
        assert_eq!(&text[expected.word.start..expected.word.end], "gatew");
        assert_eq!(expected.before, ["subnet", "a", "reaches", "s3", "via"]);
        let middle = expected_at(text, text.len() - 2).unwrap();
        assert_eq!(&text[middle.word.start..middle.word.end], "gatew");
    }

    #[test]
    fn nothing_inside_comments_broken_statements_or_past_the_end() {
        assert_eq!(expected_at("# a comment", 5), None);
        assert_eq!(expected_at("vpc app cird 10.0.0.0/16 ", 25), None);
        assert_eq!(expected_at("vpc", 99), None);
        assert_eq!(expected_at("é", 1), None);
    }

    #[test]
    fn a_statement_missing_its_semicolon_does_not_hide_the_next() {
        let text = "subnet a cidr 10.0.1.0/24 az\nsubnet b reaches bucket\nsubnet ";
        assert_eq!(
            at_end(text),
            [Want::Name {
                kind: NameKind::Subnet,
                declaring: false
            }]
        );
    }

    #[test]
    fn a_long_run_of_unterminated_statements_is_bounded() {
        let mut text = "vpc a cidr 10.0.0.0/16\n".repeat(20_000);
        text.push_str("subnet b reaches ");
        let started = std::time::Instant::now();
        let expected = expected_at(&text, text.len()).map(|e| e.wants).unwrap_or_default();
        assert!(expected.contains(&Want::AwsService));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_statement_over_several_lines_with_comments_is_followed() {
        let text = "subnet a, # first\n  b reaches kms\n  via ";
        assert_eq!(keywords_at_end(text).len(), 3);
    }
}
