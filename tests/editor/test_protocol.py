"""Bad input over the protocol, sent as raw bytes (a well-behaved client
library cannot send most of it): frames that are not JSON, JSON that is no
message, text that is not UTF-8, lone surrogates, a huge document, requests
out of order. Each gets an answer, and the server goes on serving."""

import json
import queue
import subprocess
import threading

from conftest import VPCEC, uri

TIMEOUT = 60


class RawClient:
    """`vpcec lsp` in a subprocess, spoken to in bytes."""

    def __init__(self):
        self.process = subprocess.Popen(
            [VPCEC, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.frames: "queue.Queue[dict]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 100

    def _read(self):
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            self.frames.put(json.loads(out.read(length)))

    def send_bytes(self, body: bytes):
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict):
        message = {"jsonrpc": "2.0", **message}
        self.send_bytes(json.dumps(message).encode())

    def next(self, predicate=lambda frame: True) -> dict:
        while True:
            frame = self.frames.get(timeout=TIMEOUT)
            if predicate(frame):
                return frame

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        wanted = self.next_id
        return self.next(lambda frame: frame.get("id") == wanted)

    def diagnostics(self, name: str) -> list:
        frame = self.next(
            lambda f: f.get("method") == "textDocument/publishDiagnostics" and f["params"]["uri"] == uri(name)
        )
        return frame["params"]["diagnostics"]

    def initialize(self):
        assert "result" in self.request("initialize", {"capabilities": {}})
        self.send({"method": "initialized", "params": {}})

    def finish(self, shutdown=True) -> int:
        if shutdown:
            assert self.request("shutdown", None)["result"] is None
        self.send({"method": "exit"})
        return self.process.wait(timeout=TIMEOUT)


def open_params(name: str, text: str) -> dict:
    return {"textDocument": {"uri": uri(name), "languageId": "vpce", "version": 1, "text": text}}


def hover_params(name: str, line: int, character: int) -> dict:
    return {"textDocument": {"uri": uri(name)}, "position": {"line": line, "character": character}}


def test_frames_that_are_no_message_get_errors_and_the_server_goes_on():
    client = RawClient()
    client.send_bytes(b"{this is not json")
    error = client.next()
    assert error["id"] is None and error["error"]["code"] == -32700
    client.send_bytes(b'{"jsonrpc": "2.0", "id": 5, "method": 42}')
    error = client.next()
    assert error["id"] == 5 and error["error"]["code"] == -32600
    client.process.stdin.write(b"Bogus-Header: yes\r\n\r\n")
    client.process.stdin.flush()
    assert client.next()["error"]["code"] == -32700
    client.initialize()
    assert client.finish() == 0


def test_requests_out_of_order():
    client = RawClient()
    assert client.request("textDocument/hover", hover_params("a.vpce", 0, 0))["error"]["code"] == -32002
    client.initialize()
    assert client.request("initialize", {"capabilities": {}})["error"]["code"] == -32600
    assert client.request("vpcec/frobnicate", {})["error"]["code"] == -32601
    assert client.request("textDocument/hover", {"position": "here"})["error"]["code"] == -32602
    assert client.request("shutdown", None)["result"] is None
    assert client.request("textDocument/hover", hover_params("a.vpce", 0, 0))["error"]["code"] == -32600
    assert client.finish(shutdown=False) == 0


def test_exit_without_shutdown_and_closed_input():
    client = RawClient()
    client.initialize()
    assert client.finish(shutdown=False) == 1
    closed = RawClient()
    closed.initialize()
    closed.process.stdin.close()
    assert closed.process.wait(timeout=TIMEOUT) == 1


def test_a_document_that_is_not_utf8_clean_is_checked():
    client = RawClient()
    client.initialize()
    # Raw bytes that are not UTF-8 in the JSON text, and a lone surrogate
    # escape, which JavaScript clients can send.
    body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": open_params("bad.vpce", "XX")})
    body = body.encode().replace(b"XX", b"region eu-west-1;\\nvpc a\xff\xfe cidr 10.0.0.0/16; \\ud800 bucket b;")
    client.send_bytes(body)
    diagnostics = client.diagnostics("bad.vpce")
    assert diagnostics and all(d["code"] == "E001" for d in diagnostics), diagnostics
    hover = client.request("textDocument/hover", hover_params("bad.vpce", 0, 9))
    assert "partition" in hover["result"]["contents"]["value"]
    # NUL, control characters, a byte order mark and bidirectional overrides.
    client.send(
        {
            "method": "textDocument/didOpen",
            "params": open_params("odd.vpce", "\ufeffregion eu-west-1;\n\u0000\u0007 vpc \u202eapp cidr;\r\n\r"),
        }
    )
    assert all(d["code"] == "E001" for d in client.diagnostics("odd.vpce"))
    past_end = client.request("textDocument/hover", hover_params("odd.vpce", 99, 0))
    assert past_end["error"]["code"] == -32602 and "past the end" in past_end["error"]["message"]
    assert client.finish() == 0


def test_a_huge_document_is_refused_politely():
    client = RawClient()
    client.initialize()
    huge = "bucket b;\n" * (900 * 1024)  # 9 MiB, over the 8 MiB limit of `vpcec check`
    client.send({"method": "textDocument/didOpen", "params": open_params("huge.vpce", huge)})
    message = client.next(lambda f: f.get("method") == "window/showMessage")
    assert "over the limit" in message["params"]["message"]
    assert client.diagnostics("huge.vpce") == []
    assert client.request("textDocument/hover", hover_params("huge.vpce", 5, 2))["result"] is None
    formatting = client.request(
        "textDocument/formatting",
        {"textDocument": {"uri": uri("huge.vpce")}, "options": {"tabSize": 4, "insertSpaces": True}},
    )
    assert formatting["result"] == []
    # An edit that names lines past the end is taken as an edit at the end.
    client.send(
        {
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri("huge.vpce"), "version": 2},
                "contentChanges": [{"text": "region eu-west-1;\n"}],
            },
        }
    )
    assert client.diagnostics("huge.vpce") == []
    client.send(
        {
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri("huge.vpce"), "version": 3},
                "contentChanges": [
                    {
                        "range": {"start": {"line": 99, "character": 0}, "end": {"line": 99, "character": 0}},
                        "text": "vpc a cidr 10.0.0.1/16;\n",
                    }
                ],
            },
        }
    )
    assert [d["code"] for d in client.diagnostics("huge.vpce")] == ["E113"]
    assert client.finish() == 0
