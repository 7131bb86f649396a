#!/usr/bin/env python3
"""Tests for tools/chat_template_check.py (standard library only, no pytest).

    python3 tests/test_chat_template.py [-v] [--dump DIR]

The checker must accept every template the header's interpreter renders and refuse, with a
ValueError naming the construct, what it does not. The C runner (tests/test_chat.h) runs this file
and also holds the C parser to the same verdicts. The last line is "N passed, N failed, N skipped".
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from chat_template_check import check_chat_template  # noqa: E402

SHARED = os.environ.get("M2_SHARED_DIR") or os.path.join(os.path.dirname(ROOT), "shared")
VERBOSE = False

# Inside the subset: each must pass.
ACCEPTED = [
    "plain text, no tags",
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
    "{%- set ns = namespace(found=false, idx=0) -%}{%- for m in messages[::-1] %}{%- if not ns.found and m.role == 'user' %}"
    "{%- set ns.found = true %}{%- set ns.idx = messages|length - 1 - loop.index0 %}{%- endif %}{%- endfor %}{{ ns.idx }}",
    "{{ messages[0].content.split('</think>')[-1].lstrip('\\n').rstrip() }}{{ x.startswith(('a', 'b')) }}",
    "{% if tools is defined and tools %}{{ tools | tojson(indent=4) }}{% endif %}{{ m.get('content', '') | trim }}",
    "{% for k, v in d.items() %}{{ k }}={{ v | string }}{% if not loop.last %},{% endif %}{% endfor %}",
    "{% for m in messages if m.role != 'system' %}{% if loop.index0 > 3 %}{% break %}{% else %}{% continue %}{% endif %}{% endfor %}",
    "{% if (m.role == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate') }}{% endif %}",
    "{# a comment #}{%+ if a is not none and b is string or c is mapping %}{{ a if b else c }}{% elif d in e %}x{% endif %}",
    "{{ 1 + 2 * 3 // 4 % 5 - 6 ** 2 ~ 'x' }}{{ [1, 2][1:] }}{{ {'a': 1, 'b': [1.5, none, True]} }}{{ -x | length }}",
    "{% set body %}inner {{ x | upper | lower | capitalize }}{% endset %}{{ body | replace('a', 'b') | default('z', true) }}",
    "{{ range(3) | list | join(', ') }}{{ messages | first }}{{ messages | last }}{{ d | items | list | reverse | count }}",
    "{% generation %}{{ content }}{% endgeneration %}{{ x is divisibleby 3 }}{{ 'a' not in 'b' }}",
    "{% if strftime_now is defined %}{% set date_string = strftime_now('%d %b %Y') %}{% endif %}",
]

# Outside it: each must be refused with a message containing the given words.
REFUSED = [
    ("{% macro f() %}x{% endmacro %}", "{% macro %}"),
    ("{% include 'other.jinja' %}", "{% include %}"),
    ("{% raw %}{{ x }}{% endraw %}", "{% raw %}"),
    ("{% filter upper %}x{% endfilter %}", "{% filter %}"),
    ("{% weird %}", "unknown tag 'weird'"),
    ("{{ messages | selectattr('role', 'equalto', 'user') | list }}", "filter 'selectattr'"),
    ("{{ messages | map(attribute='role') }}", "filter 'map'"),
    ("{{ x is callable }}", "test 'callable'"),
    ("{{ 'a {}'.format(1) }}", "method 'format'"),
    ("{{ messages.append(1) }}", "method 'append'"),
    ("{{ now('%Y') }}", "function 'now'"),
    ("{{ f(*args) }}", "function 'f'"),
    ("{{ range(*args) }}", "*args"),
    ("{{ x[1, 2] }}", "tuple subscript"),
    ("{{ (x)(1) }}", "not a function"),
    ("{% for a in b recursive %}{% endfor %}", "recursive"),
    ("{% set a, b = 1, 2 %}", "several names"),
    ("{{ 0x1F }}", "hexadecimal"),
    ("{{ '\\N{BULLET}' }}", "\\N{...}"),
    ("{{ x ", "unterminated tag"),
    ("{% if x %}", "endif"),
    ("{# open", "unterminated comment"),
    ("{{ (1 }}", "expected"),
    ("{{ 1) }}", "unexpected ')'"),
    ("{% endfor %}", "unexpected 'endfor'"),
    ("{% break %}", "outside a loop"),
    ("{{ '\\x4' }}", "escape"),
    ("{{ 012 }}", "leading zero"),
    ("{{ 99999999999999999999 }}", "64-bit"),
    ("{{ " + "(" * 70 + "1" + ")" * 70 + " }}", "nested"),
    ("{{ x | }}", "expected a name"),
]


def t_accepts_the_subset():
    for text in ACCEPTED:
        check_chat_template(text)


def t_refuses_naming_the_construct():
    for text, words in REFUSED:
        try:
            check_chat_template(text)
        except ValueError as e:
            assert words in str(e), "%r: message %r does not name %r" % (text[:40], str(e), words)
        else:
            raise AssertionError("accepted %r" % text[:60])


def t_not_a_string():
    try:
        check_chat_template(None)
    except ValueError:
        return
    raise AssertionError("accepted None")


def t_golden_llama3_template():
    path = os.path.join(SHARED, "golden", "tokenizers", "llama3", "chat_template.jinja")
    if not os.path.isfile(path):
        raise Skip("no %s" % path)
    with open(path, encoding="utf-8") as f:
        check_chat_template(f.read())


def t_script_exit_status():
    with tempfile.TemporaryDirectory() as d:
        good, bad = os.path.join(d, "good.jinja"), os.path.join(d, "bad.jinja")
        with open(good, "w", encoding="utf-8") as f:
            f.write(ACCEPTED[1])
        with open(bad, "w", encoding="utf-8") as f:
            f.write("{{ x | wordcount }}")
        tool = os.path.join(ROOT, "tools", "chat_template_check.py")
        r = subprocess.run([sys.executable, tool, good], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        r = subprocess.run([sys.executable, tool, good, bad], capture_output=True, text=True)
        assert r.returncode == 1 and "wordcount" in r.stderr, (r.returncode, r.stderr)


class Skip(Exception):
    pass


TESTS = [t_accepts_the_subset, t_refuses_naming_the_construct, t_not_a_string, t_golden_llama3_template, t_script_exit_status]


def dump(directory):
    """Writes every template of the two lists to DIR/NNN.jinja and their verdicts to DIR/index.txt
    ("accept NNN.jinja" / "refuse NNN.jinja"), for the C runner to hold its parser to them."""
    os.makedirs(directory, exist_ok=True)
    lines = []
    for i, (text, verdict) in enumerate([(t, "accept") for t in ACCEPTED] + [(t, "refuse") for t, _ in REFUSED]):
        name = "%03d.jinja" % i
        with open(os.path.join(directory, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        lines.append("%s %s\n" % (verdict, name))
    with open(os.path.join(directory, "index.txt"), "w", encoding="utf-8") as f:
        f.writelines(lines)


def main():
    global VERBOSE
    VERBOSE = "-v" in sys.argv
    if "--dump" in sys.argv:
        dump(sys.argv[sys.argv.index("--dump") + 1])
    passed = failed = skipped = 0
    for t in TESTS:
        try:
            t()
        except Skip as e:
            skipped += 1
            print("SKIP %s: %s" % (t.__name__, e))
        except Exception as e:  # an assertion or an unexpected error: both fail the test
            failed += 1
            print("FAIL %s: %s: %s" % (t.__name__, type(e).__name__, e))
        else:
            passed += 1
            if VERBOSE:
                print("ok   %s" % t.__name__)
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
