#!/usr/bin/env python3
"""Renders docs/editor-screenshot.png: an example as an editor shows it, with
the colours of the TextMate grammar's tokens (from VS Code's own engine), the
diagnostics `vpcec lsp` publishes for it, and the hover it gives at one place.

  python3 scripts/editor-screenshot.py [--vpcec target/debug/vpcec] [--html out.html]

Needs node with .tools/node (scripts/install-tools.sh) and Debian's chromium.
Everything shown comes from the grammar and the server; nothing is typed in.
"""

import argparse
import html
import json
import pathlib
import re
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]

# The example, with `ssmmessages` left out so that the server reports W202,
# and the place hovered: the `ssm` target of that intent.
SOURCE = ROOT / "examples" / "ssm-private-instances.vpce"
FIRST_LINE, LAST_LINE = 14, 46  # 1-based, inclusive: the part of the file shown
HOVER_AT = "reaches ssm"

# VS Code's Dark+ colours, by scope prefix (the longest prefix wins).
COLOURS = {
    "comment": "#6a9955",
    "keyword.declaration": "#569cd6",
    "keyword.control": "#c586c0",
    "keyword.other": "#569cd6",
    "keyword.other.suppression": "#c586c0",
    "constant.language": "#569cd6",
    "support.type.transport": "#4ec9b0",
    "constant.numeric": "#b5cea8",
    "constant.other": "#4fc1ff",
    "constant.other.arn": "#ce9178",
    "constant.other.diagnostic-code": "#d7ba7d",
    "entity.name.type": "#4ec9b0",
    "variable": "#9cdcfe",
    "support.constant.service": "#dcdcaa",
    "support.function": "#dcdcaa",
    "string": "#ce9178",
}


def colour(scopes):
    best, length = "#d4d4d4", -1
    for scope in scopes:
        for prefix, value in COLOURS.items():
            if (scope == prefix or scope.startswith(prefix + ".")) and len(prefix) > length:
                best, length = value, len(prefix)
    return best


def frame(message):
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read(stream):
    length = None
    while (line := stream.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return json.loads(stream.read(length))


def ask_server(vpcec, text, hover_line, hover_character):
    """The diagnostics and the hover `vpcec lsp` gives for `text`."""
    uri = "file:///project/ssm-private-instances.vpce"
    server = subprocess.Popen([vpcec, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send = lambda m: (server.stdin.write(frame(m)), server.stdin.flush())
    send({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
    read(server.stdout)
    send({"method": "initialized", "params": {}})
    document = {"uri": uri, "languageId": "vpce", "version": 1, "text": text}
    send({"method": "textDocument/didOpen", "params": {"textDocument": document}})
    diagnostics = None
    while diagnostics is None:
        message = read(server.stdout)
        if message.get("method") == "textDocument/publishDiagnostics":
            diagnostics = message["params"]["diagnostics"]
    position = {"line": hover_line, "character": hover_character}
    send({"id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": position}})
    hover = None
    while hover is None:
        message = read(server.stdout)
        if message.get("id") == 2:
            hover = message["result"]["contents"]["value"]
    send({"id": 3, "method": "shutdown"})
    read(server.stdout)
    send({"method": "exit"})
    server.wait(timeout=30)
    return diagnostics, hover


def tokens(path):
    output = subprocess.run(
        ["node", str(ROOT / "tests" / "editor" / "tokenize.mjs"), str(ROOT), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return next(iter(json.loads(output).values()))["lines"]


def inline(text):
    """Markdown inline code and bold, as HTML."""
    parts = re.split(r"(`[^`]*`)", text)
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
        else:
            out.append(re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(part)))
    return "".join(out)


def markdown(text):
    """The little Markdown the server's hovers use: headings, paragraphs,
    lists, tables, code blocks and rules."""
    out, table, code = [], [], None
    for line in text.split("\n") + [""]:
        if code is not None:
            if line.startswith("```"):
                out.append(f"<pre>{html.escape(chr(10).join(code))}</pre>")
                code = None
            else:
                code.append(line)
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(set(c) <= set("-: ") for c in cells):
                table.append(cells)
            continue
        if table:
            rows = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in table)
            out.append(f"<table>{rows}</table>")
            table = []
        if line.startswith("```"):
            code = []
        elif line.startswith("#"):
            out.append(f"<h4>{inline(line.lstrip('#').strip())}</h4>")
        elif line.strip() == "---":
            out.append("<hr>")
        elif line.startswith(("- ", "* ")):
            out.append(f"<li>{inline(line[2:])}</li>")
        elif line.strip():
            out.append(f"<p>{inline(line)}</p>")
    return "\n".join(out)


def render(lines, diagnostics, hover, hover_line):
    marks = {}
    for d in diagnostics:
        marks.setdefault(d["range"]["start"]["line"], []).append(d)
    rows = []
    for number in range(FIRST_LINE - 1, LAST_LINE):
        cells = []
        column = 0
        squiggles = [
            (d["range"]["start"]["character"], d["range"]["end"]["character"], d) for d in marks.get(number, [])
        ]
        for text, scopes in lines[number]:
            for ch in text:
                style = f"color:{colour(scopes)}"
                inside = [d for start, end, d in squiggles if start <= column < end]
                cls = ""
                if inside:
                    cls = "error" if inside[0]["severity"] == 1 else "warning"
                cells.append(f'<span class="{cls}" style="{style}">{html.escape(ch)}</span>')
                column += len(ch.encode("utf-16-le")) // 2
        gutter = f'<span class="ln">{number + 1}</span>'
        rows.append(f'<div class="line">{gutter}{"".join(cells) or "&nbsp;"}</div>')
        if number == hover_line:
            rows.append(f'<div class="hover">{markdown(hover)}</div>')
    problems = "".join(
        f'<div class="problem"><span class="sev {"error" if d["severity"] == 1 else "warning"}">'
        f'{"✖" if d["severity"] == 1 else "⚠"}</span> {inline(d["message"].splitlines()[0])} '
        f'<span class="code">vpcec({html.escape(str(d["code"]))}) [Ln {d["range"]["start"]["line"] + 1}, '
        f'Col {d["range"]["start"]["character"] + 1}]</span></div>'
        for d in diagnostics
    )
    return f"""<!doctype html><meta charset="utf-8"><style>
body {{ margin:0; background:#1e1e1e; color:#d4d4d4; font:14px/20px 'DejaVu Sans Mono', monospace; width:1100px }}
.tab {{ background:#252526; color:#fff; padding:8px 14px; font-family:'DejaVu Sans',sans-serif; font-size:13px }}
.editor {{ padding:8px 0; position:relative }}
.line {{ white-space:pre; height:20px }}
.ln {{ display:inline-block; width:44px; color:#858585; text-align:right; margin-right:22px }}
.error {{ text-decoration: underline wavy #f14c4c; text-underline-offset:3px }}
.warning {{ text-decoration: underline wavy #cca700; text-underline-offset:3px }}
.hover {{ margin:2px 0 6px 300px; width:700px; background:#252526; border:1px solid #454545; padding:4px 12px;
  font:13px/18px 'DejaVu Sans',sans-serif; color:#ccc; box-shadow:0 4px 12px #000a; white-space:normal }}
.hover h4 {{ margin:8px 0 2px; font-size:13px; color:#fff }} .hover p {{ margin:4px 0 }}
.hover code, .problem code {{ font-family:'DejaVu Sans Mono',monospace; color:#ce9178; font-size:12px }}
.hover table {{ border-collapse:collapse; margin:4px 0 }} .hover td {{ border:1px solid #3c3c3c; padding:1px 6px }}
.hover hr {{ border:0; border-top:1px solid #454545 }} .hover li {{ margin-left:16px }}
.panel {{ border-top:1px solid #454545; background:#1e1e1e; padding:6px 14px 10px; font:13px/20px 'DejaVu Sans',sans-serif }}
.panel .title {{ color:#e7e7e7; font-size:11px; letter-spacing:1px; margin-bottom:4px }}
.sev.error {{ color:#f14c4c; text-decoration:none }} .sev.warning {{ color:#cca700; text-decoration:none }}
.code {{ color:#8b8b8b }}
</style>
<div class="tab">ssm-private-instances.vpce — rendered from the vpce TextMate grammar and <code>vpcec lsp</code></div>
<div class="editor">{"".join(rows)}</div>
<div class="panel"><div class="title">PROBLEMS</div>{problems}</div>"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vpcec", default=str(ROOT / "target" / "debug" / "vpcec"))
    parser.add_argument("--html", help="also keep the page here")
    parser.add_argument("--png", default=str(ROOT / "docs" / "editor-screenshot.png"))
    args = parser.parse_args()

    text = SOURCE.read_text(encoding="utf-8").replace("ssm, ssmmessages, ec2messages", "ssm, ec2messages")
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / SOURCE.name
        source.write_text(text, encoding="utf-8")
        lines = tokens(source)
        hover_offset = text.index(HOVER_AT) + len("reaches s")
        hover_line = text.count("\n", 0, hover_offset)
        hover_character = hover_offset - (text.rfind("\n", 0, hover_offset) + 1)
        diagnostics, hover = ask_server(args.vpcec, text, hover_line, hover_character)
        page = pathlib.Path(folder) / "editor.html"
        page.write_text(render(lines, diagnostics, hover, hover_line), encoding="utf-8")
        if args.html:
            pathlib.Path(args.html).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--screenshot={args.png}",
                "--window-size=1100,1310",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
