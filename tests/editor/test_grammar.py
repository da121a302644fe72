"""The TextMate grammar of editors/vscode, run by VS Code's own engine
(vscode-textmate with vscode-oniguruma, from .tools/node) on every example
and fixture: the tokens are compared with committed snapshots, and every
keyword, name, CIDR block, ARN, region and comment is checked for its scope.

Snapshots live in grammar-snapshots/. A missing one is written, except under
CI, where it fails; UPDATE_SNAPSHOTS=1 rewrites them all (review the diff)."""

import difflib
import json
import os
import re
import subprocess

import pytest

from conftest import ROOT

HERE = ROOT / "tests" / "editor"
SNAPSHOTS = HERE / "grammar-snapshots"
NODE_TOOLS = os.environ.get("VPCEC_NODE_TOOLS", str(ROOT / ".tools" / "node"))

SOURCES = sorted(
    [*ROOT.glob("examples/*.vpce"), *ROOT.glob("tests/ui/*.vpce"), *ROOT.glob("tests/fixtures/**/*.vpce")]
)


def keywords() -> set:
    """The language's keywords, read from `KEYWORDS` in src/syntax/mod.rs."""
    text = (ROOT / "src" / "syntax" / "mod.rs").read_text(encoding="utf-8")
    body = text.split("pub const KEYWORDS", 1)[1].split("];", 1)[0]
    return set(re.findall(r'"([a-z0-9.-]+)"', body))


@pytest.fixture(scope="module")
def tokenized() -> dict:
    result = subprocess.run(
        ["node", str(HERE / "tokenize.mjs"), str(ROOT), *map(str, SOURCES)],
        capture_output=True,
        check=True,
        env={**os.environ, "VPCEC_NODE_TOOLS": NODE_TOOLS},
    )
    return json.loads(result.stdout)


def snapshot_path(relative: str):
    return SNAPSHOTS / (relative.replace("/", "__") + ".tokens")


def test_sources_are_found():
    assert len([s for s in SOURCES if s.parent.name == "examples"]) >= 8
    assert len([s for s in SOURCES if s.parent.name == "ui"]) >= 30


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_tokens_match_the_snapshot(tokenized, source):
    relative = str(source.relative_to(ROOT))
    dump = tokenized[relative]["dump"]
    path = snapshot_path(relative)
    if os.environ.get("UPDATE_SNAPSHOTS") or (not path.exists() and not os.environ.get("CI")):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(dump, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}; run the suite outside CI to write it"
    expected = path.read_text(encoding="utf-8")
    if dump != expected:
        diff = "".join(
            list(difflib.unified_diff(expected.splitlines(True), dump.splitlines(True), "snapshot", "now"))[:60]
        )
        pytest.fail(f"{relative}: tokens changed (UPDATE_SNAPSHOTS=1 rewrites them)\n{diff}")


def test_no_snapshot_is_left_over():
    wanted = {snapshot_path(str(s.relative_to(ROOT))).name for s in SOURCES}
    left_over = sorted(p.name for p in SNAPSHOTS.glob("*.tokens") if p.name not in wanted)
    assert not left_over, f"snapshots of sources that are gone: {left_over}"


CIDR = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$")
REGIONS = {r["name"] for r in json.loads((ROOT / "data" / "regions.json").read_text())["regions"]}


def tokens(tokenized):
    """Every (file, text, scopes) outside comments and strings."""
    for relative, file in tokenized.items():
        for line in file["lines"]:
            for text, scopes in line:
                if text.strip() and not any(s.startswith(("comment.", "string.")) for s in scopes):
                    yield relative, text, scopes


def test_every_value_gets_its_scope(tokenized):
    words = keywords()
    checked = {"keyword": 0, "cidr": 0, "arn": 0, "region": 0}
    for relative, text, scopes in tokens(tokenized):
        names = [s for s in scopes if s.startswith(("entity.name.", "variable."))]
        if text in words and not names:
            assert any(s.startswith(("keyword.", "constant.language.", "support.type.")) for s in scopes), (
                relative,
                text,
                scopes,
            )
            checked["keyword"] += 1
        if CIDR.match(text):
            assert "constant.numeric.cidr.vpce" in scopes, (relative, text, scopes)
            checked["cidr"] += 1
        if text.startswith("arn:"):
            assert scopes == ["constant.other.arn.vpce"], (relative, text, scopes)
            checked["arn"] += 1
        if text in REGIONS and not names:
            assert "constant.other.region.vpce" in scopes, (relative, text, scopes)
            checked["region"] += 1
    assert all(count > 10 for count in checked.values()), checked


def test_names_follow_their_keyword_and_comments_are_comments(tokenized):
    declared = 0
    for relative, file in tokenized.items():
        for line in file["lines"]:
            significant = [(t, s) for t, s in line if t.strip()]
            for (keyword, _), (name, scopes) in zip(significant, significant[1:]):
                kind = {"vpc", "subnet", "bucket", "table", "service", "role"} & {keyword}
                if kind and not any(s.startswith(("comment.", "string.")) for s in scopes):
                    assert f"entity.name.type.{keyword}.vpce" in scopes, (relative, keyword, name, scopes)
                    declared += 1
            for text, scopes in line:
                if text.startswith("#"):
                    assert any(s.startswith("comment.line.number-sign") for s in scopes), (relative, text)
    assert declared > 100


def test_suppressions_name_their_codes(tokenized):
    found = 0
    for file in tokenized.values():
        for line in file["lines"]:
            joined = "".join(text for text, _ in line)
            comment = joined[joined.find("#") :] if "#" in joined else ""
            # Only a comment that starts with the marker is a suppression.
            if re.match(r"#\s*vpcec-allow:\s*[EW][0-9]{3}", comment):
                code_scopes = [s for text, scopes in line if re.match(r"^[EW][0-9]{3}", text) for s in scopes]
                assert "constant.other.diagnostic-code.vpce" in code_scopes, joined
                found += 1
    assert found > 0


def test_the_vscode_extension_holds_together():
    folder = ROOT / "editors" / "vscode"
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert language["extensions"] == [".vpce"] and grammar["language"] == language["id"]
    assert json.loads((folder / grammar["path"]).read_text(encoding="utf-8"))["scopeName"] == grammar["scopeName"]
    configuration = json.loads((folder / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"]["lineComment"] == "#"
    for pattern in configuration["indentationRules"].values():
        re.compile(pattern)
    subprocess.run(["node", "--check", str(folder / manifest["main"])], check=True)
    assert "'lsp'" in (folder / manifest["main"]).read_text(encoding="utf-8")
