//! The documentation's `vpce` samples are written the way `vpcec fmt` writes
//! them, so that what users copy is what the formatter keeps.

#[test]
fn vpce_samples_in_the_docs_are_in_canonical_form() {
    let mut checked = 0;
    for doc in ["README.md", "docs/language.md", "examples/README.md"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(doc);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{doc}: {e}"));
        for (index, block) in text.split("```vpce\n").skip(1).enumerate() {
            let sample = block.split("```").next().unwrap_or_default();
            // Samples that show a mistake do not parse; they are not formatted.
            if let Ok(formatted) = vpcec::syntax::format::format(sample) {
                assert_eq!(
                    formatted,
                    sample,
                    "{doc}: sample {} is not in `vpcec fmt` form",
                    index + 1
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} samples checked");
}

/// The backticked words of a table cell, without a service prefix
/// (`` `s3:*` `` is `*`).
fn cell_actions(cell: &str) -> std::collections::BTreeSet<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(|word| word.rsplit(':').next().unwrap_or(word).to_string())
        .collect()
}

/// The ACCESS table of docs/language.md is the code's table
/// (`vpcec::plan::access::ACCESS_GROUPS`), row by row.
#[test]
fn the_access_table_in_the_docs_is_the_code_table() {
    use vpcec::plan::access::ACCESS_GROUPS;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("docs/language.md: {e}"));
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip_while(|line| !line.starts_with("| ACCESS |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let mut documented = Vec::new();
    for row in &rows {
        assert_eq!(row.len(), 3, "docs/language.md: malformed ACCESS row {row:?}");
        let word = row[0].trim_matches('`');
        let Some(group) = ACCESS_GROUPS.iter().find(|g| g.word == word) else {
            // The last row stands for IAM actions written as they are.
            assert!(
                row[0].starts_with("`s3:"),
                "docs/language.md: unknown access word {word:?}"
            );
            continue;
        };
        documented.push(word);
        let bucket: std::collections::BTreeSet<String> = group.bucket.iter().map(|a| a.to_string()).collect();
        let table: std::collections::BTreeSet<String> = group.table.iter().map(|a| a.to_string()).collect();
        assert_eq!(
            cell_actions(row[1]),
            bucket,
            "`{word}` on a bucket: docs and code differ"
        );
        assert_eq!(cell_actions(row[2]), table, "`{word}` on a table: docs and code differ");
    }
    let words: Vec<&str> = ACCESS_GROUPS.iter().map(|g| g.word).collect();
    assert_eq!(documented, words, "the docs list other access words than the code");
}
