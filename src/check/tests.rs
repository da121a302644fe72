//! Unit tests of the checker on hand-built programs (the parser is tested
//! on its own; here every word gets a distinct made-up span).

use super::check;
use super::model::TargetInfo;
use crate::aws::Catalog;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::*;

/// Hands out distinct spans, in source order.
#[derive(Default)]
struct B {
    pos: usize,
    statements: Vec<Statement>,
}

impl B {
    fn w(&mut self, text: &str) -> Word {
        let start = self.pos;
        self.pos += text.len() + 1;
        Node::new(text.to_string(), Span::new(start, start + text.len()))
    }
    fn push(&mut self, start: usize, kind: StatementKind) {
        self.statements.push(Statement {
            kind,
            span: Span::new(start, self.pos),
        });
        self.pos += 1;
    }
    fn region(&mut self, r: &str) {
        let start = self.pos;
        let region = self.w(r);
        self.push(start, StatementKind::Region(RegionDecl { region }));
    }
    fn vpc(&mut self, name: &str, cidr: &str) {
        let start = self.pos;
        let (name, cidr) = (self.w(name), self.w(cidr));
        self.push(
            start,
            StatementKind::Vpc(VpcDecl {
                name,
                source: VpcSource::Created { cidr },
                region: None,
            }),
        );
    }
    fn subnet(&mut self, name: &str, cidr: &str, az: &str, public: bool) {
        let start = self.pos;
        let (name, cidr, az) = (self.w(name), self.w(cidr), self.w(az));
        let visibility = public.then(|| Node::new(Visibility::Public, Span::new(start, start + 1)));
        self.push(
            start,
            StatementKind::Subnet(SubnetDecl {
                name,
                vpc: None,
                source: SubnetSource::Created { cidr, az },
                visibility,
            }),
        );
    }
    fn bucket(&mut self, name: &str, region: Option<&str>) {
        let start = self.pos;
        let name = self.w(name);
        let region = region.map(|r| self.w(r));
        self.push(
            start,
            StatementKind::Bucket(BucketDecl {
                name,
                region,
                existing: None,
            }),
        );
    }
    fn target(&mut self, t: &str) -> Node<Target> {
        let word = self.w(t);
        let target = match t.split_once(' ') {
            Some(("bucket", n)) => Target::Resource(ResourceRef {
                kind: ResourceKind::Bucket,
                name: Node::new(n.to_string(), word.span),
            }),
            Some(("table", n)) => Target::Resource(ResourceRef {
                kind: ResourceKind::Table,
                name: Node::new(n.to_string(), word.span),
            }),
            Some(("service", n)) => Target::EndpointService(Node::new(n.to_string(), word.span)),
            _ if t == "internet" => Target::Internet,
            _ => Target::Service(t.to_string()),
        };
        Node::new(target, word.span)
    }
    fn intent(&mut self, subnets: &[&str], targets: &[&str], via: Via, dns_off: bool, allow: &[&str]) {
        let start = self.pos;
        let subnets = subnets.iter().map(|s| self.w(s)).collect();
        let targets = targets.iter().map(|t| self.target(t)).collect();
        let via = {
            let v = self.w(via.keyword());
            Node::new(via, v.span)
        };
        let private_dns_off = dns_off.then(|| self.w("private-dns off").span);
        let allow = (!allow.is_empty()).then(|| {
            let list: Vec<Node<Access>> = allow
                .iter()
                .map(|a| {
                    let w = self.w(a);
                    Node::new(Access::Action(a.to_string()), w.span)
                })
                .collect();
            let span = list.first().map(|n| n.span).unwrap_or(Span::new(0, 0));
            Node::new(list, span)
        });
        self.push(
            start,
            StatementKind::Intent(Intent {
                subnets,
                verb: ReachVerb::Reaches,
                targets,
                region: None,
                via,
                private_dns_off,
                allow,
            }),
        );
    }
    fn deny(&mut self, on: &[&str]) {
        let start = self.pos;
        let on = on
            .iter()
            .map(|n| {
                let w = self.w(n);
                Node::new(
                    ResourceRef {
                        kind: ResourceKind::Bucket,
                        name: w.clone(),
                    },
                    w.span,
                )
            })
            .collect();
        self.push(start, StatementKind::DenyPublic(DenyPublic { on }));
    }
    fn run(self) -> (Option<super::model::Model>, Vec<Diagnostic>) {
        let catalog = Catalog::builtin().unwrap();
        check(
            &Program {
                statements: self.statements,
                comments: Vec::new(),
                broken: Vec::new(),
            },
            catalog,
        )
    }
}

fn base() -> B {
    let mut b = B::default();
    b.region("eu-west-1");
    b.vpc("main", "10.0.0.0/16");
    b.subnet("app", "10.0.1.0/24", "eu-west-1a", false);
    b
}

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn a_valid_program_gives_a_model() {
    let mut b = base();
    b.bucket("logs-bucket", None);
    b.intent(
        &["app"],
        &["bucket logs-bucket", "kms"],
        Via::Interface,
        false,
        &["s3:GetObject"],
    );
    let (model, diags) = b.run();
    assert_eq!(codes(&diags), Vec::<&str>::new());
    let model = model.unwrap();
    assert_eq!(model.home_region.as_deref(), Some("eu-west-1"));
    let (vpc_id, _) = model.vpcs_with_ids().next().unwrap();
    assert_eq!(model.subnets()[0].vpc, vpc_id);
    let intent = &model.intents()[0];
    let (bucket_id, bucket) = model.buckets_with_ids().next().unwrap();
    assert_eq!(bucket.name, "logs-bucket");
    assert_eq!(intent.targets[0].target, TargetInfo::Bucket(bucket_id));
    assert_eq!(
        intent.targets[1].target,
        TargetInfo::Service {
            service: "kms".into(),
            region: "eu-west-1".into()
        }
    );
    assert_eq!(intent.targets[0].written, "bucket logs-bucket");
    assert!(intent.private_dns);
}

#[test]
fn undeclared_names_get_a_suggestion_and_wrong_kinds_say_what_they_are() {
    let mut b = base();
    b.bucket("data-bucket", None);
    b.intent(&["ap"], &["s3"], Via::Gateway, false, &[]);
    b.intent(&["data-bucket"], &["s3"], Via::Gateway, false, &[]);
    let (model, diags) = b.run();
    assert!(model.is_none());
    assert_eq!(codes(&diags), ["E002", "E004"]);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `app`?"));
    assert_eq!(diags[1].message, "`data-bucket` is a bucket, not a subnet");
}

#[test]
fn duplicates_point_at_the_first_declaration() {
    let mut b = base();
    b.subnet("app", "10.0.2.0/24", "eu-west-1b", false);
    let (_, diags) = b.run();
    assert_eq!(codes(&diags), ["E003"]);
    assert_eq!(diags[0].related[0].message, "first declared here");
}

#[test]
fn cidr_and_zone_errors() {
    let mut b = base();
    b.subnet("b", "10.0.2.1/24", "eu-west-1b", false);
    b.subnet("c", "10.1.0.0/24", "us-east-1a", false);
    b.subnet("d", "10.0.1.128/25", "euw1-az9", false);
    let (_, diags) = b.run();
    assert_eq!(codes(&diags), ["E113", "E106", "E105", "E107", "E105"]);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `10.0.2.0/24`?"));
    assert!(
        diags[2].message.contains("is in region `us-east-1`"),
        "{}",
        diags[2].message
    );
    assert!(diags[4].message.contains("does not exist"), "{}", diags[4].message);
}

#[test]
fn gateway_rules() {
    let mut b = base();
    b.bucket("far-bucket", Some("us-east-1"));
    b.intent(&["app"], &["kms", "bucket far-bucket"], Via::Gateway, false, &[]);
    let (_, diags) = b.run();
    assert_eq!(codes(&diags), ["E101", "E102"]);
    assert_eq!(diags[1].related.len(), 2);
}

#[test]
fn interface_cross_region_needs_support() {
    let mut b = base();
    b.bucket("far-bucket", Some("us-east-1"));
    b.intent(&["app"], &["bucket far-bucket"], Via::Interface, false, &[]);
    b.statements.push(Statement {
        kind: StatementKind::Intent(Intent {
            subnets: vec![Node::new("app".into(), Span::new(900, 903))],
            verb: ReachVerb::Reach,
            targets: vec![Node::new(Target::Service("sqs".into()), Span::new(904, 907))],
            region: Some(Node::new("us-east-1".into(), Span::new(908, 917))),
            via: Node::new(Via::Interface, Span::new(918, 920)),
            private_dns_off: None,
            allow: None,
        }),
        span: Span::new(900, 930),
    });
    let (_, diags) = b.run();
    assert_eq!(codes(&diags), ["E110"]);
    assert!(diags[0].label.as_deref().unwrap_or("").contains("no cross-region"));
}

#[test]
fn allow_needs_resources_of_its_service() {
    let mut b = base();
    b.bucket("data-bucket", None);
    b.intent(&["app"], &["s3"], Via::Gateway, false, &["s3:GetObject"]);
    b.intent(
        &["app"],
        &["bucket data-bucket"],
        Via::Gateway,
        false,
        &["dynamodb:Query"],
    );
    let (_, diags) = b.run();
    assert_eq!(codes(&diags), ["E111", "W204", "E111"]);
}

#[test]
fn nat_rules() {
    let mut b = base();
    b.intent(&["app"], &["internet", "s3"], Via::Nat, false, &[]);
    b.intent(&["app"], &["internet"], Via::Gateway, true, &[]);
    let (_, diags) = b.run();
    // W203 (s3 only through nat) is the plan's to decide: see `plan::path_warnings`.
    assert_eq!(codes(&diags), ["E112", "E117", "E117"]);
}

#[test]
fn deny_public_rules() {
    let mut b = base();
    b.subnet("edge", "10.0.0.0/24", "eu-west-1a", true);
    b.bucket("lonely-bucket", None);
    b.bucket("used-bucket", None);
    b.intent(&["app"], &["bucket used-bucket"], Via::Nat, false, &[]);
    b.deny(&[]);
    let (model, diags) = b.run();
    assert!(model.is_none());
    // W203 and W206 are the plan's to decide: see `plan::path_warnings`.
    assert_eq!(codes(&diags), ["E109", "E109", "W201"]);
}

#[test]
fn private_dns_must_agree_and_ssm_needs_its_companions() {
    let mut b = base();
    b.subnet("web", "10.0.2.0/24", "eu-west-1b", false);
    b.intent(&["app"], &["ssm", "ssmmessages"], Via::Interface, false, &[]);
    b.intent(&["web"], &["ssm"], Via::Interface, true, &[]);
    let (_, diags) = b.run();
    assert_eq!(codes(&diags), ["W202", "E118"]);
    assert!(
        diags[0].message.ends_with("but not `ec2messages`"),
        "{}",
        diags[0].message
    );
}

#[test]
fn suppressions() {
    use crate::check::suppress::apply;
    let text = "subnet a reaches s3 via nat; # vpcec-allow: W203 tiny traffic\n# vpcec-allow: W204\nx;\n# vpcec-allow: E101 no\ny;\n# vpcec-allow: W206 unused here\nz;\n";
    let at = |needle: &str| text.find(needle).unwrap();
    let statement = |start: usize, end: usize| Statement {
        kind: StatementKind::DenyPublic(DenyPublic { on: vec![] }),
        span: Span::new(start, end),
    };
    let comment = |needle: &str| {
        let start = at(needle) - 2;
        let end = text[start..].find('\n').unwrap() + start;
        Comment {
            text: text[start + 1..end].to_string(),
            span: Span::new(start, end),
        }
    };
    let program = Program {
        statements: vec![
            statement(0, at(";") + 1),
            statement(at("x;"), at("x;") + 2),
            statement(at("y;"), at("y;") + 2),
            statement(at("z;"), at("z;") + 2),
        ],
        comments: vec![
            comment("vpcec-allow: W203"),
            comment("vpcec-allow: W204"),
            comment("vpcec-allow: E101"),
            comment("vpcec-allow: W206"),
        ],
        broken: Vec::new(),
    };
    let warning = Diagnostic::new(Code::W203, Span::new(17, 19), "nat");
    let out = apply(text, &program, vec![warning], &[]);
    assert_eq!(codes(&out), ["E122", "E122", "W208"]);
}

#[test]
fn subnets_must_name_their_vpc_when_there_are_two() {
    let mut b = base();
    b.statements.push(Statement {
        kind: StatementKind::Vpc(VpcDecl {
            name: Node::new("east".into(), Span::new(800, 804)),
            source: VpcSource::Created {
                cidr: Node::new("10.1.0.0/16".into(), Span::new(805, 816)),
            },
            region: Some(Node::new("us-east-1".into(), Span::new(817, 826))),
        }),
        span: Span::new(800, 827),
    });
    b.statements.push(Statement {
        kind: StatementKind::Subnet(SubnetDecl {
            name: Node::new("far".into(), Span::new(830, 833)),
            vpc: Some(Node::new("east".into(), Span::new(834, 838))),
            source: SubnetSource::Created {
                cidr: Node::new("10.1.1.0/24".into(), Span::new(839, 850)),
                az: Node::new("use1-az1".into(), Span::new(851, 859)),
            },
            visibility: None,
        }),
        span: Span::new(830, 860),
    });
    b.intent(&["app", "far"], &["sqs"], Via::Interface, false, &[]);
    let (model, diags) = b.run();
    // `in VPC` is needed now that there are two VPCs.
    assert_eq!(codes(&diags), ["E115"]);
    assert!(model.is_none());
}

#[test]
fn intents_of_subnets_in_two_regions_are_split_by_region() {
    let mut b = B::default();
    b.region("eu-west-1");
    b.vpc("main", "10.0.0.0/16");
    let start = b.pos;
    let (name, cidr, region) = (b.w("east"), b.w("10.1.0.0/16"), b.w("us-east-1"));
    b.push(
        start,
        StatementKind::Vpc(VpcDecl {
            name,
            source: VpcSource::Created { cidr },
            region: Some(region),
        }),
    );
    for (subnet, vpc, cidr, az) in [
        ("app", "main", "10.0.1.0/24", "eu-west-1a"),
        ("far", "east", "10.1.1.0/24", "use1-az1"),
    ] {
        let start = b.pos;
        let (name, vpc, cidr, az) = (b.w(subnet), b.w(vpc), b.w(cidr), b.w(az));
        b.push(
            start,
            StatementKind::Subnet(SubnetDecl {
                name,
                vpc: Some(vpc),
                source: SubnetSource::Created { cidr, az },
                visibility: None,
            }),
        );
    }
    b.intent(&["app", "far"], &["sqs"], Via::Interface, false, &[]);
    let (model, diags) = b.run();
    assert_eq!(codes(&diags), Vec::<&str>::new());
    let model = model.unwrap();
    let regions: Vec<(Vec<&str>, TargetInfo)> = model
        .intents()
        .iter()
        .map(|i| {
            let names = i.subnets.iter().map(|s| model.subnet(*s).name.as_str()).collect();
            (names, i.targets[0].target.clone())
        })
        .collect();
    assert_eq!(
        regions,
        [
            (
                vec!["app"],
                TargetInfo::Service {
                    service: "sqs".into(),
                    region: "eu-west-1".into()
                }
            ),
            (
                vec!["far"],
                TargetInfo::Service {
                    service: "sqs".into(),
                    region: "us-east-1".into()
                }
            ),
        ]
    );
}

#[test]
fn interface_shadowing_and_unreached_roles() {
    let mut b = base();
    b.bucket("assets", None);
    b.intent(&["app"], &["bucket assets"], Via::Interface, false, &[]);
    b.intent(&["app"], &["s3"], Via::Interface, false, &[]);
    let start = b.pos;
    let (name, assumed_by, subnet, bucket) = (b.w("worker"), b.w("ec2"), b.w("app"), b.w("other"));
    b.bucket("other", Some("us-east-1"));
    b.push(
        start,
        StatementKind::Role(RoleDecl {
            name,
            assumed_by,
            subnets: vec![subnet],
            managed: vec![],
            allow: vec![Node::new(Access::Read, Span::new(0, 1))],
            on: vec![Node::new(
                ResourceRef {
                    kind: ResourceKind::Bucket,
                    name: bucket.clone(),
                },
                bucket.span,
            )],
        }),
    );
    let (model, diags) = b.run();
    // W205 (unreachable role access) is the plan's to decide: see `plan::path_warnings`.
    assert_eq!(codes(&diags), ["W204"]);
    let model = model.unwrap();
    let (other, _) = model.buckets_with_ids().find(|(_, b)| b.name == "other").unwrap();
    assert_eq!(model.roles()[0].resources, [super::model::RoleResource::Bucket(other)]);
    assert_eq!(model.roles()[0].resource_spans, [bucket.span]);
}

#[test]
fn existing_subnets_need_cidr_for_interfaces_and_az_for_placement() {
    let mut b = B::default();
    b.region("eu-west-1");
    let start = b.pos;
    let (name, id) = (b.w("legacy"), b.w("vpc-0a1b2c3d"));
    b.push(
        start,
        StatementKind::Vpc(VpcDecl {
            name,
            source: VpcSource::Existing { id, cidr: None },
            region: None,
        }),
    );
    let start = b.pos;
    let (name, id, route_table) = (b.w("old"), b.w("subnet-0A1B2C3D"), b.w("rtb-0a1b2c3d"));
    b.push(
        start,
        StatementKind::Subnet(SubnetDecl {
            name,
            vpc: None,
            source: SubnetSource::Existing {
                id,
                route_table,
                cidr: None,
                az: None,
            },
            visibility: None,
        }),
    );
    b.intent(&["old"], &["kms"], Via::Interface, false, &[]);
    let (_, diags) = b.run();
    assert_eq!(codes(&diags), ["E116", "E119", "W207"]);
}

#[test]
fn a_subnet_without_a_vpc_stays_out_of_the_model_and_its_uses_say_nothing_more() {
    let mut b = B::default();
    b.region("eu-west-1");
    b.subnet("app", "10.0.1.0/24", "eu-west-1a", false);
    b.subnet("app", "10.0.2.0/24", "eu-west-1a", false);
    b.intent(&["app"], &["s3"], Via::Gateway, false, &[]);
    b.intent(&["app"], &["sqs"], Via::Interface, false, &[]);
    let (model, diags) = b.run();
    // E115 for the subnet, E003 for its second declaration; the intents that
    // name it are neither undeclared (E002) nor checked against a vpc.
    assert_eq!(codes(&diags), ["E115", "E003"]);
    assert!(model.is_none());
}

#[test]
fn ids_lead_back_to_what_was_declared() {
    let mut b = base();
    b.bucket("logs-bucket", None);
    b.bucket("data-bucket", None);
    b.intent(&["app"], &["bucket data-bucket"], Via::Gateway, false, &[]);
    let (model, diags) = b.run();
    assert_eq!(codes(&diags), Vec::<&str>::new());
    let model = model.unwrap();
    let names: Vec<&str> = model
        .buckets_with_ids()
        .map(|(id, _)| model.bucket(id).name.as_str())
        .collect();
    assert_eq!(names, ["logs-bucket", "data-bucket"]);
    let TargetInfo::Bucket(bucket) = model.intents()[0].targets[0].target else {
        panic!("a bucket target");
    };
    assert_eq!(model.bucket(bucket).name, "data-bucket");
    assert_eq!(model.vpc(model.subnet(model.intents()[0].subnets[0]).vpc).name, "main");
}
