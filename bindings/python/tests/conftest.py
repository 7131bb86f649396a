"""Fixtures of the Python binding's suite: the repository, the shared library (make lib), the
shipped model, golden data (../shared or M2_SHARED_DIR; tests that need it skip without it) and
models converted from it by tools/convert.py into a temporary directory."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
ROOT = os.path.normpath(os.path.join(PKG, "..", ".."))
sys.path.insert(0, PKG)  # the package in place, nothing installed

import mamba2  # noqa: E402

# observations the tests make (timings); printed at the end, never asserted
NOTES = []


def flat(v):
    """A flat list of floats from a numpy array (any shape) or an array.array."""
    return v.reshape(-1).tolist() if hasattr(v, "reshape") else list(v)


def max_diff(a, b):
    a, b = flat(a), flat(b)
    assert len(a) == len(b)
    return max(abs(x - y) for x, y in zip(a, b))


def shared_dir():
    d = os.environ.get("M2_SHARED_DIR") or os.path.join(ROOT, "..", "shared")
    return os.path.normpath(d) if os.path.isdir(os.path.join(d, "golden")) else None


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def shipped():
    path = os.path.join(ROOT, "models", "fable-3m.bin")
    with mamba2.Model(path) as m:
        yield m


@pytest.fixture(scope="session")
def shared():
    d = shared_dir()
    if not d:
        pytest.skip("no golden data: ../shared (or M2_SHARED_DIR) is absent")
    return d


@pytest.fixture(scope="session")
def example_generate(tmp_path_factory):
    """The C example, built from the header (not the library) into a temporary directory."""
    exe = str(tmp_path_factory.mktemp("bin") / "example_generate")
    cc = os.environ.get("CC", "cc")
    run([cc, "-std=c99", "-O2", "-o", exe, "examples/example_generate.c", "-lm"])
    return exe


@pytest.fixture(scope="session")
def converted(tmp_path_factory, shared):
    """convert(case, dtype) -> path of ../shared/golden/<case>/hf converted by tools/convert.py."""
    out = tmp_path_factory.mktemp("models")
    cache = {}

    def convert(case, dtype="f32"):
        key = (case, dtype)
        if key not in cache:
            dst = str(out / ("%s_%s.bin" % (case, dtype)))
            run([sys.executable, "tools/convert.py", os.path.join(shared, "golden", case, "hf"), dst, "-q",
                 "--dtype", dtype])
            cache[key] = dst
        return cache[key]
    return convert


@pytest.fixture(scope="session")
def neox(tmp_path_factory, shared):
    """A small random model carrying the GPT-NeoX-20B tokenizer (as tests/test_main.c makes it)."""
    tok = os.path.join(shared, "data", "gpt-neox-20b", "tokenizer.json")
    if not os.path.exists(tok):
        pytest.skip("no %s" % tok)
    d = tmp_path_factory.mktemp("neox")
    ck, dst = str(d / "ck"), str(d / "neox.bin")
    run([sys.executable, "tools/make_random_checkpoint.py", ck, "--d-model", "64", "--n-layer", "1", "--vocab", "50288",
         "--d-state", "16", "--headdim", "16"])
    run([sys.executable, "tools/convert.py", ck, dst, "-q", "--tokenizer", tok])
    with mamba2.Model(dst) as m:
        yield m


def pytest_report_header(config):
    try:
        return "mamba2 %s from %s" % (mamba2.version(), mamba2.library_path())
    except ImportError as e:
        return "mamba2: %s" % e


def pytest_terminal_summary(terminalreporter):
    """The closing line every suite of the project prints, for CI to add up."""
    for note in NOTES:
        terminalreporter.write_line("note: " + note)
    st = terminalreporter.stats
    n = lambda k: len([r for r in st.get(k, []) if getattr(r, "when", "call") in ("call", "setup", "teardown")])
    failed = n("failed") + n("error")
    terminalreporter.write_line("%d passed, %d failed, %d skipped" % (n("passed"), failed, n("skipped")))
