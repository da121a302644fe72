use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;

#[test]
fn layout_matches_the_usual_block_style() {
    let value = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "A": { "Type": "AWS::EC2::VPC", "Properties": { "Tags": [{ "Key": "Name", "Value": "a" }] } },
            "B": { "List": [["x", "y"], []], "Empty": {}, "Port": 443, "On": true, "Nothing": null },
        },
    });
    let expected = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  A:
    Type: AWS::EC2::VPC
    Properties:
      Tags:
      - Key: Name
        Value: a
  B:
    List:
    - - x
      - "y"
    - []
    Empty: {}
    Port: 443
    "On": true
    Nothing: null
"#;
    assert_eq!(to_string(&value), expected);
}

#[test]
fn strings_yaml_1_1_reads_otherwise_are_quoted() {
    for word in [
        "no",
        "No",
        "NO",
        "yes",
        "on",
        "OFF",
        "y",
        "n",
        "true",
        "null",
        "~",
        "1_000",
        "0b101",
        "0x1f",
        "017",
        "1e3",
        "1.5",
        "1:20",
        "2012-10-17",
        "2001-12-14 21:59:43.10 -5",
        "10.0.0.0",
        "*",
        "&a",
        "!Ref",
        "- x",
        "a: b",
        "a #b",
        "#c",
        "=",
        "<<",
        ".inf",
        "",
        " lead",
        "trail ",
        "end:",
        "it's",
        "say \"hi\"",
        "%x",
        "@x",
        "`x",
        "|",
        ">",
        "?",
        "{a}",
        "[a]",
        "tab\there",
        "line\nbreak",
        "nel\u{85}",
        "ls\u{2028}",
        "del\u{7f}",
        "bom\u{feff}",
    ] {
        assert!(
            string(word).starts_with('"'),
            "{word:?} must be quoted, got {}",
            string(word)
        );
    }
}

#[test]
fn ordinary_template_strings_stay_plain() {
    for word in [
        "AWS::EC2::VPC",
        "Fn::GetAtt",
        "arn:aws:s3:::bucket/*",
        "s3:*",
        "/*",
        "10.102.0.0/16",
        "eu-west-1a",
        "euw1-az2",
        "com.amazonaws.vpce.us-east-1.",
        "net-102",
        "Id of gateway endpoint a to b",
        "vpc-0a1b2c3d",
        "aws:SourceVpce",
        "ec2.amazonaws.com",
        "PAY_PER_REQUEST",
        "1st-bucket",
    ] {
        assert_eq!(string(word), word);
    }
}

/// Strings rich in YAML indicators, reserved words and odd characters.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "no",
            "on",
            "y",
            "null",
            "1_0",
            "0x1",
            "1:2",
            "2012-10-17",
            "1e3",
            "*",
            "<<",
            ""
        ])
        .prop_map(str::to_string),
        "[a-z0-9 :#,*&!|>'\"%@`?{}\\[\\]\\-_./\\\\\t\n\u{85}\u{7f}\u{feff}é]{0,12}",
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        tricky_string().prop_map(Value::String),
        any::<u32>().prop_map(|n| json!(n)),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((tricky_string(), inner), 0..5)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn yaml_reads_back_as_the_same_value(value in tree()) {
        let text = to_string(&value);
        let back: Value = serde_yaml::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, value, "{}", text);
    }
}
