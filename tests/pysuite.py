"""The runner the standalone Python suites share (tests/test_convert.py, tests/test_gguf.py).

A suite registers its test functions in a list, raises Skip from a test that cannot run here and
AssertionError from one that fails, and ends with `sys.exit(pysuite.run(TESTS, PREFIX, globals()))`.
"""

import shutil
import sys
import tempfile
import time


class Skip(Exception):
    pass


def run(tests, tmp_prefix, suite):
    """Runs the tests whose names contain one of the command-line arguments (all without any; -v
    prints each test's time), with suite["TMP"] a new scratch directory, removed afterwards, and
    suite["VERBOSE"] set by -v. Prints a line per failure and skip, then "N passed, N failed,
    N skipped"; returns the exit status (1 if anything failed)."""
    args = sys.argv[1:]
    if "-v" in args:
        suite["VERBOSE"] = True
        args.remove("-v")
    verbose = suite["VERBOSE"]
    selected = [t for t in tests if not args or any(a in t.__name__ for a in args)]
    suite["TMP"] = tempfile.mkdtemp(prefix=tmp_prefix)
    passed = failed = skipped = 0
    start = time.time()
    try:
        for t in selected:
            t0 = time.time()
            try:
                t()
            except Skip as e:
                skipped += 1
                print("SKIP %s: %s" % (t.__name__, e))
            except AssertionError as e:
                failed += 1
                print("FAIL %s: %s" % (t.__name__, " ".join(str(e).split())))
            except Exception as e:
                failed += 1
                print("FAIL %s: unexpected %s: %s" % (t.__name__, type(e).__name__, " ".join(str(e).split())))
            else:
                passed += 1
                if verbose:
                    print("ok   %s (%.1fs)" % (t.__name__, time.time() - t0))
    finally:
        shutil.rmtree(suite["TMP"], ignore_errors=True)
    if verbose:
        print("(%.1fs, %s)" % (time.time() - start, sys.executable))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0
