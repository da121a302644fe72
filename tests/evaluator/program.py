"""The facts of a `.vpce` program that the generated templates cannot give.

The evaluator reads reachability from the generated templates only. From the
source it takes what no template says: the names of the subnets and targets
(the rows of the matrix), the ids, CIDRs and route tables of existing
subnets and VPCs, which existing subnets are public, and the regions. It never
reads the intents' `via` to decide reachability; intents only say which
targets the matrix has rows for, as `vpcec reach` documents.

The `allow admin` ARNs and `allow aws-buckets` sets are read for the named
questions only.

This reader is independent of the compiler's parser: it splits statements at
`;`, drops comments, and reads the words of every statement form of
grammar/vpce.pest, refusing a word out of place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROW_ORDER_NOTE = (
    "rows: subnets in declaration order; for each, the targets of the intents in order "
    "(an intent whose subnets span several regions counts once per region), then every "
    "bucket, then every table, each target once"
)


class ProgramError(Exception):
    """The source is not a program this reader understands."""


@dataclass
class Vpc:
    name: str
    region: str
    cidr: str | None
    vpc_id: str | None  # existing VPCs only


@dataclass
class Subnet:
    name: str
    vpc: str
    cidr: str | None
    az: str | None
    public: bool
    subnet_id: str | None = None  # existing subnets only
    route_table: str | None = None  # existing subnets only


@dataclass
class Store:
    """A bucket or a table."""

    kind: str  # "bucket" | "table"
    name: str
    region: str
    existing: bool


@dataclass
class EndpointService:
    name: str
    region: str
    ports: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """One target of the matrix: `written` as the source writes it, and what it is."""

    written: str
    kind: str  # service | bucket | table | declared | external | internet
    name: str  # service short name, bucket/table/service name, or full service name
    region: str  # "" for internet


@dataclass
class Intent:
    subnets: list[str]
    targets: list[tuple[str, str, str]]  # (written, kind, name)
    region: str | None
    via: str
    private_dns_off: bool
    allow: list[str] | None


@dataclass
class Program:
    home: str | None = None
    vpcs: dict[str, Vpc] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    stores: dict[tuple[str, str], Store] = field(default_factory=dict)
    services: dict[str, EndpointService] = field(default_factory=dict)
    intents: list[Intent] = field(default_factory=list)
    admins: list[str] = field(default_factory=list)
    aws_buckets: list[str] = field(default_factory=list)  # sets of `allow aws-buckets`, each once
    deny_public: list[tuple[str, str]] | None = None  # None: no `deny public`
    deny_public_all: bool = False

    def vpc_of(self, subnet: str) -> Vpc:
        return self.vpcs[self.subnets[subnet].vpc]

    def guarded(self, kind: str, name: str) -> bool:
        """Whether a `deny public` covers the bucket or table."""
        return self.deny_public_all or (kind, name) in (self.deny_public or [])

    def buckets(self) -> list[Store]:
        return [s for s in self.stores.values() if s.kind == "bucket"]

    def tables(self) -> list[Store]:
        return [s for s in self.stores.values() if s.kind == "table"]

    def targets(self) -> list[Target]:
        """The matrix's targets, in the order `vpcec reach` documents (ROW_ORDER_NOTE)."""
        found: list[Target] = []

        def push(target: Target) -> None:
            if target not in found:
                found.append(target)

        for intent in self.intents:
            regions: list[str] = []
            for subnet in intent.subnets:
                region = self.vpc_of(subnet).region
                if region not in regions:
                    regions.append(region)
            for vpc_region in regions:
                for written, kind, name in intent.targets:
                    push(self._target(written, kind, name, intent.region or vpc_region))
        for store in self.buckets():
            push(Target(f"bucket {store.name}", "bucket", store.name, store.region))
        for store in self.tables():
            push(Target(f"table {store.name}", "table", store.name, store.region))
        return found

    def _target(self, written: str, kind: str, name: str, region: str) -> Target:
        if kind in ("bucket", "table"):
            return Target(written, kind, name, self.stores[(kind, name)].region)
        if kind == "service-name":
            if name in self.services:
                return Target(written, "declared", name, self.services[name].region)
            match = ENDPOINT_SERVICE.match(name)
            if not match:
                raise ProgramError(f"unknown endpoint service `{name}`")
            return Target(written, "external", name, match.group(1))
        if kind == "internet":
            return Target(written, "internet", "internet", "")
        return Target(written, "service", name, region)


ENDPOINT_SERVICE = re.compile(r"^(?:cn\.)?com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-[0-9a-f]+$")
ELB_ARN = re.compile(r"^arn:[a-z-]+:elasticloadbalancing:([a-z0-9-]+):")
TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[,;]|[^\s,;"#]+|#[^\n]*|\s+')


def tokens(text: str) -> list[list[str]]:
    """The statements of a file, each a list of words (commas kept as `,`)."""
    statements: list[list[str]] = []
    current: list[str] = []
    for match in TOKEN.finditer(text):
        word = match.group(0)
        if word.isspace() or word.startswith("#"):
            continue
        if word == ";":
            statements.append(current)
            current = []
        else:
            current.append(word)
    if current:
        raise ProgramError("the last statement has no `;`")
    return statements


class Words:
    """A cursor over one statement's words."""

    def __init__(self, words: list[str]):
        self.words = words
        self.at = 0

    def peek(self) -> str | None:
        return self.words[self.at] if self.at < len(self.words) else None

    def take(self) -> str:
        word = self.peek()
        if word is None:
            raise ProgramError(f"statement ends early: {' '.join(self.words)}")
        self.at += 1
        return word

    def accept(self, word: str) -> bool:
        if self.peek() == word:
            self.at += 1
            return True
        return False

    def expect(self, word: str) -> None:
        if not self.accept(word):
            raise ProgramError(f"expected `{word}` in: {' '.join(self.words)}")

    def done(self) -> None:
        """The statement must end here."""
        if self.peek() is not None:
            raise ProgramError(f"unexpected `{self.peek()}` in: {' '.join(self.words)}")

    def listed(self) -> list[str]:
        """A comma-separated list of single words."""
        items = [self.take()]
        while self.accept(","):
            items.append(self.take())
        return items


def parse(text: str) -> Program:
    """Reads a program that `vpcec check` accepts."""
    program = Program()
    raw_vpcs: list[tuple[str, str | None, str | None, str | None]] = []
    raw_subnets: list[tuple[Subnet, str | None]] = []
    raw_stores: list[tuple[str, str, str | None, bool]] = []
    raw_services: list[tuple[str, list[str], list[int]]] = []
    for statement in tokens(text):
        words = Words(statement)
        head = words.take()
        if head == "region":
            program.home = words.take()
        elif head == "vpc":
            raw_vpcs.append(_vpc(words))
        elif head == "subnet" and ("reach" in statement or "reaches" in statement):
            program.intents.append(_intent(words))
        elif head == "subnet":
            raw_subnets.append(_subnet(words))
        elif head in ("bucket", "table"):
            raw_stores.append(_store(head, words))
        elif head == "deny":
            words.expect("public")
            if program.deny_public is None:
                program.deny_public = []
            if words.accept("on"):
                program.deny_public.extend(_resources(words))
            else:
                program.deny_public_all = True
        elif head == "allow" and words.accept("aws-buckets"):
            program.aws_buckets.extend(s for s in words.listed() if s not in program.aws_buckets)
        elif head == "allow":
            words.expect("admin")
            program.admins.extend(a for a in words.listed() if a not in program.admins)
        elif head == "service":
            raw_services.append(_service(words))
        elif head == "role":
            _role(words)
        else:
            raise ProgramError(f"unknown statement `{head}`")
        words.done()
    home = program.home
    for name, cidr, vpc_id, region in raw_vpcs:
        program.vpcs[name] = Vpc(name, region or _need(home, name), cidr, vpc_id)
    for subnet, vpc in raw_subnets:
        if vpc is None:
            if len(program.vpcs) != 1:
                raise ProgramError(f"subnet `{subnet.name}` needs `in VPC`")
            vpc = next(iter(program.vpcs))
        subnet.vpc = vpc
        program.subnets[subnet.name] = subnet
    for kind, name, region, existing in raw_stores:
        program.stores[(kind, name)] = Store(kind, name, region or _need(home, name), existing)
    for name, nlbs, ports in raw_services:
        match = ELB_ARN.match(nlbs[0])
        region = match.group(1) if match else _need(home, name)
        program.services[name] = EndpointService(name, region, ports)
    return program


def _need(home: str | None, name: str) -> str:
    if home is None:
        raise ProgramError(f"`{name}` has no region")
    return home


def _vpc(words: Words) -> tuple[str, str | None, str | None, str | None]:
    """`vpc NAME cidr CIDR [region R]` or `vpc NAME id ID [cidr CIDR] [region R]`."""
    name = words.take()
    vpc_id = words.take() if words.accept("id") else None
    if vpc_id is None:
        words.expect("cidr")
        cidr: str | None = words.take()
    else:
        cidr = words.take() if words.accept("cidr") else None
    region = words.take() if words.accept("region") else None
    return name, cidr, vpc_id, region


def _store(kind: str, words: Words) -> tuple[str, str, str | None, bool]:
    """`bucket NAME [region R] [existing]`, `table NAME [region R] (key ATTR | existing)`."""
    name = words.take()
    region = words.take() if words.accept("region") else None
    existing = words.accept("existing")
    if kind == "table" and not existing:
        words.expect("key")
        words.take()
    return kind, name, region, existing


def _resources(words: Words) -> list[tuple[str, str]]:
    """`(bucket|table) NAME [, (bucket|table) NAME]*`."""
    found = []
    while True:
        kind = words.take()
        if kind not in ("bucket", "table"):
            raise ProgramError(f"expected `bucket` or `table`, found `{kind}`")
        found.append((kind, words.take()))
        if not words.accept(","):
            return found


def _service(words: Words) -> tuple[str, list[str], list[int]]:
    """`service NAME nlb ARN, ... [port N, ...] [acceptance required] [allow ARN, ...]`."""
    name = words.take()
    words.expect("nlb")
    nlbs = words.listed()
    ports = [int(p) for p in words.listed()] if words.accept("port") else []
    if words.accept("acceptance"):
        words.expect("required")
    if words.accept("allow"):
        words.listed()
    return name, nlbs, ports


def _role(words: Words) -> None:
    """`role NAME for ec2 [in S, ...] [managed P, ...] [allow ACCESS, ... on (bucket|table) N, ...]`.

    Read only to check its form: identity policies are taken to allow everything.
    """
    words.take()
    words.expect("for")
    words.expect("ec2")
    if words.accept("in"):
        words.listed()
    if words.accept("managed"):
        words.listed()
    if words.accept("allow"):
        words.listed()
        words.expect("on")
        _resources(words)


def _subnet(words: Words) -> tuple[Subnet, str | None]:
    """`subnet NAME [in VPC] cidr CIDR az AZ [public|private]`, or an existing subnet:
    `subnet NAME [in VPC] id ID route-table RTB [cidr CIDR] [az AZ] [public|private]`."""
    name = words.take()
    vpc = words.take() if words.accept("in") else None
    subnet = Subnet(name, "", None, None, False)
    if words.accept("id"):
        subnet.subnet_id = words.take()
        words.expect("route-table")
        subnet.route_table = words.take()
        subnet.cidr = words.take() if words.accept("cidr") else None
        subnet.az = words.take() if words.accept("az") else None
    else:
        words.expect("cidr")
        subnet.cidr = words.take()
        words.expect("az")
        subnet.az = words.take()
    subnet.public = words.accept("public")
    if not subnet.public:
        words.accept("private")
    return subnet, vpc


def _intent(words: Words) -> Intent:
    subnets = [words.take()]
    while words.accept(","):
        subnets.append(words.take())
    if not (words.accept("reaches") or words.accept("reach")):
        raise ProgramError("intent without `reach`")
    targets = [_target(words)]
    while words.accept(","):
        targets.append(_target(words))
    region = None
    if words.peek() != "via":
        region = words.take()
    words.expect("via")
    via = words.take()
    private_dns_off = False
    if words.accept("private-dns"):
        words.expect("off")
        private_dns_off = True
    allow = words.listed() if words.accept("allow") else None
    return Intent(subnets, targets, region, via, private_dns_off, allow)


def _target(words: Words) -> tuple[str, str, str]:
    word = words.take()
    if word in ("bucket", "table"):
        name = words.take()
        return (f"{word} {name}", word, name)
    if word == "service":
        name = words.take()
        return (f"service {name}", "service-name", name)
    if word == "internet":
        return ("internet", "internet", "internet")
    return (word, "service", word)
