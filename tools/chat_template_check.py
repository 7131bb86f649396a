#!/usr/bin/env python3
"""Checks that a chat template (Jinja) stays inside the subset mamba2.h interprets.

The converter calls check_chat_template(text) before it packs a tokenizer_config.json's
chat_template: a template using anything else is refused with ValueError naming the construct
(a filter, test, method, function or tag outside the subset, or a syntax error), the same verdict
the header's parser (m2_chat_template_check, section >>chat of mamba2.h) gives. This is a lexer and
parser mirroring the C one; it renders nothing. Standard library only.

    python3 tools/chat_template_check.py FILE...   (exit 0 when every file is inside the subset)
"""
import sys

# The names of the subset: the same lists as m2__cfilters, m2__ctests, m2__cmethods, m2__cfuncs.
FILTERS = {"trim", "length", "count", "tojson", "upper", "lower", "default", "d", "join",
           "replace", "first", "last", "string", "list", "items", "capitalize", "reverse"}
TESTS = {"defined", "undefined", "none", "string", "number", "integer", "float", "boolean",
         "iterable", "mapping", "sequence", "false", "true", "odd", "even", "divisibleby",
         "eq", "equalto", "ne", "in"}
METHODS = {"strip", "lstrip", "rstrip", "split", "startswith", "endswith", "replace", "upper",
           "lower", "capitalize", "get", "items", "keys", "values"}
FUNCTIONS = {"raise_exception", "namespace", "range", "strftime_now"}  # strftime_now: undefined when run
KNOWN_TAGS = {"macro", "call", "filter", "with", "include", "import", "from", "extends", "block",
              "raw", "do", "autoescape", "trans", "pluralize"}
MAX_DEPTH = 64  # m2_chat_opts.max_depth's default


def _isspace(c):
    return c.isspace()


class _Tok:
    __slots__ = ("t", "v", "line")

    def __init__(self, t, v, line):
        self.t, self.v, self.line = t, v, line


def _fail(line, msg):
    raise ValueError("chat template line %d: %s" % (line, msg))


def _unsupported(line, what):
    _fail(line, "unsupported construct: " + what)


def _lex(src):
    """Tokens as the C lexer makes them: DATA, VAR, VAREND, BLK, BLKEND, NAME, STR, NUM, OP, EOF."""
    src = src.replace("\r\n", "\n").replace("\r", "\n")
    if src.endswith("\n"):
        src = src[:-1]
    toks, pos, line, n = [], 0, 1, len(src)
    while True:
        k, kind = pos, None
        while k + 1 < n:
            if src[k] == "{" and src[k + 1] in "{%#":
                kind = src[k + 1]
                break
            k += 1
        if kind is None:
            k = n
        if k > pos:
            toks.append(_Tok("DATA", src[pos:k], line))
        line += src.count("\n", pos, k)
        if kind is None:
            break
        pos = k + 2
        if pos < n and src[pos] in "-+":
            pos += 1
        if kind == "#":
            j = src.find("#}", pos)
            if j < 0:
                _fail(line, "unterminated comment ({# without #})")
            line += src.count("\n", pos, j)
            pos = j + 2
            continue
        toks.append(_Tok("VAR" if kind == "{" else "BLK", None, line))
        stack = []
        end = "}" if kind == "{" else "%"
        while True:
            while pos < n and _isspace(src[pos]):
                line += src[pos] == "\n"
                pos += 1
            if pos >= n:
                _fail(line, "unterminated tag (%s without %s)" % (("{{", "}}") if kind == "{" else ("{%", "%}")))
            c = src[pos]
            if not stack:
                at = pos
                if (c == "-" or (c == "+" and kind == "%")) and src.startswith(end + "}", pos + 1):
                    at = pos + 1
                if src.startswith(end + "}", at):
                    toks.append(_Tok("VAREND" if kind == "{" else "BLKEND", None, line))
                    pos = at + 2
                    break
            if c.isascii() and (c.isalpha() or c == "_"):
                j = pos
                while j < n and src[j].isascii() and (src[j].isalnum() or src[j] == "_"):
                    j += 1
                toks.append(_Tok("NAME", src[pos:j], line))
                pos = j
            elif c.isdigit() and c.isascii():
                if c == "0" and pos + 1 < n and src[pos + 1] in "xobXOB":
                    _unsupported(line, "hexadecimal, octal or binary integer literals")
                j = pos
                while j < n and (src[j] in "0123456789" or (src[j] == "_" and j + 1 < n and src[j + 1] in "0123456789")):
                    j += 1
                after_dot = toks and toks[-1].t == "OP" and toks[-1].v == "."
                if not after_dot and j + 1 < n and src[j] == "." and src[j + 1] in "0123456789":
                    j += 1
                    while j < n and (src[j] in "0123456789" or (src[j] == "_" and j + 1 < n and src[j + 1] in "0123456789")):
                        j += 1
                if not after_dot and j < n and src[j] in "eE":
                    e = j + 1
                    if e < n and src[e] in "+-":
                        e += 1
                    if e < n and src[e] in "0123456789":
                        j = e
                        while j < n and (src[j] in "0123456789" or (src[j] == "_" and j + 1 < n and src[j + 1] in "0123456789")):
                            j += 1
                text = src[pos:j].replace("_", "")
                is_float = "." in text or "e" in text or "E" in text
                if c == "0" and not is_float and text.strip("0"):
                    _fail(line, "integer literal with a leading zero")
                if len(text) >= 79:
                    _fail(line, "number literal too long")
                if not is_float and int(text) > 2 ** 63 - 1:
                    _fail(line, "integer literal out of the 64-bit range")
                toks.append(_Tok("NUM", src[pos:j], line))
                pos = j
            elif c in "'\"":
                j = pos + 1
                while True:
                    if j >= n:
                        _fail(line, "unterminated string literal")
                    if src[j] == c:
                        break
                    if src[j] == "\\" and j + 1 < n:
                        e = src[j + 1]
                        if e == "N":
                            _unsupported(line, "the \\N{...} escape")
                        if e in "xuU":
                            want = {"x": 2, "u": 4, "U": 8}[e]
                            digits = src[j + 2:j + 2 + want]
                            if len(digits) < want or any(d not in "0123456789abcdefABCDEF" for d in digits):
                                _fail(line, "truncated \\%s escape in a string literal" % e)
                            cp = int(digits, 16)
                            if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
                                _fail(line, "escape \\U%08x is not a character" % cp)
                            j += want
                        j += 1
                    j += 1
                toks.append(_Tok("STR", src[pos + 1:j], line))
                line += src.count("\n", pos, j)
                pos = j + 1
            else:
                two = src[pos:pos + 2]
                if two in ("//", "**", "==", "!=", ">=", "<="):
                    op = two
                elif c in "+-/*%~[](){}><=.:|,;!":
                    op = c
                    if c in "([{":
                        if len(stack) == 64:
                            _fail(line, "brackets nested too deeply")
                        stack.append({"(": ")", "[": "]", "{": "}"}[c])
                    elif c in ")]}":
                        if not stack or stack[-1] != c:
                            _fail(line, "unexpected '%s'" % c)
                        stack.pop()
                elif not c.isascii():
                    _fail(line, "unexpected non-ASCII character inside a tag")
                else:
                    _fail(line, "unexpected character %r inside a tag" % c)
                toks.append(_Tok("OP", op, line))
                pos += len(op)
    toks.append(_Tok("EOF", None, line))
    return toks


class _Parser:
    def __init__(self, toks):
        self.toks, self.at, self.depth, self.loops = toks, 0, 0, 0

    # -- cursor
    def cur(self):
        return self.toks[self.at]

    def peek(self, k=1):
        return self.toks[min(self.at + k, len(self.toks) - 1)]

    def adv(self):
        if self.at + 1 < len(self.toks):
            self.at += 1

    def is_op(self, op):
        t = self.cur()
        return t.t == "OP" and t.v == op

    def is_name(self, name, t=None):
        t = t or self.cur()
        return t.t == "NAME" and t.v == name

    def unexpected(self, wanted):
        t = self.cur()
        found = {"NAME": "'%s'" % (t.v,), "OP": "'%s'" % (t.v,), "STR": "a string", "NUM": "a number",
                 "VAREND": "'}}'", "BLKEND": "'%}'", "EOF": "the end of the template"}.get(t.t, "text")
        _fail(t.line, "expected %s, found %s" % (wanted, found))

    def expect_op(self, op, wanted):
        if not self.is_op(op):
            self.unexpected(wanted)
        self.adv()

    def expect_name(self):
        t = self.cur()
        if t.t != "NAME":
            self.unexpected("a name")
        self.adv()
        return t

    def deeper(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            _fail(self.cur().line, "the template is nested more than max_depth (%d) levels deep" % MAX_DEPTH)

    # -- expressions
    def tuple_(self, with_cond, explicit_parens=False, end_name=None):
        n, is_tuple = 0, False
        while True:
            if n:
                self.expect_op(",", "','")
            t = self.cur()
            if t.t in ("VAREND", "BLKEND") or (t.t == "OP" and t.v == ")") or (end_name and self.is_name(end_name)):
                break
            self.expr(with_cond)
            n += 1
            if self.is_op(","):
                is_tuple = True
            else:
                break
        if not is_tuple and not n and not explicit_parens:
            self.unexpected("an expression")

    def call_args(self):
        self.expect_op("(", "'('")
        n, kw_seen = 0, False
        while not self.is_op(")"):
            if n:
                self.expect_op(",", "',' or ')'")
                if self.is_op(")"):
                    break
            if self.is_op("*") or self.is_op("**"):
                _unsupported(self.cur().line, "*args / **kwargs in a call")
            if self.cur().t == "NAME" and self.peek().t == "OP" and self.peek().v == "=":
                self.adv()
                self.adv()
                kw_seen = True
            elif kw_seen:
                _fail(self.cur().line, "a positional argument after a keyword argument")
            self.expr(True)
            n += 1
        self.adv()

    def primary(self):
        t = self.cur()
        self.deeper()
        kind = None
        if t.t == "NAME":
            kind = "name" if t.v not in ("true", "false", "none", "True", "False", "None") else "const"
            self.adv()
        elif t.t == "STR":
            while self.cur().t == "STR":
                self.adv()
        elif t.t == "NUM":
            self.adv()
        elif self.is_op("("):
            self.adv()
            self.tuple_(True, explicit_parens=True)
            self.expect_op(")", "')'")
        elif self.is_op("[") or self.is_op("{"):
            close = "]" if t.v == "[" else "}"
            self.adv()
            n = 0
            while not self.is_op(close):
                if n:
                    self.expect_op(",", "',' or '%s'" % close)
                    if self.is_op(close):
                        break
                self.expr(True)
                if close == "}":
                    self.expect_op(":", "':'")
                    self.expr(True)
                n += 1
            self.adv()
        else:
            self.unexpected("an expression")
        self.depth -= 1
        return (kind, t.v if kind == "name" else None)

    def postfix(self, node):
        while True:
            if self.is_op("."):
                self.adv()
                t = self.cur()
                if t.t == "NAME":
                    node = ("attr", t.v)
                elif t.t == "NUM" and t.v.replace("_", "").isdigit():
                    node = ("item", None)
                else:
                    self.unexpected("a name or a number after '.'")
                self.adv()
            elif self.is_op("["):
                self.adv()
                self.deeper()
                colons, filled = 0, [False, False, False]
                while True:
                    if self.is_op(":"):
                        colons += 1
                        if colons > 2:
                            self.unexpected("']'")
                        self.adv()
                    elif self.is_op("]"):
                        break
                    elif self.is_op(","):
                        _unsupported(self.cur().line, "a tuple subscript x[a, b]")
                    else:
                        if filled[colons]:
                            self.unexpected("':' or ']'")
                        self.expr(True)
                        filled[colons] = True
                self.depth -= 1
                self.adv()
                if colons == 0 and not filled[0]:
                    self.unexpected("a subscript")
                node = ("item", None)
            elif self.is_op("("):
                line = self.cur().line
                if node[0] == "name":
                    if node[1] not in FUNCTIONS:
                        _unsupported(line, "the function '%s'" % node[1])
                elif node[0] == "attr":
                    if node[1] not in METHODS:
                        _unsupported(line, "the method '%s'" % node[1])
                else:
                    _unsupported(line, "a call of something that is not a function or method name")
                self.deeper()
                self.call_args()
                self.depth -= 1
                node = ("call", None)
            else:
                return node

    def filters(self, node):
        while True:
            if self.is_op("|"):
                self.adv()
                t = self.expect_name()
                if self.is_op(".") or t.v not in FILTERS:
                    _unsupported(t.line, "the filter '%s'" % t.v)
                if self.is_op("("):
                    self.deeper()
                    self.call_args()
                    self.depth -= 1
                node = ("filter", None)
            elif self.is_name("is"):
                self.adv()
                if self.is_name("not"):
                    self.adv()
                t = self.expect_name()
                if self.is_op(".") or t.v not in TESTS:
                    _unsupported(t.line, "the test '%s'" % t.v)
                u = self.cur()
                if u.t == "OP" and u.v == "(":
                    self.deeper()
                    self.call_args()
                    self.depth -= 1
                elif (u.t in ("NAME", "STR", "NUM") or (u.t == "OP" and u.v in ("[", "{"))) and \
                        not (u.t == "NAME" and u.v in ("else", "or", "and")):
                    if self.is_name("is"):
                        _fail(u.line, "tests cannot be chained with 'is'")
                    self.postfix(self.primary())
                node = ("test", None)
            elif self.is_op("("):
                _unsupported(self.cur().line, "a call of something that is not a function or method name")
            else:
                return node

    def unary(self, with_filter):
        self.deeper()
        if self.is_op("-") or self.is_op("+"):
            self.adv()
            self.unary(False)
            node = ("neg", None)
        else:
            node = self.primary()
        node = self.postfix(node)
        if with_filter:
            node = self.filters(node)
        self.depth -= 1
        return node

    def binary(self, level):
        ops = (("+", "-"), ("~",), ("*", "/", "//", "%"), ("**",))[level]
        self.unary(True) if level == 3 else self.binary(level + 1)
        while self.cur().t == "OP" and self.cur().v in ops:
            self.adv()
            self.unary(True) if level == 3 else self.binary(level + 1)

    def compare(self):
        self.binary(0)
        while True:
            t = self.cur()
            if t.t == "OP" and t.v in ("==", "!=", "<", ">", "<=", ">="):
                self.adv()
            elif self.is_name("in"):
                self.adv()
            elif self.is_name("not") and self.is_name("in", self.peek()):
                self.adv()
                self.adv()
            else:
                break
            self.binary(0)

    def not_(self):
        if self.is_name("not"):
            self.adv()
            self.deeper()
            self.not_()
            self.depth -= 1
        else:
            self.compare()

    def andor(self, is_or):
        self.andor(False) if is_or else self.not_()
        while self.is_name("or" if is_or else "and"):
            self.adv()
            self.andor(False) if is_or else self.not_()

    def expr(self, with_cond):
        self.deeper()
        self.andor(True)
        while with_cond and self.is_name("if"):
            self.adv()
            self.andor(True)
            if self.is_name("else"):
                self.adv()
                self.expr(True)
        self.depth -= 1

    # -- statements
    def blkend(self):
        if self.cur().t != "BLKEND":
            self.unexpected("'%}'")
        self.adv()

    def statement(self):
        t = self.cur()
        if t.t != "NAME":
            self.unexpected("a tag name")
        if t.v == "if":
            while True:
                self.adv()
                self.tuple_(False)
                self.blkend()
                self.body(("elif", "else", "endif"))
                if self.is_name("elif"):
                    continue
                if self.is_name("else"):
                    self.adv()
                    self.blkend()
                    self.body(("endif",))
                self.adv()
                self.blkend()
                return
        if t.v == "for":
            self.adv()
            paren = self.is_op("(")
            if paren:
                self.adv()
            while True:
                self.expect_name()
                if not self.is_op(","):
                    break
                self.adv()
                if paren and self.is_op(")"):
                    break
            if paren:
                self.expect_op(")", "')'")
            if not self.is_name("in"):
                self.unexpected("'in'")
            self.adv()
            self.tuple_(False, end_name="recursive")
            if self.is_name("if"):
                self.adv()
                self.expr(True)
            if self.is_name("recursive"):
                _unsupported(self.cur().line, "recursive loops")
            self.blkend()
            self.loops += 1
            self.body(("else", "endfor"))
            self.loops -= 1
            if self.is_name("else"):
                self.adv()
                self.blkend()
                self.body(("endfor",))
            self.adv()
            self.blkend()
            return
        if t.v == "set":
            self.adv()
            self.expect_name()
            if self.is_op("."):
                self.adv()
                self.expect_name()
            if self.is_op(","):
                _unsupported(self.cur().line, "assignment to several names in {% set %}")
            if self.is_op("="):
                self.adv()
                self.tuple_(True)
                self.blkend()
                return
            if self.is_op("|"):
                _unsupported(self.cur().line, "a filter on a {% set %} block")
            self.blkend()
            self.body(("endset",))
            self.adv()
            self.blkend()
            return
        if t.v in ("break", "continue"):
            if not self.loops:
                _fail(t.line, "'%s' outside a loop" % t.v)
            self.adv()
            self.blkend()
            return
        if t.v == "generation":
            self.adv()
            self.blkend()
            self.body(("endgeneration",))
            self.adv()
            self.blkend()
            return
        if t.v in KNOWN_TAGS:
            _unsupported(t.line, "the {%% %s %%} tag" % t.v)
        _unsupported(t.line, "unknown tag '%s'" % t.v)

    def body(self, ends=()):
        self.deeper()
        while True:
            t = self.cur()
            if t.t == "EOF":
                if ends:
                    _fail(t.line, "unexpected end of the template: '%s' is missing" % ends[-1])
                break
            if t.t == "DATA":
                self.adv()
            elif t.t == "VAR":
                self.adv()
                self.tuple_(True)
                if self.cur().t != "VAREND":
                    self.unexpected("'}}'")
                self.adv()
            elif t.t == "BLK":
                self.adv()
                if any(self.is_name(e) for e in ends):
                    self.depth -= 1
                    return
                t = self.cur()
                if t.t == "NAME" and (t.v in ("elif", "else") or (len(t.v) > 3 and t.v.startswith("end"))):
                    _fail(t.line, "unexpected '%s'%s" % (t.v, (": expected " + ends[-1]) if ends else ""))
                self.statement()
            else:
                self.unexpected("text or a tag")
        self.depth -= 1


def check_chat_template(text):
    """Raises ValueError naming the construct if text is not a template mamba2.h can render."""
    if not isinstance(text, str):
        raise ValueError("chat template: expected a string, got %s" % type(text).__name__)
    _Parser(_lex(text)).body()


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    bad = 0
    for path in argv[1:]:
        try:
            with open(path, encoding="utf-8") as f:
                check_chat_template(f.read())
            print("%s: ok" % path)
        except (ValueError, UnicodeDecodeError, OSError) as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
