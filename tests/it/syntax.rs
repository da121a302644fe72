//! The front end: the grammar, the AST it builds and its E001 diagnostics.

use proptest::prelude::*;
use vpcec::diagnostics::{render_human, Diagnostic, SourceFile};
use vpcec::rules::Code;
use vpcec::syntax::ast::{Access, ReachVerb, StatementKind, TableSource, Target, Via};
use vpcec::syntax::parse;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/parse/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn render(name: &str, text: &str) -> String {
    let (_, diagnostics) = parse(text);
    let file = SourceFile {
        name: name.to_string(),
        text: text.to_string(),
    };
    render_human(&file, &diagnostics, false)
}

fn parse_ok(text: &str) -> Vec<StatementKind> {
    let (program, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    program.statements.into_iter().map(|s| s.kind).collect()
}

fn messages(text: &str) -> Vec<String> {
    parse(text).1.into_iter().map(|d| d.message).collect()
}

#[test]
fn every_statement_form_parses_to_the_ast() {
    let text = fixture("all-statements.vpce");
    let (program, diagnostics) = parse(&text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    insta::assert_yaml_snapshot!(program);
}

#[test]
fn statement_spans_run_from_keyword_to_semicolon() {
    let text = fixture("all-statements.vpce");
    let (program, _) = parse(&text);
    for statement in &program.statements {
        let written = &text[statement.span.start..statement.span.end];
        assert!(written.ends_with(';'), "{written}");
        assert!(!written.starts_with(char::is_whitespace), "{written}");
    }
    let spanned: Vec<&str> = program.statements[..2]
        .iter()
        .map(|s| &text[s.span.start..s.span.end])
        .collect();
    assert_eq!(spanned, ["region eu-west-1;", "vpc main cidr 10.0.0.0/16;"]);
}

#[test]
fn word_spans_point_at_the_words() {
    let text = "subnet a , b # two\n reaches bucket logs ,s3 eu-west-1 via  gateway allow read;";
    let (program, diagnostics) = parse(text);
    assert!(diagnostics.is_empty());
    let StatementKind::Intent(intent) = &program.statements[0].kind else {
        panic!("not an intent");
    };
    let at = |span: vpcec::syntax::ast::Span| &text[span.start..span.end];
    assert_eq!(at(intent.subnets[1].span), "b");
    assert_eq!(at(intent.targets[0].span), "bucket logs");
    assert_eq!(at(intent.targets[1].span), "s3");
    assert_eq!(intent.region.as_ref().map(|r| at(r.span)), Some("eu-west-1"));
    assert_eq!(at(intent.via.span), "via  gateway");
    assert_eq!(intent.allow.as_ref().map(|a| at(a.span)), Some("allow read"));
    assert_eq!(program.comments[0].text, " two");
    assert_eq!(at(program.comments[0].span), "# two");
}

#[test]
fn crlf_tabs_and_a_byte_order_mark_are_whitespace() {
    let text = "\u{feff}region\teu-west-1;\r\n# note\r\nbucket b\r\n  existing;\r\n";
    let (program, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert_eq!(program.statements.len(), 2);
    assert_eq!(program.comments[0].text, " note");
}

#[test]
fn empty_and_comment_only_files_are_empty_programs() {
    for text in ["", "   \n\t\n", "# only a comment", "# one\n\n  # two\n"] {
        let (program, diagnostics) = parse(text);
        assert!(program.statements.is_empty() && diagnostics.is_empty(), "{text:?}");
    }
    assert_eq!(parse("# one\n  # two;\n").0.comments.len(), 2);
}

#[test]
fn keywords_are_whole_words() {
    let kinds = parse_ok("subnet a reach s3 via gateway; subnet a reaches s3 via gateway;");
    let verbs: Vec<ReachVerb> = kinds
        .iter()
        .filter_map(|k| match k {
            StatementKind::Intent(i) => Some(i.verb),
            _ => None,
        })
        .collect();
    assert_eq!(verbs, [ReachVerb::Reach, ReachVerb::Reaches]);
    assert_eq!(
        messages("vpcx a cidr 10.0.0.0/16;")[0],
        "unknown statement `vpcx`: expected `region`, `vpc`, `subnet`, `bucket`, `table`, `deny`, `allow`, `service` or `role`"
    );
    // `reachable` is neither `reach` nor `reaches`.
    assert_eq!(messages("subnet a reachable s3 via nat;").len(), 1);
    // `private-dns` is not `private`, `publicly` is not `public`.
    assert_eq!(messages("subnet a cidr 10.0.0.0/24 az x publicly;").len(), 1);
}

#[test]
fn keywords_may_be_names_where_unambiguous() {
    let kinds = parse_ok(
        "vpc region cidr 10.0.0.0/16; subnet in in region cidr 10.0.0.0/24 az via; \
         bucket table; subnet in reaches bucket table, bucket via via gateway;",
    );
    let StatementKind::Intent(intent) = &kinds[3] else {
        panic!("not an intent");
    };
    assert_eq!(intent.subnets[0].node, "in");
    assert_eq!(intent.targets.len(), 2);
    assert_eq!(intent.region, None);
}

#[test]
fn intent_region_is_the_word_after_the_last_target() {
    let kinds = parse_ok("subnet a reaches sqs, kms us-east-1 via interface private-dns off;");
    let StatementKind::Intent(intent) = &kinds[0] else {
        panic!("not an intent");
    };
    assert_eq!(intent.region.as_ref().map(|r| r.node.as_str()), Some("us-east-1"));
    assert_eq!(intent.via.node, Via::Interface);
    assert!(intent.private_dns_off.is_some());
    let names: Vec<&Target> = intent.targets.iter().map(|t| &t.node).collect();
    assert_eq!(names, [&Target::Service("sqs".into()), &Target::Service("kms".into())]);
}

#[test]
fn access_lists_and_quoted_keys() {
    let kinds = parse_ok(
        "subnet a reaches bucket b via gateway allow read, write, list, all, s3:Get*, dynamodb:Query;\n\
         table t key \"a \\\"b\\\" \\\\ c;#\";",
    );
    let StatementKind::Intent(intent) = &kinds[0] else {
        panic!("not an intent");
    };
    let access: Vec<Access> = intent.allow.clone().unwrap().node.into_iter().map(|a| a.node).collect();
    assert_eq!(
        access,
        [
            Access::Read,
            Access::Write,
            Access::List,
            Access::All,
            Access::Action("s3:Get*".into()),
            Access::Action("dynamodb:Query".into())
        ]
    );
    let StatementKind::Table(table) = &kinds[1] else {
        panic!("not a table");
    };
    let TableSource::Created { key } = &table.source else {
        panic!("not created");
    };
    assert_eq!(key.node, "a \"b\" \\ c;#");
}

#[test]
fn three_separate_errors_give_three_diagnostics() {
    let text =
        "region eu-west-1;\nvpc main cidr x;\nbucket ok;\nsubnet a reaches s3 vai gateway;\nrole r for ec2 in a\n";
    let (program, diagnostics) = parse(text);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    assert!(diagnostics.iter().all(|d| d.code == Code::E001));
    // The statements that parse are kept, the unterminated last one too.
    assert_eq!(program.statements.len(), 3);
    insta::assert_snapshot!(render("three.vpce", text));
}

#[test]
fn a_missing_semicolon_is_reported_and_both_statements_are_read() {
    let text = "vpc main cidr 10.0.0.0/16\nsubnet a cidr 10.0.1.0/24 az eu-west-1a\nbucket b;\n";
    let (program, diagnostics) = parse(text);
    assert_eq!(program.statements.len(), 3);
    assert_eq!(diagnostics.len(), 2);
    insta::assert_snapshot!(render("semicolons.vpce", text));
}

#[test]
fn a_long_run_without_semicolons_is_read_in_linear_time() {
    let mut text: String = (0..3000).map(|i| format!("bucket b{i} existing\n")).collect();
    text.push_str("vpc main cidr x\nbucket lost;\nbucket last;\n");
    let started = std::time::Instant::now();
    let (program, diagnostics) = parse(&text);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    // Reading stops at the first error that is not a missing `;`, up to the next `;`.
    assert_eq!(program.statements.len(), 3001);
    assert_eq!(diagnostics.len(), 3001);
    let cidr = &diagnostics[3000];
    assert_eq!(cidr.message, "expected a CIDR block like `10.0.0.0/16`, found `x`");
    let span = cidr.span.expect("a syntax error has a place");
    assert_eq!(&text[span.start..span.end], "x");
}

#[test]
fn error_messages_name_what_was_expected() {
    let cases = [
        ("unknown-statement", "vpcs main cidr 10.0.0.0/16;"),
        ("bad-cidr", "vpc main cidr x;"),
        ("cidr-without-prefix", "subnet a cidr 10.0.0.0 az eu-west-1a;"),
        ("misspelt-via", "subnet a reaches s3 vai gateway;"),
        ("missing-via", "subnet a reaches s3;"),
        ("bad-via-kind", "subnet a reaches s3 via gatway;"),
        ("misspelt-verb", "subnet a reachs s3 via gateway;"),
        ("bad-access", "subnet a reaches bucket b via gateway allow reed;"),
        ("account-id-not-arn", "allow admin 123456789012;"),
        ("role-not-ec2", "role r for lambda;"),
        ("target-keyword", "subnet a reaches bucket, s3 via gateway;"),
        ("unterminated-string", "table t key \"abc;"),
        ("extra-semicolon", "bucket b;;"),
        ("end-of-file", "deny public on bucket"),
        ("table-needs-key", "table t region eu-west-1;"),
        ("role-allow-needs-on", "role r for ec2 allow read;"),
        ("service-needs-nlb", "service api allow arn:aws:iam::1:root;"),
        ("stray-character", "bucket b €;"),
        ("intent-without-subnet", "app reaches s3 via gateway;"),
        ("uppercase-keyword", "VPC main cidr 10.0.0.0/16;"),
        ("empty-allow", "subnet a reaches bucket b via gateway allow;"),
        ("cidr-glued-to-word", "vpc main cidr 10.0.0.0/16region eu-west-1;"),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        let (_, diagnostics) = parse(text);
        assert_eq!(diagnostics.len(), 1, "{name}: {diagnostics:#?}");
        out.push_str(&format!("=== {name}: {text}\n{}", render(name, text)));
    }
    insta::assert_snapshot!(out);
}

fn spans_of(value: &serde_json::Value, out: &mut Vec<(usize, usize)>) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(s), Some(e)) = (map.get("start"), map.get("end")) {
                if let (Some(s), Some(e)) = (s.as_u64(), e.as_u64()) {
                    out.push((s as usize, e as usize));
                }
            }
            map.values().for_each(|v| spans_of(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| spans_of(v, out)),
        _ => {}
    }
}

fn assert_spans_valid(text: &str) {
    let (program, diagnostics) = parse(text);
    let mut spans = Vec::new();
    spans_of(&serde_json::to_value(&program).unwrap(), &mut spans);
    for d in &diagnostics {
        let span = d.span.expect("a syntax error has a place");
        spans.push((span.start, span.end));
        spans.extend(d.related.iter().map(|r| (r.span.start, r.span.end)));
        assert_eq!(d.code, Code::E001);
    }
    for (start, end) in spans {
        assert!(start <= end && end <= text.len(), "{start}..{end} in {text:?}");
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{start}..{end} in {text:?}"
        );
    }
    let rendered: Vec<&Diagnostic> = diagnostics.iter().collect();
    let _ = render("fuzz.vpce", text);
    assert!(rendered.iter().all(|d| !d.message.is_empty()));
}

/// Words of random token soups: every keyword, and other tokens of the language or not.
fn tokens() -> Vec<&'static str> {
    let extra: &[&str] = &[
        "s3",
        "s3:Get*",
        "eu-west-1",
        "10.0.0.0/16",
        "arn:aws:iam::1:root",
        "a",
        "b.c",
        ",",
        ";",
        ";",
        "\"",
        "\"q\\\"\"",
        "# c\n",
        "é",
        "\u{0}",
        "\\",
        "*",
        "\r\n",
        "\t",
    ];
    vpcec::syntax::KEYWORDS.iter().chain(extra).copied().collect()
}
proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(512) })]

    #[test]
    fn random_text_never_panics(text in any::<String>()) {
        assert_spans_valid(&text);
    }

    #[test]
    fn token_soup_never_panics(
        soup in prop::collection::vec((0..tokens().len(), prop::sample::select(vec![" ", "", "\n", "  "])), 0..40)
    ) {
        let words = tokens();
        let text: String = soup.iter().map(|(i, sep)| format!("{}{sep}", words[*i])).collect();
        assert_spans_valid(&text);
    }
}
