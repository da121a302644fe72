//! The documentation checked against the code: docs/language.md's rule table
//! (§6) is the registry (`vpcec::rules::RULES`), row by row and in order.

#[test]
fn the_rule_table_in_the_docs_is_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("docs/language.md: {e}"));
    let rows: Vec<(String, String, String)> = text
        .lines()
        .skip_while(|line| !line.starts_with("| code | name | severity |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            assert!(cells.len() >= 4, "docs/language.md: malformed rule row {line:?}");
            (cells[0].to_string(), cells[1].to_string(), cells[2].to_string())
        })
        .collect();
    let registry: Vec<(String, String, String)> = vpcec::rules::RULES
        .iter()
        .map(|rule| {
            (
                rule.code.as_str().to_string(),
                rule.name.to_string(),
                rule.severity.as_str().to_string(),
            )
        })
        .collect();
    for (row, rule) in rows.iter().zip(&registry) {
        assert_eq!(row, rule, "docs/language.md's rule table differs from src/rules/mod.rs");
    }
    assert_eq!(
        rows.len(),
        registry.len(),
        "docs/language.md lists {} rules, the registry {}",
        rows.len(),
        registry.len()
    );
}

/// The README's opening tells a new user what setting up needs and takes:
/// the package registries, the first build's duration, how to install the
/// binary; and its sample diagnostic is what `vpcec check` prints.
#[test]
fn the_readme_says_what_setting_up_needs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("README.md: {e}"));
    let opening: String = text.split("\n## ").next().unwrap_or_default().to_string();
    for needle in [
        "crates.io",
        "PyPI",
        "npm",
        "the first build takes about",
        "cargo install --locked --path .",
    ] {
        assert!(
            opening.contains(needle),
            "the README's opening does not mention {needle:?}"
        );
    }
    assert!(
        opening.contains("warning[W201]: `deny public` without any `allow admin`\n"),
        "the README's sample diagnostic is not in the header form `vpcec check` prints"
    );
    assert!(
        opening.contains("\nchecked 1 file: 0 errors, 1 warning\n"),
        "the README's sample summary"
    );
    assert!(
        text.contains("vpcec man [SUBCOMMAND] | --dir DIR"),
        "the README's command list lacks `man`"
    );
}
