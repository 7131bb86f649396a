# mamba2.h - examples, tests and benchmarks. Plain make; CC=clang works; NO_OMP=1 turns OpenMP off.

CC      ?= cc
PYTHON  ?= python3
WARN    := -Wall -Wextra -pedantic
# Portable binaries by default: on x86-64 the header carries its kernels for every instruction-set
# level and picks the best the CPU runs when a session is created. NATIVE=1 builds for this
# machine only (-march=native: one level, the compiler's choice of instructions everywhere).
ifeq ($(NATIVE),1)
ARCH    := -march=native
else
ARCH    :=
endif
# bench_bin is built for this machine unless NATIVE=0: its bandwidth and FMA probes use the
# compiler's vectors (the library's kernels are the same in both builds)
ifeq ($(NATIVE),0)
BENCH_ARCH :=
else
BENCH_ARCH := -march=native
endif
CFLAGS  ?= -O2
STD     := -std=c99
LDLIBS  := -lm

# OpenMP if the compiler can link it (clang needs libomp-dev), unless NO_OMP=1
ifndef NO_OMP
OMP := $(shell printf 'int main(void){return 0;}' | $(CC) -fopenmp -x c - -o /dev/null 2>/dev/null && echo -fopenmp)
endif

ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(ARCH) $(OMP)
EXAMPLES   = example_generate example_logits example_tokenize example_perplexity example_game_loop example_prefix_cache example_chat example_pool
HEADERS    = mamba2.h examples/example_common.h

# all: every example binary, optimised, in the repository root
all: $(EXAMPLES)

example_%: examples/example_%.c $(HEADERS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

# example_pool: the parallel_for hook on a pthread pool of its own
example_pool: examples/example_pool.c $(HEADERS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS) -lpthread

# the runner and every suite header it includes (tests/test_*.h), so a new suite is never missed
TEST_DEPS = tests/test_main.c $(wildcard tests/test_*.h) tests/kernel_checks.h tests/harness.h tests/json_mini.h tools/random_model.h tools/quant.h mamba2.h
tests/run_tests: $(TEST_DEPS)
	$(CC) $(ALL_CFLAGS) -o $@ tests/test_main.c $(LDLIBS)

# test: build and run the whole suite (golden cases need ../shared or M2_SHARED_DIR; else skipped)
test: all tests/run_tests
	PYTHON=$(PYTHON) ./tests/run_tests

# debug: the suite built -O0 -g under AddressSanitizer and UndefinedBehaviorSanitizer
debug: tests/run_tests_debug
	PYTHON=$(PYTHON) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ./tests/run_tests_debug

tests/run_tests_debug: $(TEST_DEPS)
	$(CC) $(STD) $(WARN) -O0 -g $(ARCH) -fsanitize=address,undefined -fno-sanitize-recover=undefined $(OMP) -o $@ tests/test_main.c $(LDLIBS)

# lib: the shared library ./libmamba2.so (every kernel level inside, run-time dispatch), exporting
# exactly the public API (tests/check_exports.sh checks that); the Python package loads it
LIB_SO = libmamba2.so
lib: $(LIB_SO)
$(LIB_SO): lib/mamba2_lib.c mamba2.h
	$(CC) $(ALL_CFLAGS) -fPIC -shared -fvisibility=hidden -o $@ lib/mamba2_lib.c $(LDLIBS)

# lib-check: the exported symbols of the shared library == the MAMBA2_API functions of the header
lib-check: $(LIB_SO)
	./tests/check_exports.sh $(LIB_SO)

# python-test: the Python binding's pytest suite (bindings/python) on ./libmamba2.so; needs pytest
# (Debian: python3-pytest), taken from $(PYTHON) or else /usr/bin/python3; ends "N passed, N failed, N skipped"
PYTEST_PYTHON ?= $(or $(shell for p in $(PYTHON) /usr/bin/python3; do $$p -c 'import pytest' 2>/dev/null && { echo $$p; break; }; done),$(PYTHON))
python-test: $(LIB_SO)
	cd bindings/python && $(PYTEST_PYTHON) -m pytest -q -p no:cacheprovider

# web: web/mamba2.wasm for web/index.html and web/mamba2.mjs (clang --target=wasm32-wasi with
# wasi-libc and libclang-rt-14-dev-wasm32: the SIMD128 kernel level, no OpenMP, models from memory)
WASM_CC ?= clang
web: web/mamba2.wasm
web/mamba2.wasm: lib/mamba2_lib.c mamba2.h
	$(WASM_CC) --target=wasm32-wasi -msimd128 -mexec-model=reactor $(STD) $(WARN) -O2 -DMAMBA2_NO_STDIO -fvisibility=hidden \
		-Wl,--export-dynamic -Wl,--export=malloc -Wl,--export=free -Wl,--strip-all -o $@ lib/mamba2_lib.c -lm

# web-test: the page in headless Chromium (Debian's chromium), its greedy story against the native build
web-test: web/mamba2.wasm example_generate
	node tests/web/run_web_test.mjs

bench_bin: tools/bench.c mamba2.h tools/random_model.h tools/quant.h examples/example_common.h
	$(CC) $(STD) $(WARN) $(CFLAGS) $(BENCH_ARCH) $(OMP) -o $@ tools/bench.c $(LDLIBS) -lpthread

# the converter's quantizer for the 4-/5-/6-bit types (tools/convert.py also builds it on demand)
tools/quantize: tools/quantize.c tools/quant.h
	$(CC) $(STD) $(WARN) -O2 -o $@ tools/quantize.c -lm

# A small model carrying the GPT-NeoX tokenizer, for the tokenizer's throughput (needs ../shared)
SHARED ?= $(or $(M2_SHARED_DIR),../shared)
build/neox-tokenizer.bin: tools/convert.py tools/make_random_checkpoint.py
	mkdir -p build
	$(PYTHON) tools/make_random_checkpoint.py build/neox-ck --d-model 64 --n-layer 1 --vocab 50288 --d-state 16 --headdim 16 > /dev/null
	$(PYTHON) tools/convert.py build/neox-ck $@ -q --tokenizer $(SHARED)/data/gpt-neox-20b/tokenizer.json

# and the HF golden tokenizers: Llama-3 (byte-level, cl100k split) and Mistral (SentencePiece-style)
build/llama3-tokenizer.bin: tools/convert.py tools/make_random_checkpoint.py
	mkdir -p build
	$(PYTHON) tools/make_random_checkpoint.py build/llama3-ck --d-model 16 --n-layer 1 --vocab 128256 --d-state 16 --headdim 16 > /dev/null
	$(PYTHON) tools/convert.py build/llama3-ck $@ -q --tokenizer $(SHARED)/golden/tokenizers/llama3/tokenizer.json
build/llama2-tokenizer.bin: tools/convert.py tools/make_random_checkpoint.py
	mkdir -p build
	$(PYTHON) tools/make_random_checkpoint.py build/llama2-ck --d-model 16 --n-layer 1 --vocab 32000 --d-state 16 --headdim 16 > /dev/null
	$(PYTHON) tools/convert.py build/llama2-ck $@ -q --tokenizer $(SHARED)/golden/tokenizers/llama2/tokenizer.json

TOK_MODELS = $(if $(wildcard $(SHARED)/data/gpt-neox-20b/tokenizer.json),build/neox-tokenizer.bin) \
             $(if $(wildcard $(SHARED)/golden/tokenizers/llama3/tokenizer.json),build/llama3-tokenizer.bin build/llama2-tokenizer.bin)
TOK_COMMA := ,
TOK_EMPTY :=
TOK_SPACE := $(TOK_EMPTY) $(TOK_EMPTY)
TOK_LIST   = $(subst $(TOK_SPACE),$(TOK_COMMA),$(strip $(TOK_MODELS)))
TOK_BENCH = $(if $(strip $(TOK_MODELS)),--tok $(TOK_LIST) --tok-text $(SHARED)/data/corpus/public-domain/pg514_alcott_little_women.txt)
TOK_DEP   = $(TOK_MODELS)

# bench: quick speed figures (a few minutes): random weights of the mamba2-130m shape, f32 and q8_0,
# 2 threads; models are written to build/bench-models on first use. LOAD=N runs N busy threads of the
# bench's own beside the measurements (a shared CPU)
LOAD ?= 0
bench: bench_bin $(TOK_DEP)
	./bench_bin --shape 130m --dtype f32,q8_0 --threads 2 --prompts 128,512 --positions 0,512 --gen 128 --batch 1,4,16 --runs 5 --load $(LOAD) $(TOK_BENCH)

# bench-full: the sweep (shapes up to 1.3b, every dtype, 1 and 2 threads, prompts up to 8192);
# add the 2.7b shape with BENCH_SHAPES=130m,370m,780m,1.3b,2.7b (the f32 file is ~11 GB)
BENCH_SHAPES ?= 130m,370m,780m,1.3b
bench-full: bench_bin $(TOK_DEP)
	./bench_bin --shape $(BENCH_SHAPES) --dtype f32,f16,bf16,q8_0 --threads 1,2 --prompts 128,512,2048,8192 --positions 0,2048 --gen 128 --batch 1,4,16 --runs 3 $(TOK_BENCH)

# compile-check: the header as C99 and C11 (gcc/clang), C++11/17, MAMBA2_STATIC, included twice
compile-check:
	./tests/compile_check.sh

# fuzz: the libFuzzer harnesses of tests/fuzz under ASan + UBSan, FUZZ_SECONDS each (default 60;
# needs clang with libclang-rt-14-dev; NFC is checked against ICU when libicu-dev is installed);
# corpora grow in build/fuzz/work, crash inputs land in build/fuzz/artifacts
# (FUZZ_JOBS=2: two harnesses at a time)
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
FUZZ_CC ?= clang
fuzz:
	PYTHON=$(PYTHON) CC=$(FUZZ_CC) FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run_fuzz.sh $(FUZZ_SECONDS)

# tsan: one model, 8 threads x 1000 steps and more (tests/test_threads.c) under ThreadSanitizer,
# with plain pthreads and OpenMP off (libgomp gives TSan false reports)
tests/run_threads: tests/test_threads.c tests/harness.h tools/random_model.h tools/quant.h mamba2.h
	$(CC) $(STD) $(WARN) -O1 -g -fsanitize=thread -DMAMBA2_NO_OPENMP -o $@ tests/test_threads.c $(LDLIBS) -lpthread
tsan: tests/run_threads
	PYTHON=$(PYTHON) TSAN_OPTIONS=halt_on_error=1 ./tests/run_threads

# numeric: NaN, Inf and huge values written into every tensor; every call reports M2_ERR_NUMERIC
# or gives finite logits, and no token comes from non-finite ones (ASan + UBSan, ~15 s)
tests/numeric_hazards: tests/numeric_hazards.c tools/random_model.h tools/quant.h mamba2.h
	$(CC) $(STD) $(WARN) -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -I. -o $@ tests/numeric_hazards.c $(LDLIBS)
numeric: tests/numeric_hazards
	./tests/numeric_hazards

# hostile: ~700 hostile model files, id lists, sampler flags and strings through example_logits,
# example_generate and example_tokenize built with ASan + UBSan (a few minutes; --full: all cases)
hostile:
	$(PYTHON) tests/broken_inputs.py

# cross: the tests and examples built for m32, aarch64 (qemu), mingw (wine), wasm (Node WASI), no-SIMD
cross:
	./tests/cross/run.sh

# clean: remove everything the build made
clean:
	rm -f $(EXAMPLES) $(LIB_SO) mamba2.dll web/mamba2.wasm tests/run_tests tests/run_tests_debug tests/run_threads tests/numeric_hazards bench_bin tools/quantize
	rm -rf build

.PHONY: all lib lib-check python-test web web-test test debug bench bench-full compile-check cross fuzz tsan numeric hostile clean
