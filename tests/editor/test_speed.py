"""How long a re-check takes: from sending a change of an example to the
diagnostics of the changed text arriving. The issue asks for 20 ms on an
example-sized file; the figures are printed (run pytest with -s), and the
test asserts only a generous bound, so that a busy machine does not fail it."""

import statistics
import time

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import ROOT, uri

CHANGES_PER_FILE = 10
GENEROUS_BOUND_MS = 2000


async def test_a_recheck_answers_quickly(client: LanguageClient):
    timings = []
    for path in sorted((ROOT / "examples").glob("*.vpce")):
        text = path.read_text(encoding="utf-8")
        name = path.name
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri(name), language_id="vpce", version=1, text=text)
            )
        )
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        end_line = text.count("\n")
        for version in range(2, 2 + CHANGES_PER_FILE):
            at = types.Position(line=end_line, character=0)
            started = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri(name), version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text="# edit\n")
                    ],
                )
            )
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            timings.append((time.perf_counter() - started) * 1000)
            assert params.version == version
    median, worst = statistics.median(timings), max(timings)
    print(
        f"\nre-check after a change, {len(timings)} changes of the examples: "
        f"median {median:.1f} ms, max {worst:.1f} ms (binary: {client.init_result.server_info.version})"
    )
    assert worst < GENEROUS_BOUND_MS
