//! Property: any string sent through the `hcl_string` filter parses, with
//! HashiCorp's HCL parser, back to the same string. Cases are batched: each
//! proptest case writes hundreds of attributes into one file and runs the
//! parser once.

use crate::support;

use proptest::prelude::*;

/// Pieces that stress the escaper: quotes, backslashes, template openers and
/// their escapes, line breaks, tabs, control characters, non-ASCII text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::char::range('\u{0}', '\u{7f}').prop_map(String::from),
        3 => prop::sample::select(vec![
            "\"", "\\", "${", "%{", "$${", "%%{", "$$", "%%", "$", "%", "{", "}", "\n", "\r\n", "\t",
            "\\n", "\\\"", "\u{0}", "\u{1b}", "\u{7f}", "\u{85}", "\u{a0}", "\u{ad}", "\u{2028}",
            "\u{202e}", "\u{feff}", "\u{fffd}",
        ])
        .prop_map(str::to_string),
        // Non-ASCII characters that Unicode NFC leaves alone (HCL normalises
        // every string to NFC; vpcec's own names are ASCII).
        2 => prop::sample::select(vec!["é", "ß", "Ω", "中", "文", "ñ", "Ж", "😀", "🚀", "𝄞", "ﬀ"])
            .prop_map(str::to_string),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat())
}

const BATCH: usize = 300;

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn escaped_strings_parse_back_to_themselves(inputs in prop::collection::vec(text(), BATCH)) {
        if !support::terraform::hcl2json_available() {
            return Ok(());
        }
        let source = "{% for s in inputs %}x{{ loop.index0 | hcl_expr }} = {{ s | hcl_string }}\n{% endfor %}";
        let hcl = vpcec::emit::tf::render::render_source(source, minijinja::context! { inputs => &inputs }).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("strings.tf");
        std::fs::write(&path, &hcl).unwrap();
        let parsed = support::terraform::hcl2json(&[path]);
        let body = parsed[0].as_object().unwrap();
        for (index, input) in inputs.iter().enumerate() {
            let value = body[&format!("x{index}")].as_str().unwrap();
            prop_assert_eq!(support::terraform::template_literal(value), Ok(input.clone()), "written as {}", hcl.lines().nth(index).unwrap_or(""));
        }
    }
}

#[test]
fn decoding_rejects_interpolations() {
    assert!(support::terraform::template_literal("a ${b}").is_err());
    assert_eq!(
        support::terraform::template_literal("$$${b} %%{c}"),
        Ok("$${b} %{c}".to_string())
    );
}
