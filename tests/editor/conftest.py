"""Shared by the editor tests: where the binary and the sources are, and a
pytest-lsp client connected to a fresh `vpcec lsp` for each test."""

import os
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
"""The checkout."""

VPCEC = os.environ.get("VPCEC", str(ROOT / "target" / "debug" / "vpcec"))
"""The binary under test (tests/it/workflow.rs passes the one cargo built)."""


def uri(name: str) -> str:
    """The URI of a document the tests open (nothing is read from disk)."""
    return f"file:///project/{name}"


def example(name: str) -> str:
    return (ROOT / "examples" / name).read_text(encoding="utf-8")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[VPCEC, "lsp"]))
async def client(lsp_client: LanguageClient):
    # The capabilities VS Code announces, so that pytest-lsp checks every
    # answer against what a real editor accepts.
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    lsp_client.init_result = await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()
