"""The tokenizer cases (../shared/golden/tokenizer/cases.json and tests/data/tokenizer_cases.json)
through Python, on a model carrying the GPT-NeoX-20B tokenizer."""
import json
import os

import pytest

import mamba2
from conftest import ROOT


def cases_of(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check(model, cases):
    bad = []
    for i, c in enumerate(cases):
        text = bytes.fromhex(c["text_hex"]) if "text_hex" in c else c["text"].encode("utf-8", "surrogatepass")
        ids = model.tokenize(text, special=not c.get("no_special"))
        if "ids" in c and ids != c["ids"]:
            bad.append("case %d: ids %r, expected %r" % (i, ids[:20], c["ids"][:20]))
            continue
        dec = model.detokenize(ids)
        d = mamba2.Decoder(model)
        streamed = "".join(d.feed(t) for t in ids) + d.flush()
        if streamed != dec:
            bad.append("case %d: streamed decode differs" % i)
        if "decoded" in c and dec != c["decoded"]:
            bad.append("case %d: decoded %r, expected %r" % (i, dec[:60], c["decoded"][:60]))
    return bad


def test_golden_tokenizer_cases(neox, shared):
    cases = cases_of(os.path.join(shared, "golden", "tokenizer", "cases.json"))
    assert len(cases) >= 44
    bad = check(neox, cases)
    assert not bad, "\n".join(bad[:10])


def test_project_tokenizer_cases(neox):
    path = os.path.join(ROOT, "tests", "data", "tokenizer_cases.json")
    if not os.path.exists(path):
        pytest.skip("no tests/data/tokenizer_cases.json")
    cases = cases_of(path)
    assert len(cases) >= 4000
    bad = check(neox, cases)
    assert not bad, "%d of %d cases differ:\n%s" % (len(bad), len(cases), "\n".join(bad[:10]))


def test_special_tokens(neox):
    assert neox.tokenize("<|endoftext|>") == [0]
    assert len(neox.tokenize("<|endoftext|>", special=False)) > 1
