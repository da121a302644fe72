"""`vpcec lsp` driven by pytest-lsp as an editor drives it: the life cycle,
diagnostics on open and change, hover, completion, definition, references,
rename, formatting and code actions. Every answer is also checked by
pytest-lsp against the capabilities VS Code announces."""

import pathlib
import subprocess
import tempfile

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from conftest import VPCEC, example, uri


def utf16(text: str) -> int:
    """The length of `text` in UTF-16 code units, as LSP counts columns."""
    return len(text.encode("utf-16-le")) // 2


def position_of(text: str, needle: str, *, after: int = 0) -> types.Position:
    """The LSP position of the first `needle` in `text` (in UTF-16 columns)."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset)
    line_start = text.rfind("\n", 0, offset) + 1
    return types.Position(line=line, character=utf16(text[line_start:offset]) + after)


async def open_document(client: LanguageClient, name: str, text: str):
    """Opens a document and returns its first published diagnostics."""
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri(name), language_id="vpce", version=1, text=text)
        )
    )
    params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert params.uri == uri(name)
    return params.diagnostics


def apply_edits(text: str, edits) -> str:
    """Applies LSP text edits (UTF-16 ranges) to `text`, as an editor does."""

    def offset(position: types.Position) -> int:
        lines = text.split("\n")
        start = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= position.character:
                return start + i
            units += utf16(ch)
        return start + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def run_cli(args, text: str) -> str:
    """Runs `vpcec ARGS FILE` on a temporary copy of `text`; returns the file afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "net.vpce"
        path.write_text(text, encoding="utf-8")
        subprocess.run([VPCEC, *args, str(path)], capture_output=True, check=False)
        return path.read_text(encoding="utf-8")


SSM = example("ssm-private-instances.vpce")


def code_count(text: str, word: str) -> int:
    """How often `word` occurs in `text` outside comments."""
    return sum(line.split("#")[0].count(word) for line in text.split("\n"))


async def test_initialize_announces_utf16_and_every_feature(client: LanguageClient):
    result = client.init_result
    capabilities = result.capabilities
    assert result.server_info.name == "vpcec"
    assert capabilities.position_encoding in (None, types.PositionEncodingKind.Utf16)
    assert capabilities.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    for feature in [
        "hover_provider",
        "completion_provider",
        "definition_provider",
        "references_provider",
        "rename_provider",
        "document_formatting_provider",
        "code_action_provider",
    ]:
        assert getattr(capabilities, feature), feature


async def test_diagnostics_on_open_and_on_change(client: LanguageClient):
    text = SSM.replace("region us-west-2;", "region us-wset-2;")
    diagnostics = await open_document(client, "ssm.vpce", text)
    assert [d.code for d in diagnostics] == ["E103"]
    (region,) = diagnostics
    assert region.range.start == position_of(text, "us-wset-2")
    assert region.source == "vpcec"
    assert region.severity == types.DiagnosticSeverity.Error
    assert "help: did you mean `us-west-2`?" in region.message

    start = position_of(text, "us-wset-2")
    end = types.Position(line=start.line, character=start.character + len("us-wset-2"))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri("ssm.vpce"), version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text="us-west-2")
            ],
        )
    )
    params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert params.version == 2
    assert list(params.diagnostics) == []


async def test_related_locations_of_a_duplicate(client: LanguageClient):
    text = "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nvpc app cidr 10.1.0.0/16;\n"
    diagnostics = await open_document(client, "dup.vpce", text)
    (duplicate,) = [d for d in diagnostics if d.code == "E003"]
    (related,) = duplicate.related_information
    assert related.location.range.start == types.Position(line=1, character=4)
    assert related.location.uri == uri("dup.vpce")


# Each 🦀 is 1 code point, 2 UTF-16 units and 4 bytes: a column counted in any
# unit but UTF-16 lands elsewhere.
CRABS = (
    "# réseau ✓\nregion eu-west-1;\nvpc app cidr 10.0.0.0/16;\n"
    "subnet a cidr 10.0.1.0/24 az eu-west-1a;\n"
    'table t key "🦀🦀"; subnet a reaches bucket nope via gateway; bucket data-bucket-x;\n'
    "subnet a reaches bucket data-bucket-x via gateway; # é 🦀\n"
)


async def test_positions_are_utf16_around_non_ascii_text(client: LanguageClient):
    diagnostics = await open_document(client, "crabs.vpce", CRABS)
    (undeclared,) = [d for d in diagnostics if d.code == "E002"]
    start = position_of(CRABS, "nope")
    assert undeclared.range.start == start
    assert undeclared.range.end.character == start.character + 4

    definition = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri("crabs.vpce")),
            position=position_of(CRABS, "data-bucket-x", after=3),
        )
    )
    declared = position_of(CRABS, "data-bucket-x;")
    assert [location.range.start for location in _locations(definition)] == [declared]


def _locations(result):
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


async def hover_text(client: LanguageClient, name: str, position: types.Position) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri(name)), position=position)
    )
    return hover.contents.value if hover else ""


async def test_hover_explains_and_describes(client: LanguageClient):
    text = SSM.replace("ssmmessages, ", "")
    await open_document(client, "ssm.vpce", text)
    on_ssm = await hover_text(client, "ssm.vpce", position_of(text, "reaches ssm", after=9))
    assert "**W202**" in on_ssm and "## How to fix it" in on_ssm, on_ssm
    assert "`com.amazonaws.us-west-2.ssm`" in on_ssm and "TCP 443" in on_ssm, on_ssm
    assert "USD 0.01 per zone-hour" in on_ssm, on_ssm
    on_ec2messages = await hover_text(client, "ssm.vpce", position_of(text, "ec2messages via", after=3))
    assert "interface (PrivateLink)" in on_ec2messages and "W202" not in on_ec2messages, on_ec2messages
    nat = example("nat-egress.vpce")
    await open_document(client, "nat.vpce", nat)
    on_s3 = await hover_text(client, "nat.vpce", position_of(nat, "reaches s3", after=9))
    assert "gateway (free) and interface" in on_s3 and "`com.amazonaws.eu-west-1.s3`" in on_s3, on_s3
    on_region = await hover_text(client, "ssm.vpce", position_of(text, "us-west-2;", after=2))
    assert "partition `aws`" in on_region and "`usw2-az1`" in on_region, on_region
    on_zone = await hover_text(client, "ssm.vpce", position_of(text, "us-west-2a", after=1))
    assert "zone name in `us-west-2`" in on_zone, on_zone
    on_name = await hover_text(client, "ssm.vpce", position_of(text, "subnet private-a,", after=8))
    assert "subnet `private-a`, declared on line" in on_name, on_name


async def completion_labels(client: LanguageClient, name: str, position: types.Position):
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri(name)), position=position)
    )
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    return [item.label for item in items]


async def test_completion_in_context(client: LanguageClient):
    text = (
        "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nvpc us cidr 10.1.0.0/16 region us-east-1;\n"
        "bucket logs-bucket-x;\ntable sessions key id;\n"
        "subnet b in us cidr 10.1.1.0/24 az \n"
    )
    await open_document(client, "complete.vpce", text)
    zones = await completion_labels(client, "complete.vpce", types.Position(line=5, character=35))
    assert "us-east-1a" in zones and "use1-az1" in zones, zones
    assert not any(z.startswith("eu-") for z in zones), zones

    more = text + "subnet b reaches "
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri("complete.vpce"), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=more)],
        )
    )
    targets = await completion_labels(client, "complete.vpce", types.Position(line=6, character=17))
    for wanted in ["s3", "kms", "ecr.api", "bucket", "table", "service", "internet"]:
        assert wanted in targets, (wanted, targets)
    after_bucket = more + "bucket "
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri("complete.vpce"), version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=after_bucket)],
        )
    )
    assert await completion_labels(client, "complete.vpce", types.Position(line=6, character=24)) == ["logs-bucket-x"]
    statement = await completion_labels(client, "complete.vpce", types.Position(line=0, character=0))
    assert {"region", "vpc", "subnet", "bucket", "table", "deny", "allow", "service", "role"} <= set(statement)


async def test_references_and_rename(client: LanguageClient):
    await open_document(client, "ssm.vpce", SSM)
    where = position_of(SSM, "subnet private-a ", after=8)
    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri("ssm.vpce")),
            position=where,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert len(references) == code_count(SSM, "private-a") == 4

    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=types.TextDocumentIdentifier(uri=uri("ssm.vpce")), position=where)
    )
    assert prepared.placeholder == "private-a"
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=uri("ssm.vpce")), position=where, new_name="app-a"
        )
    )
    renamed = apply_edits(SSM, edit.changes[uri("ssm.vpce")])
    assert code_count(renamed, "private-a") == 0 and code_count(renamed, "app-a") == 4

    with pytest.raises(JsonRpcException):
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=uri("ssm.vpce")), position=where, new_name="via"
            )
        )


async def test_formatting_gives_the_fmt_layout(client: LanguageClient):
    messy = (pathlib.Path(__file__).parents[1] / "fixtures" / "parse" / "messy-layout.vpce").read_text(encoding="utf-8")
    await open_document(client, "messy.vpce", messy)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri("messy.vpce")),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert edits, "the fixture is not in canonical form"
    assert apply_edits(messy, edits) == run_cli(["fmt"], messy)


async def code_actions(client: LanguageClient, name: str, text: str, only=None):
    lines = text.split("\n")
    everything = types.Range(
        start=types.Position(line=0, character=0),
        end=types.Position(line=len(lines) - 1, character=utf16(lines[-1])),
    )
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(name)),
            range=everything,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


async def test_code_actions_fix_what_they_say(client: LanguageClient):
    text = (
        "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n"
        "subnet a reaches ksm via interface;\nsubnet a reaches ssm via interface;\n"
        "bucket data-bucket-x;\nsubnet a reaches bucket data-bucket-x via gateway;\ndeny public;\n"
    )
    await open_document(client, "fix.vpce", text)
    actions = {a.title.rsplit(" (", 1)[0]: a for a in await code_actions(client, "fix.vpce", text)}
    assert "replace with `kms`" in actions, list(actions)
    assert actions["replace with `kms`"].kind == types.CodeActionKind.QuickFix
    fixed = apply_edits(text, actions["replace with `kms`"].edit.changes[uri("fix.vpce")])
    assert "reaches kms via" in fixed
    with_ssm = apply_edits(text, actions["add `ssmmessages` and `ec2messages` to the targets"].edit.changes[uri("fix.vpce")])
    assert "reaches ssm, ssmmessages, ec2messages via interface;" in with_ssm
    with_admin = apply_edits(
        text, actions["add `allow admin` (then fill in the account and role)"].edit.changes[uri("fix.vpce")]
    )
    assert "allow admin arn:aws:iam::ACCOUNT:role/ROLE;\ndeny public;" in with_admin


async def test_fix_all_is_check_fix(client: LanguageClient):
    text = (
        "Region eu-west-1;\nvpc app cidr 10.0.0.1/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a\n"
        "subnet a reaches ssm via interface;  # vpcec-allow: W203 nothing here\n"
    )
    await open_document(client, "all.vpce", text)
    (fix_all,) = await code_actions(client, "all.vpce", text, only=[types.CodeActionKind.SourceFixAll])
    fixed = apply_edits(text, fix_all.edit.changes[uri("all.vpce")])
    assert fixed == run_cli(["check", "--fix"], text)
    assert fixed == (
        "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n"
        "subnet a reaches ssm, ssmmessages, ec2messages via interface;\n"
    )


async def test_a_position_past_the_end_is_an_error_not_a_crash(client: LanguageClient):
    await open_document(client, "ssm.vpce", SSM)
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri("ssm.vpce")),
                position=types.Position(line=10_000, character=0),
            )
        )
    assert "past the end" in str(error.value)
    # A column past the end of its line means the end of the line (LSP).
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri("ssm.vpce")),
            position=types.Position(line=0, character=10_000),
        )
    )
    assert hover is None
    with pytest.raises(JsonRpcException):
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri("never-opened.vpce")),
                position=types.Position(line=0, character=0),
            )
        )
    # The server still answers.
    assert await hover_text(client, "ssm.vpce", position_of(SSM, "us-west-2;"))
