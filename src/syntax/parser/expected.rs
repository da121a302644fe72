//! Plain-word descriptions of grammar rules, for "expected ..." messages.

use super::grammar::Rule;

/// The statement keywords, in the order error messages list them.
pub(crate) const STATEMENT_KEYWORDS: [&str; 9] = [
    "region", "vpc", "subnet", "bucket", "table", "deny", "allow", "service", "role",
];

/// How an error message names what `rule` would have accepted, or `None` for
/// rules that are never reported (whitespace, comments, whole statements).
pub(crate) fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_region => "`region`",
        Rule::kw_vpc => "`vpc`",
        Rule::kw_subnet => "`subnet`",
        Rule::kw_in => "`in`",
        Rule::kw_cidr => "`cidr`",
        Rule::kw_az => "`az`",
        Rule::kw_id => "`id`",
        Rule::kw_route_table => "`route-table`",
        Rule::kw_public => "`public`",
        Rule::kw_private => "`private`",
        Rule::kw_bucket => "`bucket`",
        Rule::kw_table => "`table`",
        Rule::kw_key => "`key`",
        Rule::kw_existing => "`existing`",
        Rule::kw_reach => "`reach`",
        Rule::kw_reaches => "`reaches`",
        Rule::kw_via => "`via`",
        Rule::kw_gateway => "`gateway`",
        Rule::kw_interface => "`interface`",
        Rule::kw_nat => "`nat`",
        Rule::kw_internet => "`internet`",
        Rule::kw_allow => "`allow`",
        Rule::kw_admin => "`admin`",
        Rule::kw_deny => "`deny`",
        Rule::kw_on => "`on`",
        Rule::kw_service => "`service`",
        Rule::kw_nlb => "`nlb`",
        Rule::kw_port => "`port`",
        Rule::kw_acceptance => "`acceptance`",
        Rule::kw_required => "`required`",
        Rule::kw_private_dns => "`private-dns`",
        Rule::kw_off => "`off`",
        Rule::kw_role => "`role`",
        Rule::kw_for => "`for`",
        Rule::kw_managed => "`managed`",
        Rule::kw_read => "`read`",
        Rule::kw_write => "`write`",
        Rule::kw_list => "`list`",
        Rule::kw_all => "`all`",
        Rule::kw_ec2 => "`ec2`",
        Rule::comma => "`,`",
        Rule::semi => "`;`",
        Rule::vpc_name => "a VPC name",
        Rule::subnet_name => "a subnet name",
        Rule::bucket_name => "a bucket name",
        Rule::table_name => "a table name",
        Rule::service_name => "an endpoint service name",
        Rule::role_name => "a role name",
        Rule::region | Rule::intent_region => "a region like `eu-west-1`",
        Rule::az => "an availability zone like `eu-west-1a` or `euw1-az1`",
        Rule::vpc_id => "a VPC id like `vpc-0a1b2c3d`",
        Rule::subnet_id => "a subnet id like `subnet-0a1b2c3d`",
        Rule::rtb_id => "a route table id like `rtb-0a1b2c3d`",
        Rule::cidr => "a CIDR block like `10.0.0.0/16`",
        Rule::port => "a TCP port from 1 to 65535",
        Rule::service_ports => "`port`",
        Rule::arn => "an ARN like `arn:aws:iam::123456789012:root`",
        Rule::policy_name => "a managed policy name like `AmazonSSMManagedInstanceCore`",
        Rule::key_attr | Rule::key_word | Rule::quoted => "an attribute name (a word, or a string in double quotes)",
        Rule::iam_action | Rule::access => "`read`, `write`, `list`, `all` or an IAM action like `s3:GetObject`",
        Rule::target | Rule::aws_service => {
            "a target: a service like `s3`, `bucket NAME`, `table NAME`, `service NAME` or `internet`"
        }
        Rule::resource_ref => "`bucket NAME` or `table NAME`",
        Rule::endpoint_target => "`service NAME`",
        Rule::via_clause => "`via`",
        Rule::private_dns_off => "`private-dns`",
        Rule::allow_clause | Rule::service_allow | Rule::role_allow => "`allow`",
        Rule::region_clause => "`region`",
        Rule::cidr_clause | Rule::vpc_created | Rule::subnet_created => "`cidr`",
        Rule::az_clause => "`az`",
        Rule::in_vpc | Rule::role_in => "`in`",
        Rule::vpc_existing | Rule::subnet_existing => "`id`",
        Rule::table_key => "`key`",
        Rule::deny_on => "`on`",
        Rule::acceptance => "`acceptance`",
        Rule::role_managed => "`managed`",
        Rule::stmt_body
        | Rule::region_stmt
        | Rule::vpc_stmt
        | Rule::subnet_stmt
        | Rule::bucket_stmt
        | Rule::table_stmt
        | Rule::intent_stmt
        | Rule::deny_stmt
        | Rule::admin_stmt
        | Rule::service_stmt
        | Rule::role_stmt => "a statement",
        Rule::WHITESPACE
        | Rule::COMMENT
        | Rule::statement
        | Rule::open_statement
        | Rule::EOI
        | Rule::name_char
        | Rule::word_body
        | Rule::stop_char
        | Rule::visibility
        | Rule::reach_verb => return None,
    })
}

/// The keywords a rule stands for, for "did you mean" advice.
pub(crate) fn keywords(rule: Rule) -> Vec<&'static str> {
    match rule {
        Rule::stmt_body => STATEMENT_KEYWORDS.to_vec(),
        Rule::access => vec!["read", "write", "list", "all"],
        Rule::target => vec!["bucket", "table", "service", "internet"],
        Rule::resource_ref => vec!["bucket", "table"],
        _ => describe(rule)
            .and_then(|text| text.strip_prefix('`'))
            .and_then(|text| text.strip_suffix('`'))
            .and_then(|text| crate::syntax::KEYWORDS.iter().copied().find(|k| *k == text))
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reportable_rule_has_words() {
        for rule in Rule::all_rules() {
            let expected_silent = matches!(
                rule,
                Rule::WHITESPACE
                    | Rule::COMMENT
                    | Rule::statement
                    | Rule::open_statement
                    | Rule::EOI
                    | Rule::name_char
                    | Rule::word_body
                    | Rule::stop_char
                    | Rule::visibility
                    | Rule::reach_verb
            );
            assert_eq!(describe(*rule).is_none(), expected_silent, "{rule:?}");
        }
    }

    #[test]
    fn keyword_rules_know_their_keyword() {
        assert_eq!(keywords(Rule::kw_route_table), vec!["route-table"]);
        assert!(keywords(Rule::semi).is_empty());
    }
}
