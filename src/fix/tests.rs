use super::*;
use crate::rules::Code;

fn catalog() -> &'static Catalog {
    Catalog::builtin().unwrap()
}

fn fixed(text: &str) -> Fixed {
    fix_file(
        &SourceFile {
            name: "t.vpce".into(),
            text: text.into(),
        },
        catalog(),
    )
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

const HEAD: &str = "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n";

#[test]
fn missing_semicolon_and_keyword_typo_are_fixed_in_rounds() {
    let out = fixed(&format!(
        "{HEAD}subnet a reachs s3 via gateway\nbucket acme-fix-test-data;\n"
    ));
    assert_eq!(
        out.text,
        // `reachs` is as close to `reach` as to `reaches`; ties go to the first.
        format!("{HEAD}subnet a reach s3 via gateway;\nbucket acme-fix-test-data;\n")
    );
    assert_eq!(out.applied, 2);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn keyword_case_is_fixed() {
    let out = fixed(&format!("{HEAD}Subnet a reaches s3 via gateway;\n"));
    assert!(
        out.text.ends_with("\nsubnet a reaches s3 via gateway;\n"),
        "{}",
        out.text
    );
}

#[test]
fn host_bits_are_cleared() {
    let out = fixed("region eu-west-1;\nvpc app cidr 10.0.0.1/16;\n");
    assert_eq!(out.text, "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\n");
    assert!(out.diagnostics.is_empty());
}

#[test]
fn missing_session_manager_endpoints_join_the_ssm_intent() {
    let out = fixed(&format!(
        "{HEAD}subnet a reaches ssm, kms via interface private-dns off;\n"
    ));
    assert_eq!(
        out.text,
        format!("{HEAD}subnet a reaches ssm, ssmmessages, ec2messages, kms via interface private-dns off;\n")
    );
    assert_eq!(codes(&out.diagnostics), Vec::<&str>::new());

    let only_one = fixed(&format!(
        "{HEAD}subnet a reaches ssm via interface;\nsubnet a reaches ec2messages via interface;\n"
    ));
    assert!(
        only_one.text.contains("reaches ssm, ssmmessages via interface;"),
        "{}",
        only_one.text
    );
    assert!(only_one.diagnostics.is_empty());
}

#[test]
fn unused_suppressions_are_removed_with_their_line_or_blanks() {
    let out = fixed(&format!(
        "{HEAD}# vpcec-allow: W203 nothing to silence\nsubnet a reaches s3 via gateway;   # vpcec-allow: W204 nor here\n"
    ));
    assert_eq!(out.text, format!("{HEAD}subnet a reaches s3 via gateway;\n"));
    assert!(out.diagnostics.is_empty());
}

#[test]
fn a_comment_with_one_used_code_keeps_its_unused_one() {
    let text = format!("{HEAD}subnet a reaches s3 via nat; # vpcec-allow: W203,W204 on purpose\n");
    let out = fixed(&text);
    assert_eq!(out.applied, 0);
    assert!(codes(&out.diagnostics).contains(&"W208"));
}

#[test]
fn guesses_and_placeholders_are_offered_but_not_applied() {
    let text = "region eu-wset-1;\nbucket acme-fix-test-data;\ndeny public;\n";
    let out = fixed(text);
    assert_eq!(out.text, text);
    assert_eq!(out.applied, 0);
    let region = out.diagnostics.iter().find(|d| d.code == Code::E103).unwrap();
    assert_eq!(region.suggestions[0].applicability, Applicability::MaybeIncorrect);
    assert_eq!(region.suggestions[0].edits[0].text, "eu-west-1");
}

#[test]
fn the_admin_placeholder_fails_until_filled_in_and_follows_the_partition() {
    let text = "region cn-north-1;\nbucket acme-fix-test-data;\ndeny public;\n";
    let diagnostics = compile(
        &SourceFile {
            name: "t.vpce".into(),
            text: text.into(),
        },
        catalog(),
    )
    .diagnostics;
    let w201 = diagnostics.iter().find(|d| d.code == Code::W201).unwrap();
    let fix = &w201.suggestions[0];
    assert_eq!(fix.applicability, Applicability::HasPlaceholders);
    let edits: Vec<&Edit> = fix.edits.iter().collect();
    let with_admin = apply_edits(text, &edits).unwrap();
    assert!(with_admin.contains("allow admin arn:aws-cn:iam::ACCOUNT:role/ROLE;\ndeny public;"));
    let after = compile(
        &SourceFile {
            name: "t.vpce".into(),
            text: with_admin,
        },
        catalog(),
    )
    .diagnostics;
    assert_eq!(codes(&after), ["E116"]);
}

#[test]
fn edits_that_touch_or_leave_the_text_are_refused() {
    let e = |start, end, text: &str| Edit {
        span: Span::new(start, end),
        text: text.into(),
    };
    assert_eq!(
        apply_edits("abcdef", &[&e(1, 3, "X"), &e(4, 4, "Y")]).as_deref(),
        Some("aXdYef")
    );
    assert_eq!(apply_edits("abcdef", &[&e(1, 3, "X"), &e(2, 4, "Y")]), None);
    assert_eq!(apply_edits("abcdef", &[&e(2, 2, "X"), &e(2, 2, "Y")]), None);
    assert_eq!(apply_edits("abc", &[&e(2, 9, "X")]), None);
    assert_eq!(apply_edits("é", &[&e(1, 1, "X")]), None);
}

#[test]
fn fixing_is_idempotent() {
    let once = fixed(&format!("{HEAD}subnet a reachs ssm via interface\n"));
    let twice = fixed(&once.text);
    assert_eq!(twice.applied, 0);
    assert_eq!(twice.text, once.text);
}
