//! Every word of a parsed file that an editor can point at, with what it
//! is: a declared name, a use of one, a region, a zone, an AWS service.
//! Hover, completion, go to definition, find references and rename read
//! this index; it is built from the AST, so it sees exactly what the
//! compiler sees.

use crate::syntax::ast::{Node, Span};
use crate::syntax::ast::{Program, ResourceKind, ResourceRef, StatementKind, SubnetSource, Target, Word};
use crate::syntax::NameKind;

/// What a word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The name a statement declares.
    Declaration(NameKind),
    /// A use of a declared name.
    Reference(NameKind),
    /// A region code.
    Region,
    /// An availability zone name or id.
    Zone,
    /// An AWS service target of an intent (`s3`, `ecr.api`).
    Service,
}

/// One word with its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Where it is written.
    pub span: Span,
    /// What it is.
    pub role: Role,
    /// The word as written.
    pub text: String,
    /// The index of its statement in the program.
    pub statement: usize,
}

impl Occurrence {
    /// The kind of name, for declarations and uses.
    pub fn name_kind(&self) -> Option<NameKind> {
        match self.role {
            Role::Declaration(kind) | Role::Reference(kind) => Some(kind),
            _ => None,
        }
    }
}

/// The index of a file's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Symbols {
    /// Every occurrence, in source order.
    pub occurrences: Vec<Occurrence>,
}

fn resource_kind(kind: ResourceKind) -> NameKind {
    match kind {
        ResourceKind::Bucket => NameKind::Bucket,
        ResourceKind::Table => NameKind::Table,
    }
}

struct Builder {
    statement: usize,
    out: Vec<Occurrence>,
}

impl Builder {
    fn word(&mut self, word: &Word, role: Role) {
        self.out.push(Occurrence {
            span: word.span,
            role,
            text: word.node.clone(),
            statement: self.statement,
        });
    }

    fn words<'a>(&mut self, words: impl IntoIterator<Item = &'a Word>, role: Role) {
        for word in words {
            self.word(word, role);
        }
    }

    fn resources<'a>(&mut self, refs: impl IntoIterator<Item = &'a Node<ResourceRef>>) {
        for reference in refs {
            self.word(
                &reference.node.name,
                Role::Reference(resource_kind(reference.node.kind)),
            );
        }
    }
}

impl Symbols {
    /// Indexes a program.
    pub fn new(program: &Program) -> Self {
        let mut b = Builder {
            statement: 0,
            out: Vec::new(),
        };
        let declared_services: Vec<&str> = program
            .statements
            .iter()
            .filter_map(|s| match &s.kind {
                StatementKind::Service(decl) => Some(decl.name.node.as_str()),
                _ => None,
            })
            .collect();
        for (index, statement) in program.statements.iter().enumerate() {
            b.statement = index;
            match &statement.kind {
                StatementKind::Region(decl) => b.word(&decl.region, Role::Region),
                StatementKind::Vpc(decl) => {
                    b.word(&decl.name, Role::Declaration(NameKind::Vpc));
                    b.words(&decl.region, Role::Region);
                }
                StatementKind::Subnet(decl) => {
                    b.word(&decl.name, Role::Declaration(NameKind::Subnet));
                    b.words(&decl.vpc, Role::Reference(NameKind::Vpc));
                    match &decl.source {
                        SubnetSource::Created { az, .. } => b.word(az, Role::Zone),
                        SubnetSource::Existing { az, .. } => b.words(az, Role::Zone),
                    }
                }
                StatementKind::Bucket(decl) => {
                    b.word(&decl.name, Role::Declaration(NameKind::Bucket));
                    b.words(&decl.region, Role::Region);
                }
                StatementKind::Table(decl) => {
                    b.word(&decl.name, Role::Declaration(NameKind::Table));
                    b.words(&decl.region, Role::Region);
                }
                StatementKind::Intent(intent) => {
                    b.words(&intent.subnets, Role::Reference(NameKind::Subnet));
                    for target in &intent.targets {
                        match &target.node {
                            Target::Service(name) => b.word(&Node::new(name.clone(), target.span), Role::Service),
                            Target::Resource(reference) => {
                                b.word(&reference.name, Role::Reference(resource_kind(reference.kind)));
                            }
                            // A full endpoint service name is no declared name.
                            Target::EndpointService(word) if declared_services.contains(&word.node.as_str()) => {
                                b.word(word, Role::Reference(NameKind::Service));
                            }
                            _ => {}
                        }
                    }
                    b.words(&intent.region, Role::Region);
                }
                StatementKind::DenyPublic(deny) => b.resources(&deny.on),
                StatementKind::Service(decl) => b.word(&decl.name, Role::Declaration(NameKind::Service)),
                StatementKind::Role(decl) => {
                    b.word(&decl.name, Role::Declaration(NameKind::Role));
                    b.words(&decl.subnets, Role::Reference(NameKind::Subnet));
                    b.resources(&decl.on);
                }
                StatementKind::AllowAdmin(_) | StatementKind::AllowAwsBuckets(_) => {}
            }
        }
        b.out.sort_by_key(|o| (o.span.start, o.span.end));
        Symbols { occurrences: b.out }
    }

    /// The occurrence under byte `offset` (its end included, where a cursor
    /// stands after typing a word).
    pub fn at(&self, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .find(|o| o.span.start <= offset && offset <= o.span.end)
    }

    /// The first declaration of a name of `kind` (the one that counts when
    /// it is declared twice, E003).
    pub fn declaration(&self, kind: NameKind, name: &str) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .find(|o| o.role == Role::Declaration(kind) && o.text == name)
    }

    /// Every declaration and use of a name of `kind`, in source order.
    pub fn uses(&self, kind: NameKind, name: &str) -> impl Iterator<Item = &Occurrence> + '_ {
        let name = name.to_string();
        self.occurrences
            .iter()
            .filter(move |o| o.name_kind() == Some(kind) && o.text == name)
    }

    /// The declarations of names of `kind`, in source order, each name once.
    pub fn declared(&self, kind: NameKind) -> Vec<&Occurrence> {
        let mut seen: Vec<&Occurrence> = Vec::new();
        for o in &self.occurrences {
            if o.role == Role::Declaration(kind) && !seen.iter().any(|s| s.text == o.text) {
                seen.push(o);
            }
        }
        seen
    }
}

/// The region of the file: its `region` statement's region.
pub fn home_region(program: &Program) -> Option<&str> {
    program.statements.iter().find_map(|s| match &s.kind {
        StatementKind::Region(decl) => Some(decl.region.node.as_str()),
        _ => None,
    })
}

/// The region of a VPC (its own, else the file's); with no name, the region
/// of the file's only VPC.
pub fn vpc_region<'a>(program: &'a Program, vpc: Option<&str>) -> Option<&'a str> {
    let vpcs: Vec<_> = program
        .statements
        .iter()
        .filter_map(|s| match &s.kind {
            StatementKind::Vpc(decl) => Some(decl),
            _ => None,
        })
        .collect();
    let decl = match vpc {
        Some(name) => vpcs.iter().find(|d| d.name.node == name).copied(),
        None if vpcs.len() == 1 => vpcs.first().copied(),
        None => None,
    };
    match decl {
        Some(decl) => decl
            .region
            .as_ref()
            .map(|r| r.node.as_str())
            .or_else(|| home_region(program)),
        None => home_region(program),
    }
}

/// The region a subnet is in: its VPC's.
pub fn subnet_region<'a>(program: &'a Program, subnet: &str) -> Option<&'a str> {
    let decl = program.statements.iter().find_map(|s| match &s.kind {
        StatementKind::Subnet(decl) if decl.name.node == subnet => Some(decl),
        _ => None,
    });
    let vpc = decl.and_then(|d| d.vpc.as_ref()).map(|v| v.node.as_str());
    vpc_region(program, vpc)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nvpc us cidr 10.1.0.0/16 region us-east-1;\n\
        subnet a in app cidr 10.0.1.0/24 az eu-west-1a;\nsubnet b in us cidr 10.1.1.0/24 az use1-az1;\n\
        bucket data-bucket-x;\nservice api nlb arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/x/0123456789abcdef;\n\
        subnet a, b reaches s3, bucket data-bucket-x, service api via interface;\ndeny public on bucket data-bucket-x;\n";

    fn symbols() -> (Program, Symbols) {
        let (program, diagnostics) = crate::syntax::parse(TEXT);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let symbols = Symbols::new(&program);
        (program, symbols)
    }

    #[test]
    fn declarations_and_uses_are_found_by_kind() {
        let (_, symbols) = symbols();
        let uses: Vec<usize> = symbols
            .uses(NameKind::Bucket, "data-bucket-x")
            .map(|o| o.span.start)
            .collect();
        assert_eq!(uses.len(), 3);
        assert_eq!(symbols.uses(NameKind::Subnet, "a").count(), 2);
        assert_eq!(symbols.uses(NameKind::Service, "api").count(), 2);
        assert_eq!(symbols.declared(NameKind::Vpc).len(), 2);
        let s3 = TEXT.find("s3,").unwrap();
        assert_eq!(symbols.at(s3 + 2).map(|o| o.role), Some(Role::Service));
        let zone = TEXT.find("use1-az1").unwrap();
        assert_eq!(symbols.at(zone).map(|o| o.role), Some(Role::Zone));
    }

    #[test]
    fn regions_follow_vpcs() {
        let (program, _) = symbols();
        assert_eq!(subnet_region(&program, "a"), Some("eu-west-1"));
        assert_eq!(subnet_region(&program, "b"), Some("us-east-1"));
        assert_eq!(
            vpc_region(&program, None),
            Some("eu-west-1"),
            "two VPCs: the file's region"
        );
    }
}
