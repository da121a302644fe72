"""Random valid `.vpce` programs, reproducible from a seed.

Every program stays inside the language's rules (docs/language.md §6), so that
`vpcec build` accepts it: CIDRs nest and do not overlap, zones belong to their
region, gateway targets are in the VPC's region, cross-region interface
targets are services AWS lists as cross-region capable, one VPC's intents
agree on private DNS per service, NAT intents come from private subnets of a
VPC with a public one, `deny public` without `allow admin` only covers
resources an endpoint reaches, and so on. A program vpcec rejects is reported
as a failure: either the generator or the compiler is wrong.
"""

from __future__ import annotations

import random

PARTITIONS = {
    "aws": ["eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"],
    "aws-cn": ["cn-north-1", "cn-northwest-1"],
}
ZONES = {"cn-north-1": "ab", "us-east-1": "abcd", "us-west-2": "abcd"}
# Zone ids (the same physical zone in every account), by region: prefix and count.
ZONE_IDS = {"eu-west-1": ("euw1", 3), "us-east-1": ("use1", 6), "us-west-2": ("usw2", 4), "eu-central-1": ("euc1", 3),
            "ap-southeast-2": ("apse2", 3), "cn-north-1": ("cnn1", 2), "cn-northwest-1": ("cnnw1", 3)}
SERVICES = ["kms", "sqs", "sts", "logs", "ssm", "ssmmessages", "ec2messages", "ecr.api", "secretsmanager", "sns",
            "email-smtp", "cassandra"]
CROSS_REGION = ["kms", "ecr.api", "lambda", "ecs"]
CHINA_SERVICES = ["kms", "sqs", "sts", "logs", "ecr.api", "sns"]
WORDS = ["read", "write", "list", "all"]
S3_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:Get*"]
DYNAMODB_ACTIONS = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:*Item"]
AWS_BUCKET_SETS = ["ssm", "amazon-linux-2", "ecr"]


def hexid(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


class Gen:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.partition = "aws-cn" if rng.random() < 0.08 else "aws"
        pool = PARTITIONS[self.partition]
        count = 1 if rng.random() < 0.55 else min(len(pool), 2 if rng.random() < 0.85 else 3)
        self.regions = rng.sample(pool, count)
        self.home = self.regions[0]
        self.account = "".join(rng.choice("0123456789") for _ in range(12))
        self.lines: list[str] = [f"region {self.home};"]
        self.vpcs: list[dict] = []
        self.buckets: list[dict] = []
        self.tables: list[dict] = []
        self.services: list[dict] = []
        self.intents: list[dict] = []
        self.has_role = False
        # (vpc, service, region) -> private DNS on? (one interface endpoint per VPC and service)
        self.private_dns: dict[tuple, bool] = {}

    # ---- declarations -----------------------------------------------------
    def declare(self) -> None:
        rng = self.rng
        for i in range(rng.randint(1, 3)):
            region = self.home if i == 0 else rng.choice(self.regions)
            existing = rng.random() < 0.2
            vpc = {"name": f"v{i}" if rng.random() < 0.7 else f"net.{i}-x", "region": region, "existing": existing,
                   "octet": 10 + i, "subnets": []}
            where = "" if region == self.home and rng.random() < 0.5 else f" region {region}"
            if existing:
                self.lines.append(f"vpc {vpc['name']} id vpc-{hexid(rng, rng.choice([8, 17]))} cidr 10.{vpc['octet']}.0.0/16{where};")
            else:
                self.lines.append(f"vpc {vpc['name']} cidr 10.{vpc['octet']}.0.0/16{where};")
            self.vpcs.append(vpc)
            letters = ZONES.get(region, "abc")
            by_id = rng.random() < 0.2  # one zone form per VPC (W209 warns about mixing them)
            for j in range(rng.randint(1, 4)):
                public = rng.random() < 0.35
                subnet = {"name": f"{vpc['name']}-s{j}", "vpc": vpc, "public": public,
                          "existing": existing and rng.random() < 0.7}
                zone = f"{region}{rng.choice(letters)}"
                if by_id:
                    prefix, count = ZONE_IDS[region]
                    zone = f"{prefix}-az{rng.randint(1, count)}"
                visibility = " public" if public else rng.choice(["", " private"])
                cidr = f"10.{vpc['octet']}.{j * 16}.0/{rng.choice([20, 24])}"
                if subnet["existing"]:
                    self.lines.append(
                        f"subnet {subnet['name']} in {vpc['name']} id subnet-{hexid(rng, 17)} route-table "
                        f"rtb-{hexid(rng, 17)} cidr {cidr} az {zone}{visibility};"
                    )
                else:
                    self.lines.append(f"subnet {subnet['name']} in {vpc['name']} cidr {cidr} az {zone}{visibility};")
                vpc["subnets"].append(subnet)
        for k in range(rng.randint(0, 3)):
            bucket = {"name": f"evb-{hexid(rng, 6)}-{k}", "region": rng.choice(self.regions), "existing": rng.random() < 0.25}
            where = f" region {bucket['region']}" if bucket["region"] != self.home or rng.random() < 0.2 else ""
            self.lines.append(f"bucket {bucket['name']}{where}{' existing' if bucket['existing'] else ''};")
            self.buckets.append(bucket)
        for k in range(rng.randint(0, 2)):
            table = {"name": f"evt{k}.{hexid(rng, 3)}", "region": rng.choice(self.regions), "existing": rng.random() < 0.2}
            where = f" region {table['region']}" if table["region"] != self.home else ""
            self.lines.append(f"table {table['name']}{where} {'existing' if table['existing'] else 'key id'};")
            self.tables.append(table)
        if rng.random() < 0.2:
            region = rng.choice(self.regions)
            service = {"name": f"svc{hexid(rng, 2)}", "region": region}
            extra = ""
            if rng.random() < 0.5:
                extra += " port " + ", ".join(str(p) for p in sorted(rng.sample([443, 5432, 6379, 8080, 8443, 9092], rng.randint(1, 3))))
            extra += " acceptance required" if rng.random() < 0.5 else ""
            if rng.random() < 0.5:
                extra += f" allow arn:{self.partition}:iam::{self.account}:root"
            self.lines.append(
                f"service {service['name']} nlb arn:{self.partition}:elasticloadbalancing:{region}:{self.account}:"
                f"loadbalancer/net/app/{hexid(rng, 16)}{extra};"
            )
            self.services.append(service)

    # ---- intents ----------------------------------------------------------
    def intend(self) -> None:
        for _ in range(self.rng.randint(1, 6)):
            kind = self.rng.choice(["gateway", "gateway", "services", "s3", "dynamodb", "endpoint-service", "nat", "nat"])
            getattr(self, "_" + kind.replace("-", "_"))()
        self._s3_private_dns()

    def _subnets(self, vpc: dict, private_only: bool = False) -> list[dict]:
        pool = [s for s in vpc["subnets"] if not (private_only and s["public"])]
        if not pool:
            return []
        return self.rng.sample(pool, self.rng.randint(1, len(pool)))

    def _add(self, subnets, targets, via, region=None, dns_off=False, allow=None, key=None) -> None:
        if not subnets or not targets:
            return
        self.intents.append({"subnets": subnets, "targets": list(dict.fromkeys(targets)), "via": via,
                             "region": region, "dns_off": dns_off, "allow": allow, "key": key})

    def _allow(self, targets: list[str]) -> list[str] | None:
        """An `allow` clause, or None. With both a bucket and a table target, IAM
        actions name both services or neither (one service's actions alone is E111)."""
        buckets = any(t.startswith("bucket ") for t in targets)
        tables = any(t.startswith("table ") for t in targets)
        if not (buckets or tables) or self.rng.random() < 0.5:
            return None
        pool = list(WORDS) + (S3_ACTIONS if buckets else []) + (DYNAMODB_ACTIONS if tables else [])
        chosen = self.rng.sample(pool, self.rng.randint(1, 3))
        if buckets and tables:
            has_s3 = any(a.startswith("s3:") for a in chosen)
            has_dynamodb = any(a.startswith("dynamodb:") for a in chosen)
            if has_s3 and not has_dynamodb:
                chosen.append(self.rng.choice(DYNAMODB_ACTIONS))
            elif has_dynamodb and not has_s3:
                chosen.append(self.rng.choice(S3_ACTIONS))
        return list(dict.fromkeys(chosen))

    def _gateway(self) -> None:
        vpc = self.rng.choice(self.vpcs)
        region = vpc["region"]
        pool = ["s3", "dynamodb"] + [f"bucket {b['name']}" for b in self.buckets if b["region"] == region]
        pool += [f"table {t['name']}" for t in self.tables if t["region"] == region]
        targets = self.rng.sample(pool, self.rng.randint(1, min(2, len(pool))))
        subnets = self._subnets(vpc)
        if all(t in ("s3", "dynamodb") for t in targets) and self.rng.random() < 0.3:
            subnets += self._subnets(self.rng.choice(self.vpcs))  # one intent, VPCs of several regions
        self._add(subnets, targets, "gateway", allow=self._allow(targets))

    def _services(self) -> None:
        vpc = self.rng.choice(self.vpcs)
        names = CHINA_SERVICES if self.partition == "aws-cn" else SERVICES
        region = None
        if self.rng.random() < 0.25 and len(self.regions) > 1:
            region = self.rng.choice([r for r in self.regions if r != vpc["region"]])
            names = CROSS_REGION if self.partition == "aws" else ["kms"]
        targets = self.rng.sample(names, self.rng.randint(1, min(3, len(names))))
        service_region = region or vpc["region"]
        on = region is None and self.rng.random() < 0.7
        # Keep the targets whose endpoint in this VPC has (or now gets) that private DNS setting.
        targets = [t for t in targets if self.private_dns.setdefault((vpc["name"], t, service_region), on) == on]
        self._add(self._subnets(vpc), targets, "interface", region=region, dns_off=not on)

    def _s3(self) -> None:
        vpc = self.rng.choice(self.vpcs)
        pool = [f"bucket {b['name']}" for b in self.buckets if self._same_partition(b["region"])]
        pool += ["s3"]
        targets = self.rng.sample(pool, self.rng.randint(1, min(2, len(pool))))
        regions = {self._region_of(t, vpc["region"]) for t in targets}
        if len(regions) > 1:
            targets = [t for t in targets if self._region_of(t, vpc["region"]) == vpc["region"]] or targets[:1]
        service_region = self._region_of(targets[0], vpc["region"])
        on = service_region == vpc["region"] and self.rng.random() < 0.5
        on = self.private_dns.setdefault((vpc["name"], "s3", service_region), on)
        self._add(self._subnets(vpc), targets, "interface", dns_off=not on, allow=self._allow(targets),
                  key=(vpc["name"], "s3", service_region))

    def _dynamodb(self) -> None:
        vpc = self.rng.choice(self.vpcs)
        pool = ["dynamodb"] + [f"table {t['name']}" for t in self.tables if t["region"] == vpc["region"]]
        targets = self.rng.sample(pool, self.rng.randint(1, min(2, len(pool))))
        self._add(self._subnets(vpc), targets, "interface", dns_off=True, allow=self._allow(targets))

    def _endpoint_service(self) -> None:
        vpc = self.rng.choice(self.vpcs)
        targets = [f"service {s['name']}" for s in self.services]
        if self.partition == "aws":
            region = self.rng.choice(self.regions)
            targets.append(f"service com.amazonaws.vpce.{region}.vpce-svc-{hexid(self.rng, 17)}")
        if targets:
            self._add(self._subnets(vpc), self.rng.sample(targets, 1), "interface")

    def _nat(self) -> None:
        with_public = [v for v in self.vpcs if any(s["public"] for s in v["subnets"])]
        if not with_public:
            return
        vpc = self.rng.choice(with_public)
        pool = ["internet", "internet", "s3", "kms"] + [f"bucket {b['name']}" for b in self.buckets]
        pool += [f"table {t['name']}" for t in self.tables]
        targets = self.rng.sample(pool, self.rng.randint(1, 2))
        self._add(self._subnets(vpc, private_only=True), targets, "nat")

    def _s3_private_dns(self) -> None:
        """S3 private DNS on only in a VPC that reaches S3 in no other way.

        Private DNS sends every S3 request of the VPC to the interface endpoint,
        so a gateway or NAT intent to S3 or a bucket next to it is E124.
        """
        other_ways = {
            s["vpc"]["name"]
            for intent in self.intents
            if intent["via"] != "interface" and any(t == "s3" or t.startswith("bucket ") for t in intent["targets"])
            for s in intent["subnets"]
        }
        for intent in self.intents:
            key = intent["key"]
            if key and key[0] in other_ways:
                intent["dns_off"] = True

    def _region_of(self, target: str, vpc_region: str) -> str:
        if target.startswith("bucket "):
            return next(b["region"] for b in self.buckets if b["name"] == target[7:])
        return vpc_region

    def _same_partition(self, region: str) -> bool:
        return region in PARTITIONS[self.partition]

    # ---- policies ---------------------------------------------------------
    def guard(self) -> None:
        rng = self.rng
        if rng.random() < 0.5 or not (self.buckets or self.tables):
            return
        admin = rng.random() < 0.8
        reached = self._reached_through_endpoints()
        candidates = [f"bucket {b['name']}" for b in self.buckets]
        candidates += [f"table {t['name']}" for t in self.tables if not t["existing"]]
        if not admin:
            candidates = [c for c in candidates if c in reached]
        existing_table = any(t["existing"] for t in self.tables)
        if admin and not existing_table and rng.random() < 0.5:
            self.lines.append("deny public;")
        elif candidates:
            self.lines.append(f"deny public on {', '.join(rng.sample(candidates, rng.randint(1, len(candidates))))};")
        else:
            return
        if admin:
            arns = [f"arn:{self.partition}:iam::{self.account}:role/Admin"]
            if rng.random() < 0.3:
                arns.append(f"arn:{self.partition}:iam::{self.account}:role/ops-*")
            self.lines.append(f"allow admin {', '.join(arns)};")

    def _reached_through_endpoints(self) -> set[str]:
        reached: set[str] = set()
        for intent in self.intents:
            if intent["via"] == "nat":
                continue
            for target in intent["targets"]:
                reached.add(target)
                if target in ("s3", "dynamodb"):
                    kind = "bucket" if target == "s3" else "table"
                    pool = self.buckets if kind == "bucket" else self.tables
                    regions = {intent["region"] or s["vpc"]["region"] for s in intent["subnets"]}
                    reached.update(f"{kind} {r['name']}" for r in pool if r["region"] in regions)
        return reached

    def text(self) -> str:
        self.declare()
        self.intend()
        self.guard()
        for _ in range(2 if self.rng.random() < 0.1 else 1 if self.rng.random() < 0.3 else 0):
            sets = self.rng.sample(AWS_BUCKET_SETS, self.rng.randint(1, len(AWS_BUCKET_SETS)))
            self.lines.append(f"allow aws-buckets {', '.join(sets)};")
        if self.rng.random() < 0.15:
            subnets = [s["name"] for v in self.vpcs for s in v["subnets"] if v["region"] == self.home]
            if subnets:
                where = ", ".join(self.rng.sample(subnets, self.rng.randint(1, len(subnets))))
                self.lines.append(f"role app-{hexid(self.rng, 4)} for ec2 in {where} managed AmazonSSMManagedInstanceCore;")
                self.has_role = True
        for intent in self.intents:
            names = ", ".join(dict.fromkeys(s["name"] for s in intent["subnets"]))
            verb = "reach" if self.rng.random() < 0.1 else "reaches"
            line = f"subnet {names} {verb} {', '.join(intent['targets'])}"
            if intent["region"]:
                line += f" {intent['region']}"
            line += f" via {intent['via']}"
            if intent["via"] == "interface" and intent["dns_off"]:
                line += " private-dns off"
            if intent["allow"]:
                line += f" allow {', '.join(intent['allow'])}"
            self.lines.append(line + ";")
        return "\n".join(self.lines) + "\n"


    def creates_something(self) -> bool:
        """Whether the program creates a resource: `vpcec build` refuses one
        that only declares existing resources ("nothing to build")."""
        declared = self.buckets + self.tables + self.vpcs + [s for v in self.vpcs for s in v["subnets"]]
        return bool(self.intents or self.services or self.has_role) or any(not d["existing"] for d in declared)


def program(rng: random.Random) -> str:
    """One random valid program that creates at least one resource."""
    while True:
        gen = Gen(rng)
        text = gen.text()
        if gen.creates_something():
            return text
