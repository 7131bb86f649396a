"""Sessions on Python threads: the library releases the GIL for every call (ctypes.CDLL), so two
threads run two sessions at once. Asserted: results equal to a serial run, and other Python code
running while a call computes. Timings are printed (conftest NOTES), not asserted: the machine
may be busy."""
import os
import threading
import time

import mamba2
from conftest import NOTES, ROOT

PROMPTS = ["Once upon a time", "The little bird sang", "Tom had a red ball", "It was a cold night"]


def greedy(model, prompt, n):
    return model.generate(prompt, n=n, temperature=0, threads=1, ignore_eos=True).ids


def test_threads_match_serial(shipped):
    want = [greedy(shipped, p, 40) for p in PROMPTS]
    got = [None] * len(PROMPTS)
    errors = []

    def work(i):
        try:
            for _ in range(3):  # a few rounds, so the threads overlap
                r = greedy(shipped, PROMPTS[i], 40)
                assert got[i] is None or got[i] == r
                got[i] = r
        except Exception as e:  # reported in the main thread
            errors.append(e)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(PROMPTS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert got == want


def test_gil_released_during_compute(shipped):
    """While one thread is inside a long prefill, the main thread keeps running Python code."""
    ids = (shipped.tokenize("Once upon a time, there was a little girl named Lily. ") * 200)[:4000]
    started, done = threading.Event(), threading.Event()
    counts = []

    def work():
        with shipped.session(n_threads=1) as s:
            started.set()
            t0 = time.perf_counter()
            s.prefill(ids)
            counts.append(time.perf_counter() - t0)
        done.set()
    t = threading.Thread(target=work)
    t.start()
    started.wait()
    n = 0
    while not done.is_set():
        n += 1
    t.join()
    # with the GIL held for the whole call the loop could run only between calls (a handful of times)
    NOTES.append("GIL: the main thread looped %d times during a %.2f s prefill on another thread" % (n, counts[0]))
    assert n > 1000


def test_parallel_timing_note(shipped):
    """Two sessions, each single-threaded: wall time on two Python threads vs one after the other."""
    def run(prompt):
        with shipped.session(n_threads=1) as s:
            s.prefill(shipped.tokenize(prompt))
            for _ in range(400):
                s.step(s.sample())
    t0 = time.perf_counter()
    run(PROMPTS[0])
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    threads = [threading.Thread(target=run, args=(p,)) for p in PROMPTS[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    two = time.perf_counter() - t0
    NOTES.append("threads: one session of 400 steps %.3f s; two sessions on two threads %.3f s (%.2fx one; %d cores, "
                 "load average %s)" % (one, two, two / one, os.cpu_count() or 0,
                                        open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "?"))
