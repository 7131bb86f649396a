"""Error paths: exceptions carry the library's code and message; nothing crashes."""
import ctypes
import os

import pytest

import mamba2
from conftest import ROOT

MODEL = os.path.join(ROOT, "models", "fable-3m.bin")


def test_missing_file():
    with pytest.raises(mamba2.Mamba2Error) as e:
        mamba2.Model("/nonexistent/model.bin")
    assert e.value.code == -2 and e.value.name == "M2_ERR_IO"
    assert "nonexistent" in str(e.value)


def test_not_a_model(tmp_path):
    p = tmp_path / "junk.bin"
    p.write_bytes(b"this is not a model file" * 100)
    with pytest.raises(mamba2.Mamba2Error) as e:
        mamba2.Model(str(p))
    assert e.value.name == "M2_ERR_FORMAT" and e.value.message


@pytest.mark.parametrize("keep", [16, 100, 4096, 100000])
def test_truncated_model(tmp_path, keep):
    data = open(MODEL, "rb").read()[:keep]
    with pytest.raises(mamba2.Mamba2Error) as e:
        mamba2.Model.from_bytes(data)
    assert e.value.code in (-3, -4) and e.value.message


def test_bad_token_id(shipped):
    v = shipped.config.vocab_rows
    with shipped.session() as s:
        with pytest.raises(mamba2.Mamba2Error) as e:
            s.step(v)
        assert e.value.name == "M2_ERR_TOKEN_RANGE"
        assert e.value.message == s.error and s.error  # the session's own message
        with pytest.raises(mamba2.Mamba2Error):
            s.prefill([1, 2, -1])
        s.step(1)  # the session still works
    with pytest.raises(mamba2.Mamba2Error) as e:
        shipped.detokenize([1, v + 5])
    assert e.value.name == "M2_ERR_TOKEN_RANGE"
    with pytest.raises(mamba2.Mamba2Error):
        shipped.token_bytes(-3)


def test_bad_options(shipped):
    with pytest.raises(mamba2.Mamba2Error) as e:
        shipped.session(chunk_size=-1)
    assert e.value.name == "M2_ERR_INVALID_ARGUMENT"
    with pytest.raises(ValueError):
        shipped.session(isa="no-such-level")
    missing = [n for n, v in mamba2.ISA.items() if v and not mamba2.isa_available(v)]
    if missing:
        with pytest.raises(mamba2.Mamba2Error) as e:
            shipped.session(isa=missing[0])
        assert e.value.name == "M2_ERR_UNSUPPORTED"
    with pytest.raises(ValueError):
        shipped.generate("x", stop=["s"] * 9)
    with pytest.raises(ValueError):
        shipped.generate("x", stop=["y" * 64])


def test_bad_snapshot(shipped):
    with shipped.session() as s:
        s.prefill([1, 2, 3])
        snap = s.save()
        with pytest.raises(mamba2.Mamba2Error):
            s.load(b"garbage")
        broken = bytearray(snap)
        broken[len(broken) // 2] ^= 0xFF
        with pytest.raises(mamba2.Mamba2Error) as e:
            s.load(bytes(broken))
        assert e.value.message
        s.load(snap)
        assert s.position == 3


def test_sample_before_any_token(shipped):
    with shipped.session() as s:
        with pytest.raises(mamba2.Mamba2Error):
            s.sample()


def test_buffer_sizes(shipped):
    lib = mamba2.load_library()
    ids = shipped.tokenize("Once upon a time")
    arr = (ctypes.c_int32 * len(ids))(*ids)
    need = ctypes.c_size_t()
    out = ctypes.create_string_buffer(4)
    r = lib.m2_detokenize(shipped._handle(), arr, len(ids), out, 4, ctypes.byref(need))
    assert r == mamba2.ERR_BUFFER_TOO_SMALL and need.value == len("Once upon a time")
    assert out.raw == b"\0" * 4  # nothing written
    # tokenize retries when the first guess of the id count is too small: each invalid byte
    # becomes U+FFFD, which may take several tokens
    text = b"\xff" * 50
    got = shipped.tokenize(text)
    assert shipped.detokenize(got) == "\ufffd" * 50
    big = shipped.tokenize("word " * 5000)
    assert len(big) >= 5000
