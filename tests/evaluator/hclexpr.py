"""Evaluates the expressions that HashiCorp's parser leaves as text.

@cdktf/hcl2json gives a file's structure as JSON, but an attribute whose value
is an expression (a reference, `jsonencode({...})`, a string with `${...}`)
comes back as the expression's source text wrapped in `${...}`, and literal
`${` is written `$${`. This module evaluates that text: literals, tuples,
objects, references and a few functions, which is all vpcec writes. Anything
else raises EvaluatorError, so that a new construct is noticed, not misread.
"""

from __future__ import annotations

import json
import re
from typing import Callable

from world import EvaluatorError

Resolve = Callable[[list], object]

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def template(text: str, resolve: Resolve, escaped: bool = False):
    """A string template: literal parts and `${...}` interpolations.

    A template that is exactly one interpolation has that expression's value
    (which may be a list or an object); otherwise the parts are joined.
    `escaped` says whether backslash escapes are still in the text (inside an
    expression's string literal) or were already decoded (hcl2json's JSON).
    """
    parts: list = []
    literal: list[str] = []
    interpolated = False
    i = 0
    while i < len(text):
        if text.startswith("$${", i) or text.startswith("%%{", i):
            literal.append(text[i] + "{")
            i += 3
        elif text.startswith("%{", i):
            raise EvaluatorError(f"template directive in `{text}` is not modelled")
        elif text.startswith("${", i):
            end = _closing(text, i + 2)
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(Parser(text[i + 2 : end], resolve).whole())
            interpolated = True
            i = end + 1
        elif escaped and text[i] == "\\":
            code = text[i + 1 : i + 2]
            if code == "u":
                literal.append(chr(int(text[i + 2 : i + 6], 16)))
                i += 6
            elif code == "U":
                literal.append(chr(int(text[i + 2 : i + 10], 16)))
                i += 10
            elif code in ESCAPES:
                literal.append(ESCAPES[code])
                i += 2
            else:
                raise EvaluatorError(f"unknown escape `\\{code}` in `{text}`")
        else:
            literal.append(text[i])
            i += 1
    if literal:
        parts.append("".join(literal))
    if len(parts) == 1 and interpolated:
        return parts[0]
    return "".join(_text(p) for p in parts)


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    raise EvaluatorError(f"cannot interpolate {value!r} into a string")


def _closing(text: str, start: int) -> int:
    """The index of the `}` that closes an interpolation opened before `start`."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == '"':
            i = _string_end(text, i) + 1
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    raise EvaluatorError(f"unclosed interpolation in `{text}`")


def _string_end(text: str, start: int) -> int:
    """The index of the quote that closes the string literal opening at `start`."""
    i = start + 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if text.startswith("${", i):
            i = _closing(text, i + 2) + 1
            continue
        if c == '"':
            return i
        i += 1
    raise EvaluatorError(f"unclosed string in `{text}`")


class Parser:
    """A recursive-descent reader of one expression."""

    def __init__(self, text: str, resolve: Resolve):
        self.text = text
        self.at = 0
        self.resolve = resolve

    def whole(self):
        value = self.expression()
        self.space()
        if self.at != len(self.text):
            raise EvaluatorError(f"unread `{self.text[self.at:]}` in `{self.text}`")
        return value

    def space(self) -> None:
        while self.at < len(self.text):
            if self.text[self.at].isspace():
                self.at += 1
            elif self.text.startswith("#", self.at) or self.text.startswith("//", self.at):
                while self.at < len(self.text) and self.text[self.at] != "\n":
                    self.at += 1
            else:
                return

    def peek(self) -> str:
        self.space()
        return self.text[self.at : self.at + 1]

    def eat(self, char: str) -> bool:
        if self.peek() == char:
            self.at += 1
            return True
        return False

    def expect(self, char: str) -> None:
        if not self.eat(char):
            raise EvaluatorError(f"expected `{char}` at {self.at} in `{self.text}`")

    def expression(self):
        c = self.peek()
        if c == '"':
            end = _string_end(self.text, self.at)
            body = self.text[self.at + 1 : end]
            self.at = end + 1
            return template(body, self.resolve, escaped=True)
        if c == "[":
            self.at += 1
            items = []
            while not self.eat("]"):
                items.append(self.expression())
                self.eat(",")
            return items
        if c == "{":
            return self.object()
        if c == "(":
            self.at += 1
            value = self.expression()
            self.expect(")")
            return value
        number = NUMBER.match(self.text, self.at)
        if number:
            self.at = number.end()
            return float(number.group(0)) if "." in number.group(0) else int(number.group(0))
        ident = IDENT.match(self.text, self.at)
        if not ident:
            raise EvaluatorError(f"unexpected `{self.text[self.at:self.at + 20]}` in `{self.text}`")
        self.at = ident.end()
        name = ident.group(0)
        if name in ("true", "false"):
            return name == "true"
        if name == "null":
            return None
        if self.peek() == "(":
            return self.call(name)
        return self.resolve(self.traversal(name))

    def object(self) -> dict:
        self.expect("{")
        result: dict = {}
        while not self.eat("}"):
            if self.peek() == '"':
                key = self.expression()
            else:
                ident = IDENT.match(self.text, self.at)
                if not ident:
                    raise EvaluatorError(f"bad object key in `{self.text}`")
                key = ident.group(0)
                self.at = ident.end()
            if not (self.eat("=") or self.eat(":")):
                raise EvaluatorError(f"expected `=` after `{key}` in `{self.text}`")
            result[_text(key)] = self.expression()
            self.eat(",")
        return result

    def traversal(self, root: str) -> list:
        steps: list = [root]
        while True:
            if self.text.startswith(".", self.at):
                self.at += 1
                step = IDENT.match(self.text, self.at) or NUMBER.match(self.text, self.at)
                if not step:
                    raise EvaluatorError(f"bad traversal in `{self.text}`")
                self.at = step.end()
                steps.append(step.group(0))
            elif self.text.startswith("[", self.at):
                self.at += 1
                steps.append(self.expression())
                self.expect("]")
            else:
                return steps

    def call(self, name: str):
        self.expect("(")
        args = []
        while not self.eat(")"):
            args.append(self.expression())
            self.eat(",")
        if name == "jsonencode" and len(args) == 1:
            return json.dumps(args[0])
        if name == "join" and len(args) == 2:
            return args[0].join(_text(a) for a in args[1])
        if name == "concat":
            return [item for arg in args for item in arg]
        if name in ("tolist", "toset") and len(args) == 1:
            return list(args[0])
        raise EvaluatorError(f"function `{name}` is not modelled")
