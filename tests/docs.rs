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
