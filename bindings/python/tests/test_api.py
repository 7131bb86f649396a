"""The binding against the C library and the C example on the shipped model."""
import array
import ctypes
import os
import re
import shutil
import subprocess

import pytest

import mamba2
from conftest import ROOT, flat as floats, max_diff




def test_version_matches_header():
    h = open(os.path.join(ROOT, "mamba2.h")).read()
    want = ".".join(re.search(r"#define MAMBA2_VERSION_%s (\d+)" % k, h).group(1) for k in ("MAJOR", "MINOR", "PATCH"))
    assert mamba2.version() == want


def test_struct_layouts_match_library():
    lib = mamba2.load_library()
    for which, cls in mamba2._STRUCTS.items():
        assert lib.m2_struct_size(which) == ctypes.sizeof(cls), cls.__name__
    assert lib.m2_struct_size(0) == 0 and lib.m2_struct_size(99) == 0


@pytest.mark.skipif(not shutil.which("nm"), reason="no nm")
def test_exports_are_the_public_api():
    lib = mamba2.library_path()
    if not lib.endswith(".so"):
        pytest.skip("not a .so: %s" % lib)
    out = subprocess.run([os.path.join(ROOT, "tests", "check_exports.sh"), lib], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True)
    assert out.returncode == 0, out.stdout


def test_config_and_tokenizer(shipped):
    c = shipped.config
    assert c.vocab_rows >= c.vocab_size > 0 and c.n_layer > 0 and shipped.has_tokenizer
    ids = shipped.tokenize("Once upon a time, there was a dragon.")
    assert ids and all(0 <= i < c.vocab_size for i in ids)
    assert shipped.detokenize(ids) == "Once upon a time, there was a dragon."
    assert b"".join(shipped.token_bytes(i) for i in ids) == b"Once upon a time, there was a dragon."
    dec = mamba2.Decoder(shipped)
    assert "".join(dec.feed(i) for i in ids) + dec.flush() == "Once upon a time, there was a dragon."
    assert shipped.tokenize("") == [] and shipped.detokenize([]) == ""


def example(exe, *args):
    out = subprocess.run([exe] + list(args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    return out.stdout.decode("utf-8")


@pytest.mark.parametrize("prompt", ["Once upon a time", "The little dog"])
def test_greedy_generation_equals_example(shipped, example_generate, prompt):
    want = [int(x) for x in example(example_generate, "models/fable-3m.bin", prompt, "-n", "48", "--temp", "0",
                                    "--print-ids").split()]
    got = shipped.generate(prompt, n=48, temperature=0)
    assert got.ids == want
    assert got.text == example(example_generate, "models/fable-3m.bin", prompt, "-n", "48", "--temp", "0")
    assert got.text == shipped.detokenize(got.ids)


def test_sampled_generation_equals_example(shipped, example_generate):
    args = ["-n", "40", "--temp", "0.9", "--top-k", "40", "--top-p", "0.95", "--min-p", "0.02", "--repeat-penalty",
            "1.1", "--seed", "7"]
    want = [int(x) for x in example(example_generate, "models/fable-3m.bin", "A cat", *(args + ["--print-ids"])).split()]
    got = shipped.generate("A cat", n=40, temperature=0.9, top_k=40, top_p=0.95, min_p=0.02, repeat_penalty=1.1, seed=7)
    assert got.ids == want
    # the defaults are example_generate's: temperature 0.8, top-p 0.9, seed 42
    want = [int(x) for x in example(example_generate, "models/fable-3m.bin", "A cat", "-n", "20", "--print-ids").split()]
    assert shipped.generate("A cat", n=20).ids == want


def test_stop_text_equals_example(shipped, example_generate):
    want = example(example_generate, "models/fable-3m.bin", "Once upon a time", "-n", "80", "--temp", "0", "--stop", "Lily")
    got = shipped.generate("Once upon a time", n=80, temperature=0, stop=["Lily"])
    assert got.text == want and "Lily" not in got.text
    pieces = list(shipped.generate_stream("Once upon a time", n=80, temperature=0, stop=["Lily"]))
    assert "".join(pieces) == want and len(pieces) > 3


def test_prefill_step_resume(shipped):
    ids = shipped.tokenize("Once upon a time, there was a little girl who liked to read books in the garden.")
    with shipped.session() as a, shipped.session() as b, shipped.session() as c:
        rows = a.prefill(ids, all_logits=True)
        assert len(floats(rows)) == len(ids) * shipped.config.vocab_rows
        last = b.prefill(ids[:7])
        for i in ids[7:]:
            last = b.step(i)
        c.prefill(ids[:5])
        c.prefill(ids[5:])
        assert a.position == b.position == c.position == len(ids)
        assert max_diff(a.logits, b.logits) < 1e-4
        assert max_diff(a.logits, c.logits) < 1e-4
        assert max_diff(last, b.logits) == 0
        v = shipped.config.vocab_rows
        assert max_diff(floats(rows)[-v:], a.logits) == 0
        a.reset()
        assert a.position == 0 and a.logits is None


def test_snapshots_fork_copy(shipped):
    ids = shipped.tokenize("The sun was shining")
    with shipped.session() as s:
        s.prefill(ids)
        snap = s.save()
        assert isinstance(snap, bytes) and len(snap) == s.state_size()
        half = s.save(f16=True)
        assert len(half) < len(snap)
        before = s.logits
        with s.fork() as f:
            assert f.position == s.position and max_diff(f.logits, before) == 0
            s.step(5)
            f.step(5)
            assert max_diff(f.logits, s.logits) == 0
            s.load(snap)
            assert s.position == len(ids) and max_diff(s.logits, before) == 0
            f.copy_from(s)
            assert f.position == s.position and max_diff(f.logits, before) == 0
        with shipped.session() as t:
            t.load(half)
            assert max_diff(t.logits, before) == 0  # the logits are stored as f32
            t.step(9)
            s.step(9)
            assert max_diff(t.logits, s.logits) < 1e-2


def test_step_batch_equals_steps(shipped):
    prompts = ["One day", "The big red ball", "Tom and Sue"]
    sessions = [shipped.session() for _ in prompts]
    singles = [shipped.session() for _ in prompts]
    try:
        for s, t, p in zip(sessions, singles, prompts):
            s.prefill(shipped.tokenize(p))
            t.prefill(shipped.tokenize(p))
        for k in range(3):
            ids = [s.sample() for s in sessions]
            mamba2.step_batch(sessions, ids)
            for t, i in zip(singles, ids):
                t.step(i)
            for s, t in zip(sessions, singles):
                assert max_diff(s.logits, t.logits) < 1e-4
    finally:
        for s in sessions + singles:
            s.close()


def test_budgeted_step_equals_step(shipped):
    with shipped.session() as a, shipped.session() as b:
        a.prefill([1, 2, 3])
        b.prefill([1, 2, 3])
        a.step(17)
        b.step_begin(17)
        while not b.step_run(1):
            pass
        assert max_diff(a.logits, b.logits) == 0


def test_sampler_options(shipped):
    with shipped.session() as s:
        s.prefill(shipped.tokenize("Once upon a time"))
        top = s.sample()
        assert s.sample(mamba2.Sampler(banned=[top])) != top
        assert s.sample(mamba2.Sampler(logit_bias={3: 1e9})) == 3
        a = [s.sample(mamba2.Sampler(temperature=1.0, seed=5)) for _ in range(3)]
        assert a[0] == a[1] == a[2]  # a fresh sampler with one seed draws the same


def test_model_from_bytes(shipped):
    data = open(os.path.join(ROOT, "models", "fable-3m.bin"), "rb").read()
    with mamba2.Model.from_bytes(data) as m, m.session() as s, shipped.session() as t:
        s.prefill([5, 6, 7])
        t.prefill([5, 6, 7])
        assert max_diff(s.logits, t.logits) == 0


def test_isa_levels(shipped):
    assert mamba2.isa_available("scalar") and mamba2.isa_name("scalar") == "scalar"
    with shipped.session(isa="scalar") as s, shipped.session() as best:
        assert s.isa == "scalar"
        s.prefill([1, 2, 3, 4])
        best.prefill([1, 2, 3, 4])
        assert max_diff(s.logits, best.logits) < 1e-3


def test_context_managers_free(shipped):
    with shipped.session() as s:
        s.prefill([1])
    assert s._h is None
    with pytest.raises(ValueError):
        s.step(1)
    m = mamba2.Model(os.path.join(ROOT, "models", "fable-3m.bin"))
    t = m.session()
    m.close()  # closes its sessions first
    assert t._h is None and m._h is None
    with pytest.raises(ValueError):
        m.tokenize("x")


def test_logits_type(shipped):
    with shipped.session() as s:
        v = s.prefill([1, 2])
        if mamba2._np is not None:
            assert v.dtype.name == "float32" and v.shape == (shipped.config.vocab_rows,)
        else:
            assert isinstance(v, array.array) and v.typecode == "f"
