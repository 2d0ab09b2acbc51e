"""Checks inputs against grammars/catbox.lark (Lark, Earley and LALR) and
grammars/catbox.regex (Python's re.fullmatch), for test/grammars.test.ts.

Reads JSON {"lark": <grammar text>, "regex": <pattern>, "inputs": [str, ...]} on stdin;
writes JSON {"earley": [bool], "lalr": [bool], "regex": [bool]} on stdout.
Needs the lark module (Debian: apt-get install -y python3-lark).
"""
import json
import re
import sys

from lark import Lark
from lark.exceptions import LarkError

req = json.load(sys.stdin)
parsers = {
    "earley": Lark(req["lark"], parser="earley"),
    "lalr": Lark(req["lark"], parser="lalr"),
}
pattern = re.compile(req["regex"])


def accepts(parser, text):
    try:
        parser.parse(text)
        return True
    except LarkError:
        return False


out = {name: [accepts(p, s) for s in req["inputs"]] for name, p in parsers.items()}
out["regex"] = [pattern.fullmatch(s) is not None for s in req["inputs"]]
json.dump(out, sys.stdout)
