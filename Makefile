# mamba2.h - examples, tests and benchmarks. Plain make; CC=clang works; NO_OMP=1 turns OpenMP off.

CC      ?= cc
PYTHON  ?= python3
WARN    := -Wall -Wextra -pedantic
# -march=native: the SIMD paths are chosen at compile time for the machine that builds.
# NATIVE=0 builds portable binaries (scalar or baseline SIMD only).
ifeq ($(NATIVE),0)
ARCH    :=
else
ARCH    := -march=native
endif
CFLAGS  ?= -O2
STD     := -std=c99
LDLIBS  := -lm

# OpenMP if the compiler can link it (clang needs libomp-dev), unless NO_OMP=1
ifndef NO_OMP
OMP := $(shell printf 'int main(void){return 0;}' | $(CC) -fopenmp -x c - -o /dev/null 2>/dev/null && echo -fopenmp)
endif

ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(ARCH) $(OMP)
EXAMPLES   = example_generate example_logits example_tokenize example_game_loop example_prefix_cache
HEADERS    = mamba2.h examples/example_common.h

# all: every example binary, optimised, in the repository root
all: $(EXAMPLES)

example_%: examples/example_%.c $(HEADERS)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

tests/run_tests: tests/test_main.c tests/harness.h mamba2.h
	$(CC) $(ALL_CFLAGS) -o $@ tests/test_main.c $(LDLIBS)

# test: build and run the whole suite (golden cases need ../shared or M2_SHARED_DIR; else skipped)
test: all tests/run_tests
	PYTHON=$(PYTHON) ./tests/run_tests

# debug: the suite built -O0 -g under AddressSanitizer and UndefinedBehaviorSanitizer
debug: tests/run_tests_debug
	PYTHON=$(PYTHON) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ./tests/run_tests_debug

tests/run_tests_debug: tests/test_main.c tests/harness.h mamba2.h
	$(CC) $(STD) $(WARN) -O0 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined $(OMP) -o $@ tests/test_main.c $(LDLIBS)

# compile-check: the header as C99 and C11 (gcc/clang), C++11/17, MAMBA2_STATIC, included twice
compile-check:
	./tests/compile_check.sh

# clean: remove everything the build made
clean:
	rm -f $(EXAMPLES) example_tokenize example_perplexity tests/run_tests tests/run_tests_debug

.PHONY: all test debug compile-check clean
