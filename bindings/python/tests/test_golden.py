"""The golden cases of ../shared/golden through Python: converted by tools/convert.py, run by the
library, compared with the reference's logits (f32 activations, so the strict tolerance holds)."""
import array
import json
import os

import pytest

import mamba2
from conftest import max_diff

CASES = ["tiny", "groups"]


def read(path, code):
    a = array.array(code)
    with open(path, "rb") as f:
        a.frombytes(f.read())
    return a




@pytest.mark.parametrize("isa", ["auto", "scalar"])
@pytest.mark.parametrize("case", CASES)
def test_golden_logits(shared, converted, case, isa):
    g = os.path.join(shared, "golden", case)
    meta = json.load(open(os.path.join(g, "meta.json")))
    tol = meta.get("strict_logits_max_abs", 1e-5)
    ids = list(read(os.path.join(g, "input_ids.i32"), "i"))
    want = read(os.path.join(g, "logits.f32"), "f")
    with mamba2.Model(converted(case)) as m, m.session(f32_activations=True, isa=isa) as s:
        got = s.prefill(ids, all_logits=True)
        d = max_diff(got, want)
        assert d <= tol, "%s: max |diff| %.3g > %g" % (case, d, tol)
        # the greedy continuation by the recurrent step
        greedy = list(read(os.path.join(g, "greedy.i32"), "i"))
        glog = read(os.path.join(g, "greedy_logits.f32"), "f")
        v = m.config.vocab_rows
        for k, tok in enumerate(greedy):
            assert s.sample() == tok
            s.step(tok)
            d = max_diff(s.logits, glog[k * v:(k + 1) * v])
            assert d <= tol, "%s: greedy step %d: max |diff| %.3g" % (case, k, d)
