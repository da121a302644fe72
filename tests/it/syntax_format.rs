//! `vpcec fmt`: canonical layout, idempotence and meaning preservation.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use vpcec::rules::Code;
use vpcec::syntax::format::format;
use vpcec::syntax::parse;

/// The AST without spans, and the comment texts, for "same meaning" checks.
fn meaning(text: &str) -> (serde_json::Value, Vec<String>) {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if map.len() == 2 && map.contains_key("start") && map.contains_key("end") {
                    *value = serde_json::Value::Null;
                    return;
                }
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let (program, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{text}\n{diagnostics:#?}");
    let mut statements = serde_json::to_value(&program.statements).unwrap();
    strip(&mut statements);
    let comments = program.comments.into_iter().map(|c| c.text).collect();
    (statements, comments)
}

fn assert_formats_stably(text: &str) -> String {
    let once = format(text).unwrap_or_else(|d| panic!("{text}\n{d:#?}"));
    let twice = format(&once).unwrap();
    assert_eq!(once, twice, "not idempotent for:\n{text}");
    assert_eq!(meaning(text), meaning(&once), "meaning changed:\n{text}\n---\n{once}");
    once
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixture_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "vpce") {
            out.push(path);
        }
    }
}

#[test]
fn messy_layout_is_cleaned_up() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parse/messy-layout.vpce");
    let text = std::fs::read_to_string(path).unwrap();
    insta::assert_snapshot!(assert_formats_stably(&text));
}

#[test]
fn every_fixture_formats_stably_or_reports_why_not() {
    let mut files = Vec::new();
    fixture_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut files,
    );
    files.sort();
    assert!(files.len() >= 2);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let (_, diagnostics) = parse(&text);
        if diagnostics.is_empty() {
            assert_formats_stably(&text);
        } else {
            assert_eq!(format(&text), Err(diagnostics), "{}", file.display());
        }
    }
}

#[test]
fn canonical_text_is_left_alone() {
    let canonical = "region eu-west-1;\n\n# storage\nbucket b; # trailing\ntable t key id;\n";
    assert_eq!(format(canonical).unwrap(), canonical);
    assert_eq!(format("").unwrap(), "");
    assert_eq!(
        format("\n\n# only\n\n\n# comments\n").unwrap(),
        "# only\n\n# comments\n"
    );
}

#[test]
fn long_statements_break_before_via_reaches_and_allow() {
    let long = "subnet a reaches bucket aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bucket bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb via gateway allow read;";
    assert_eq!(
        format(long).unwrap(),
        "subnet a\n    reaches bucket aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bucket bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n    via gateway allow read;\n"
    );
    // What fits stays on the line.
    let fits = "subnet a reaches bucket aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bucket bbbbbbbbbbbbbbbbbbbbbbbbbbbb via gateway allow read;";
    assert_eq!(
        format(fits).unwrap(),
        "subnet a reaches bucket aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bucket bbbbbbbbbbbbbbbbbbbbbbbbbbbb\n    via gateway allow read;\n"
    );
}

#[test]
fn a_list_too_long_for_its_own_line_gets_one_item_per_line() {
    let admins =
        "allow admin arn:aws:iam::123456789012:role/Administrators, arn:aws:iam::123456789012:user/nextwork-admin;";
    assert_eq!(
        assert_formats_stably(admins),
        "allow admin\n    arn:aws:iam::123456789012:role/Administrators,\n    arn:aws:iam::123456789012:user/nextwork-admin;\n"
    );
    // In a clause: one indent deeper than the clause's keyword; the region
    // after the targets stays with the last one, the next clause gets a line.
    let targets = "subnet a reaches bucket aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bucket bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb us-east-1 via gateway allow read;";
    assert_eq!(
        assert_formats_stably(targets),
        "subnet a\n    reaches\n        bucket aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,\n        bucket bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb us-east-1\n    via gateway allow read;\n"
    );
    // A single word longer than a line is not split off its keyword.
    let one = format!("allow admin arn:aws:iam::123456789012:role/{};", "A".repeat(90));
    assert_eq!(assert_formats_stably(&one), format!("{one}\n"));
}

#[test]
fn long_statements_of_every_kind_break_before_their_clauses() {
    let text = concat!(
        "vpc the-network-of-the-payments-team-in-ireland id vpc-0123456789abcdef0 cidr 172.31.0.0/16 region eu-west-1;\n",
        "subnet legacy-a id subnet-0aa11bb22cc33dd44 route-table rtb-0123456789abcdef0 cidr 172.31.0.0/20 az eu-west-1a;\n",
        "subnet the-application-subnet-of-the-payments-team in the-network-of-the-payments-team cidr 10.0.1.0/24 az eu-west-1a public;\n",
        "bucket payments-team-archive-of-every-invoice-ever-written-in-ireland region us-east-1 existing;\n",
        "table payments-team-ledger-of-every-invoice-ever-written-in-ireland region us-east-1 key \"invoice id\";\n",
        "subnet app-a, app-b, app-c reaches kms, ssm, ssmmessages, ec2messages, ecr.api, ecr.dkr, logs, sts, sqs, sns, secretsmanager, monitoring via interface private-dns off;\n",
        "deny public on bucket payments-team-archive-of-every-invoice, table payments-team-ledger-of-every-invoice;\n",
        "allow admin arn:aws:iam::123456789012:role/Admin, arn:aws:iam::123456789012:user/nextwork-admin, arn:aws:iam::123456789012:root;\n",
        "service orders-api nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/app/0123456789abcdef acceptance required allow arn:aws:iam::444455556666:root;\n",
        "service two-balancers nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/a/1, arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/b/2 allow arn:aws:iam::444455556666:root;\n",
        "role guide-ssm-instance for ec2 in public-a, public-b, private-a, private-b managed AmazonSSMManagedInstanceCore allow read on bucket x;\n",
        "role app for ec2 in app-a, app-b managed AmazonSSMManagedInstanceCore allow read on bucket logs-example-corporation-bucket-name, table orders;\n",
        "role many-subnets for ec2 in application-subnet-a, application-subnet-b, application-subnet-c, application-subnet-d allow all on bucket b;\n",
    );
    let formatted = assert_formats_stably(text);
    for line in formatted.lines() {
        assert!(line.chars().count() <= 100, "too long: {line:?}");
    }
    insta::assert_snapshot!(formatted);
}

#[test]
fn short_statements_stay_on_one_line() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parse/all-statements.vpce");
    let text = std::fs::read_to_string(path).unwrap();
    let (program, _) = parse(&text);
    let mut short = 0;
    for statement in &program.statements {
        let words = &text[statement.span.start..statement.span.end];
        if words.contains('\n') || words.contains('#') || words.chars().count() > 100 {
            continue;
        }
        short += 1;
        assert_eq!(format(words).unwrap(), format!("{words}\n"));
    }
    assert!(short >= 15, "only {short} short statements");
    // Exactly 100 columns fits; 101 does not.
    let hundred = format!("bucket {};", "b".repeat(92));
    assert_eq!(format(&hundred).unwrap(), format!("{hundred}\n"));
    let over = format!("bucket {} existing;", "b".repeat(84));
    assert_eq!(over.chars().count(), 101);
    assert_eq!(
        format(&over).unwrap(),
        format!("bucket {}\n    existing;\n", "b".repeat(84))
    );
}

#[test]
fn comments_stay_next_to_what_they_follow() {
    let text =
        "bucket b # inner\n  ; # vpcec-allow: W201 reviewed\nsubnet a, # first\n b reaches s3\n# why\n via gateway;\n";
    assert_eq!(
        assert_formats_stably(text),
        "bucket b # inner\n    ; # vpcec-allow: W201 reviewed\nsubnet a, # first\n    b reaches s3\n    # why\n    via gateway;\n"
    );
}

/// The codes `vpcec check` reports for `text`, suppressions applied.
fn codes(text: &str) -> Vec<Code> {
    let catalog = vpcec::aws::Catalog::builtin().unwrap();
    let file = vpcec::diagnostics::SourceFile {
        name: "net.vpce".into(),
        text: text.into(),
    };
    vpcec::driver::compile(&file, catalog)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn a_suppression_still_applies_after_its_statement_is_broken() {
    let vault = "vault-of-the-payments-team-in-ireland";
    let archive = "archive-of-the-payments-team-in-ireland";
    let program = format!(
        "region eu-west-1;\nvpc main cidr 10.0.0.0/16;\nsubnet app cidr 10.0.1.0/24 az eu-west-1a;\n\
         bucket {vault};\nbucket {archive};\nsubnet app reaches bucket {vault}, bucket {archive} via gateway;\n\
         allow aws-buckets ssm;\n"
    );
    let deny = format!("deny public on bucket {vault}, bucket {archive};");
    assert!(deny.len() > 100);
    // Without the suppression, W201 is reported: the test can fail.
    assert!(codes(&format!("{program}{deny}\n")).contains(&Code::W201));

    let suppression = "# vpcec-allow: W201 root is the break-glass path";
    for text in [
        format!("{program}{deny} {suppression}\n"),
        format!("{program}{suppression}\n{deny}\n"),
        format!("{program}{} {suppression}\n;\n", deny.trim_end_matches(';')),
    ] {
        assert_eq!(codes(&text), Vec::<Code>::new(), "{text}");
        let formatted = assert_formats_stably(&text);
        assert!(formatted.contains("deny public\n    on bucket"), "{formatted}");
        assert_eq!(codes(&formatted), Vec::<Code>::new(), "{formatted}");
    }
    // A trailing suppression ends the statement's last line.
    let formatted = format(&format!("{program}{deny} {suppression}\n")).unwrap();
    assert!(
        formatted.ends_with(&format!("bucket {archive}; {suppression}\n")),
        "{formatted}"
    );
}

#[test]
fn input_that_does_not_parse_returns_its_errors() {
    let errors = format("vpc a cidr x;\nbucket;\n").unwrap_err();
    assert_eq!(errors.len(), 2);
    assert!(errors.iter().all(|d| d.code == Code::E001));
}

// ---- generated programs ------------------------------------------------------

use vpcec::syntax::KEYWORDS;

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        8 => "[a-z][a-z0-9.-]{0,10}".prop_filter("not a keyword", |n| !KEYWORDS.contains(&n.as_str())),
        2 => "[a-z]{30,45}",
        1 => "[a-z]{60,80}",
    ]
    .boxed()
}

fn words(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn list(items: Vec<Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(",".to_string());
        }
        out.extend(item);
    }
    out
}

fn opt(flag: bool, tokens: Vec<String>) -> Vec<String> {
    if flag {
        tokens
    } else {
        Vec::new()
    }
}

fn resource() -> BoxedStrategy<Vec<String>> {
    (prop::sample::select(vec!["bucket", "table"]), name())
        .prop_map(|(k, n)| vec![k.to_string(), n])
        .boxed()
}

fn access() -> BoxedStrategy<Vec<String>> {
    prop::sample::select(vec![
        "read",
        "write",
        "list",
        "all",
        "s3:GetObject",
        "s3:Get*",
        "dynamodb:Query",
    ])
    .prop_map(|a| vec![a.to_string()])
    .boxed()
}

fn arn() -> BoxedStrategy<Vec<String>> {
    "arn:aws:iam::[0-9]{12}:(root|role/[A-Za-z]{1,40})"
        .prop_map(|a| vec![a])
        .boxed()
}

fn nlb() -> BoxedStrategy<Vec<String>> {
    "arn:aws:elasticloadbalancing:eu-west-1:[0-9]{12}:loadbalancer/net/[a-z]{1,8}/[0-9a-f]{1,16}"
        .prop_map(|a| vec![a])
        .boxed()
}

fn names(range: std::ops::Range<usize>) -> BoxedStrategy<Vec<String>> {
    prop::collection::vec(name(), range)
        .prop_map(|names| list(names.into_iter().map(|n| vec![n]).collect()))
        .boxed()
}

fn statement() -> BoxedStrategy<Vec<String>> {
    let region = "(eu|us)-(west|east)-[1-3]";
    let target = prop_oneof![
        prop::sample::select(vec!["s3", "kms", "ecr.api", "internet"]).prop_map(|s| vec![s.to_string()]),
        resource(),
        name().prop_map(|n| vec!["service".to_string(), n]),
    ];
    prop_oneof![
        region.prop_map(|r| vec!["region".to_string(), r]),
        (name(), "vpc-[0-9a-f]{8,17}", any::<(bool, bool, bool)>(), region).prop_map(
            |(n, id, (existing, cidr, r), reg)| {
                let mut t = vec!["vpc".into(), n];
                if existing {
                    t.extend(["id".into(), id]);
                    t.extend(opt(cidr, words(&["cidr", "10.0.0.0/16"])));
                } else {
                    t.extend(words(&["cidr", "10.0.0.0/16"]));
                }
                t.extend(opt(r, vec!["region".into(), reg]));
                t
            }
        ),
        (
            name(),
            prop::option::of(name()),
            prop::option::of(("subnet-[0-9a-f]{8,17}", "rtb-[0-9a-f]{8,17}", any::<(bool, bool)>())),
            prop::option::of(prop::sample::select(vec!["public", "private"])),
        )
            .prop_map(|(n, vpc, existing, visibility)| {
                let mut t = vec!["subnet".into(), n];
                if let Some(vpc) = vpc {
                    t.extend(["in".into(), vpc]);
                }
                match existing {
                    Some((id, rtb, (cidr, az))) => {
                        t.extend(["id".into(), id, "route-table".into(), rtb]);
                        t.extend(opt(cidr, words(&["cidr", "172.31.16.0/20"])));
                        t.extend(opt(az, words(&["az", "eu-west-1a"])));
                    }
                    None => t.extend(words(&["cidr", "10.0.1.0/24", "az", "euw1-az1"])),
                }
                t.extend(visibility.map(String::from));
                t
            }),
        (name(), any::<bool>(), any::<bool>()).prop_map(|(n, r, e)| {
            let mut t = vec!["bucket".into(), n];
            t.extend(opt(r, words(&["region", "ap-southeast-2"])));
            t.extend(opt(e, words(&["existing"])));
            t
        }),
        (
            name(),
            "[a-z #;\"\\\\]{1,40}",
            any::<bool>(),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(n, key, quoted, region, existing)| {
                let mut t = vec!["table".into(), n];
                t.extend(opt(region, words(&["region", "ap-southeast-2"])));
                if existing {
                    t.push("existing".into());
                } else if quoted {
                    t.extend([
                        "key".into(),
                        format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\"")),
                    ]);
                } else {
                    t.extend(words(&["key", "pk"]));
                }
                t
            }),
        (
            names(1..6),
            any::<bool>(),
            prop::collection::vec(target, 1..8),
            prop::option::of(region),
            prop::sample::select(vec!["gateway", "interface", "nat"]),
            any::<bool>(),
            prop::option::of(prop::collection::vec(access(), 1..6)),
        )
            .prop_map(|(subnets, verb, targets, region, via, dns, allow)| {
                let mut t = vec!["subnet".to_string()];
                t.extend(subnets);
                t.push(if verb { "reach" } else { "reaches" }.into());
                t.extend(list(targets));
                t.extend(region);
                t.extend(words(&["via", via]));
                t.extend(opt(dns, words(&["private-dns", "off"])));
                if let Some(allow) = allow {
                    t.push("allow".into());
                    t.extend(list(allow));
                }
                t
            }),
        prop::collection::vec(resource(), 0..5).prop_map(|on| {
            let mut t = words(&["deny", "public"]);
            if !on.is_empty() {
                t.push("on".into());
                t.extend(list(on));
            }
            t
        }),
        prop::collection::vec(arn(), 1..5).prop_map(|arns| {
            let mut t = words(&["allow", "admin"]);
            t.extend(list(arns));
            t
        }),
        prop::collection::vec(name().prop_map(|n| vec![n]), 1..12).prop_map(|sets| {
            let mut t = words(&["allow", "aws-buckets"]);
            t.extend(list(sets));
            t
        }),
        (
            name(),
            prop::collection::vec(nlb(), 1..4),
            any::<bool>(),
            prop::collection::vec(arn(), 0..4)
        )
            .prop_map(|(n, nlbs, acceptance, allow)| {
                let mut t = vec!["service".into(), n, "nlb".into()];
                t.extend(list(nlbs));
                t.extend(opt(acceptance, words(&["acceptance", "required"])));
                if !allow.is_empty() {
                    t.push("allow".into());
                    t.extend(list(allow));
                }
                t
            }),
        (
            name(),
            names(0..6),
            prop::collection::vec("[A-Z][A-Za-z/-]{2,40}", 0..4),
            prop::collection::vec(access(), 0..4),
            prop::collection::vec(resource(), 1..4),
        )
            .prop_map(|(n, subnets, managed, allow, on)| {
                let mut t = vec!["role".into(), n, "for".into(), "ec2".into()];
                if !subnets.is_empty() {
                    t.push("in".into());
                    t.extend(subnets);
                }
                if !managed.is_empty() {
                    t.push("managed".into());
                    t.extend(list(managed.into_iter().map(|s| vec![s]).collect()));
                }
                if !allow.is_empty() {
                    t.extend(words(&["allow"]));
                    t.extend(list(allow));
                    t.push("on".into());
                    t.extend(list(on));
                }
                t
            }),
    ]
    .boxed()
}

const WORD_GAPS: &[&str] = &[
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n    ",
    "\t",
    " # note; x\n",
    "\n  # own line\n  ",
];
const STATEMENT_GAPS: &[&str] = &[
    "\n",
    "\n",
    " ",
    "\n\n\n",
    " # trailing\n",
    "\n# lead\n",
    "\n\n# lead\n\n",
];

/// Lays tokens out with whitespace and comments picked by `choices`.
fn layout(statements: &[Vec<String>], choices: &[usize]) -> String {
    let mut pick = choices.iter().cycle();
    let mut next = |n: usize| pick.next().copied().unwrap_or(0) % n;
    let mut text = String::new();
    for statement in statements {
        for (i, token) in statement.iter().enumerate() {
            if i > 0 {
                if token == "," && next(2) == 0 {
                    // `a,b` and `a , b` are both fine.
                } else {
                    text.push_str(WORD_GAPS[next(WORD_GAPS.len())]);
                }
            }
            text.push_str(token);
        }
        text.push_str(WORD_GAPS[next(WORD_GAPS.len())]);
        text.push(';');
        text.push_str(STATEMENT_GAPS[next(STATEMENT_GAPS.len())]);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(256) })]

    #[test]
    fn generated_programs_format_stably(
        statements in prop::collection::vec(statement(), 0..8),
        choices in prop::collection::vec(0usize..1000, 1..64),
    ) {
        let text = layout(&statements, &choices);
        let once = assert_formats_stably(&text);
        prop_assert!(!once.contains("\n\n\n"));
        for line in once.lines().filter(|l| !l.contains('"') && !l.contains('#')) {
            let words = line.trim_start();
            prop_assert!(!words.contains(" ;") && !words.contains(" ,") && !line.ends_with(' '), "{line:?}");
        }
    }
}

/// The words that start a clause, where a long statement may break.
const CLAUSE_WORDS: &[&str] = &[
    "region",
    "cidr",
    "route-table",
    "az",
    "existing",
    "key",
    "reach",
    "reaches",
    "via",
    "allow",
    "on",
    "nlb",
    "acceptance",
    "managed",
];

/// One statement written on one line with single spaces, as `fmt` writes
/// a statement that fits.
fn one_line(tokens: &[String]) -> String {
    let mut text = String::new();
    for token in tokens {
        if !text.is_empty() && token != "," {
            text.push(' ');
        }
        text.push_str(token);
    }
    text.push(';');
    text
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(512) })]

    #[test]
    fn short_statements_stay_whole_and_long_ones_break(tokens in statement()) {
        let text = one_line(&tokens);
        let once = assert_formats_stably(&text);
        if text.chars().count() <= 100 {
            prop_assert_eq!(once, format!("{text}\n"));
        } else {
            let clause = |(i, t): (usize, &String)| i > 0 && (CLAUSE_WORDS.contains(&t.as_str()) || (t == "in" && tokens[0] == "role"));
            prop_assert!(once.lines().count() > 1 || !tokens.iter().enumerate().any(clause), "{once}");
            for (i, line) in once.lines().enumerate() {
                let indent = line.len() - line.trim_start().len();
                prop_assert!(if i == 0 { indent == 0 } else { indent == 4 || indent == 8 }, "{once}");
                // A list too long for a line gets one item per line.
                prop_assert!(line.chars().count() <= 100 || !line.contains(", "), "{once}");
            }
        }
    }
}
