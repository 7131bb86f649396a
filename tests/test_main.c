/* The mamba2.h test runner: `make test` builds and runs it. Tests that need the golden data in
   ../shared (or $M2_SHARED_DIR) skip, counted as skipped, when it is absent.

   Each suite is a header, tests/test_SUITE.h, included below after test_common.h (the helpers and
   fixtures they share); this file holds the table that fixes the order the tests run in, and
   main(). A new test goes into its suite's header and into the table.

   Cross targets (tests/cross/run.sh): the converter tests run python3 through system(), which
   WASI lacks and Windows cannot run (the commands are POSIX shell). `--no-external` (or
   M2_TEST_NO_EXTERNAL=1; always on under WASI and Windows) runs no command and skips what needs
   one; `run_tests --prepare DIR`, on a machine with python3, converts the models those tests use
   into DIR, and M2_TEST_MODELS=DIR makes any build use them instead of converting.
   M2_TEST_TMPDIR=DIR: use DIR (existing, kept) as the scratch directory instead of a new one. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "harness.h"
#include "../tools/random_model.h"
#include "json_mini.h"
#include <stdint.h>
#include <unistd.h>
#include <sys/stat.h>
#ifdef _WIN32
#include <direct.h> /* _mkdir */
#include <io.h>     /* _mktemp */
#endif

#include "test_common.h"
#include "test_golden.h"
#include "test_convert.h"
#include "test_ssd.h"
#include "test_session.h"
#include "test_sample.h"
#include "test_kernels.h"
#include "test_quant.h"
#include "test_load.h"
#include "test_tokenizer.h"
#include "test_tokenizer_v2.h"
#include "test_shipped.h"
#include "test_hybrid.h"
#include "test_api.h"
#include "test_chat.h"
#include "test_gguf.h"

/* ------------------------------------------------------------------ runner */

static const harness_test all_tests[] = {
    TEST_ENTRY(golden, tiny_mamba_ssm),
    TEST_ENTRY(golden, tiny_hf),
    TEST_ENTRY(golden, groups_mamba_ssm),
    TEST_ENTRY(golden, groups_hf),
    TEST_ENTRY(golden, groups_hf_bf16),
    TEST_ENTRY(golden, granite_hybrid_hf),
    TEST_ENTRY(golden, granite_hybrid_hf_bf16),
    TEST_ENTRY(golden, nemotron_h_hf),
    TEST_ENTRY(golden, falcon_h1_hf),
    TEST_ENTRY(golden, mamba1_mamba_ssm),
    TEST_ENTRY(golden, mamba1_hf),
    TEST_ENTRY(golden, falcon_mamba_hf),
    TEST_ENTRY(hybrid, prefill_step_threads_resume),
    TEST_ENTRY(hybrid, snapshot_fork_batch_sliced),
    TEST_ENTRY(hybrid, context_limit_and_memory),
    TEST_ENTRY(hybrid, unused_part_sizes_read_as_zero),
    TEST_ENTRY(hybrid, synthetic_every_layer_kind),
    TEST_ENTRY(hybrid, long_context_segments),
    TEST_ENTRY(hybrid, kv_cache_unwritten_never_read),
    TEST_ENTRY(hybrid, hostile_v2_header_and_layer_kinds),
    TEST_ENTRY(golden, every_isa_level),
    TEST_ENTRY(session, isa_option),
    TEST_ENTRY(golden, dtype_fidelity_tiny),
    TEST_ENTRY(golden, dtype_fidelity_groups),
    TEST_ENTRY(golden, dtype_fidelity_hybrids),
    TEST_ENTRY(convert, layouts_agree_tiny),
    TEST_ENTRY(convert, layouts_agree_groups),
    TEST_ENTRY(convert, python_suite),
    TEST_ENTRY(hybrid, variants_match_reference),
    TEST_ENTRY(convert, gguf_suite),
    TEST_ENTRY(gguf, golden_granite_h),
    TEST_ENTRY(gguf, golden_nemotron_h),
    TEST_ENTRY(gguf, golden_falcon_h1),
    TEST_ENTRY(gguf, golden_mamba1),
    TEST_ENTRY(gguf, golden_falcon_mamba),
    TEST_ENTRY(gguf, quant_f32),
    TEST_ENTRY(gguf, quant_q4_0_dequantized),
    TEST_ENTRY(gguf, quant_q5_1_dequantized),
    TEST_ENTRY(gguf, quant_q4_k_m_dequantized),
    TEST_ENTRY(gguf, quant_q6_k_dequantized),
    TEST_ENTRY(gguf, quant_q8_0_kept),
    TEST_ENTRY(gguf, quant_q4_0_kept),
    TEST_ENTRY(gguf, quant_q4_1_kept),
    TEST_ENTRY(gguf, quant_q5_0_kept),
    TEST_ENTRY(gguf, quant_q5_1_kept),
    TEST_ENTRY(gguf, quant_q4_k_m_kept),
    TEST_ENTRY(gguf, quant_q4_k_s_kept),
    TEST_ENTRY(gguf, quant_q5_k_m_kept),
    TEST_ENTRY(gguf, quant_q6_k_kept),
    TEST_ENTRY(ssd, chunked_equals_step_synthetic),
    TEST_ENTRY(ssd, chunked_equals_step_golden),
    TEST_ENTRY(ssd, norm_before_gate_and_tied),
    TEST_ENTRY(ssd, resumable_prefill),
    TEST_ENTRY(ssd, prefill_logits_every_position),
    TEST_ENTRY(ssd, threads_bitwise_identical),
    TEST_ENTRY(session, save_restore_identical_continuation),
    TEST_ENTRY(session, no_allocation_after_create),
    TEST_ENTRY(session, sliced_step_identical_and_cancellable),
    TEST_ENTRY(session, batched_step_matches_single_steps),
    TEST_ENTRY(session, fork_and_f16_snapshots),
    TEST_ENTRY(quant, hand_built_blocks_dequantize_as_ggml),
    TEST_ENTRY(quant, quantizer_round_trips),
    TEST_ENTRY(quant, block_type_models_match_dequantized_f32),
    TEST_ENTRY(quant, loader_checks_block_types),
    TEST_ENTRY(session, memory_query_and_log_callback),
    TEST_ENTRY(sample, logit_bias_and_bans),
    TEST_ENTRY(sample, stop_sequences_across_pieces),
    TEST_ENTRY(sample, greedy_never_picks_padding_and_is_reproducible),
    TEST_ENTRY(sample, repetition_penalty_and_min_p),
    TEST_ENTRY(sample, nucleus_matches_definition),
#define KC_ENTRIES(sfx, level) \
    {"kernels.simd_matches_reference." level, kc_simd_matches_reference##sfx}, \
    {"kernels.pack8_matches_reference." level, kc_pack8_matches_reference##sfx}, \
    {"kernels.ssd_step_matches_reference." level, kc_ssd_step_matches_reference##sfx}, \
    {"kernels.bf16_activation_gemm_matches_reference." level, kc_bf16_activation_gemm_matches_reference##sfx}, \
    {"kernels.gemm_nn_matches_reference." level, kc_gemm_nn_matches_reference##sfx}, \
    {"kernels.silu_matches_scalar." level, kc_silu_matches_scalar##sfx}, \
    {"kernels.q8_activation_dot_matches_reference." level, kc_q8_activation_dot_matches_reference##sfx}, \
    {"kernels.block_types_match_reference." level, kc_block_types_match_reference##sfx}, \
    {"kernels.attention_matches_reference." level, kc_attention_matches_reference##sfx},
#if KC_LEVEL(M2__ISA_SCALAR)
    KC_ENTRIES(_scalar, "scalar")
#endif
#if KC_LEVEL(M2__ISA_AVX2)
    KC_ENTRIES(_avx2, "avx2")
#endif
#if KC_LEVEL(M2__ISA_AVX512)
    KC_ENTRIES(_avx512, "avx512")
#endif
#if KC_LEVEL(M2__ISA_AVX512_VNNI)
    KC_ENTRIES(_avx512vnni, "avx512vnni")
#endif
#if KC_LEVEL(M2__ISA_AVX512_BF16)
    KC_ENTRIES(_avx512bf16, "avx512bf16")
#endif
#if KC_LEVEL(M2__ISA_NEON)
    KC_ENTRIES(_neon, "neon")
#endif
#if KC_LEVEL(M2__ISA_WASM_SIMD128)
    KC_ENTRIES(_wasm, "wasm-simd128")
#endif
    TEST_ENTRY(kernels, half_conversions),
    TEST_ENTRY(kernels, reduced_precision_models_run),
    TEST_ENTRY(load, truncated_at_every_metadata_offset),
    TEST_ENTRY(load, bad_magic_version_and_checksum),
    TEST_ENTRY(load, hostile_header_and_directory_fields),
    TEST_ENTRY(load, token_ids_out_of_range),
    TEST_ENTRY(load, nan_weights_reported),
    TEST_ENTRY(load, file_errors),
    TEST_ENTRY(tokenizer, golden_cases),
    TEST_ENTRY(tokenizer, reference_cases),
    TEST_ENTRY(tokenizer, round_trip_random_unicode),
    TEST_ENTRY(tokenizer, invalid_utf8_special_tokens_and_errors),
    TEST_ENTRY(tokenizer, one_megabyte_book),
    TEST_ENTRY(tokenizer, hf_golden_llama2),
    TEST_ENTRY(tokenizer, hf_golden_llama3),
    TEST_ENTRY(tokenizer, chat_template_and_named_tokens),
    TEST_ENTRY(tokenizer, pipeline_constructs),
    TEST_ENTRY(tokenizer, regex_nullable_refused),
    TEST_ENTRY(tokenizer, regex_linear_time),
    TEST_ENTRY(tokenizer, fast_paths_match_plain),
    TEST_ENTRY(tokenizer, regex_start_table_matches_closure),
    TEST_ENTRY(tokenizer, neox_cases_through_version_2),
    TEST_ENTRY(shipped, greedy_matches_pytorch),
    TEST_ENTRY(shipped, tokenizer_round_trips_held_out_text),
    TEST_ENTRY(api, result_strings_from_one_list),
    TEST_ENTRY(api, destroy_and_close_accept_null),
    TEST_ENTRY(api, tokenize_size_queries_and_max_ids),
#ifndef MAMBA2_NO_STDIO
    TEST_ENTRY(api, memory_query_file_matches_memory_query),
#endif
    TEST_ENTRY(api, step_cancel_without_cancellable_steps),
    TEST_ENTRY(api, parallel_for_hook_rule),
    TEST_ENTRY(api, split_policy_counts_seconds),
    TEST_ENTRY(api, isa_table_names_and_cpuid_levels),
    TEST_ENTRY(session, batched_step_bitwise_equal_to_single_steps),
    TEST_ENTRY(sample, penalties_match_definition),
    TEST_ENTRY(sample, bias_and_bans_match_definition),
    TEST_ENTRY(sample, softmax_matches_definition),
    TEST_ENTRY(sample, top_k_matches_definition),
    TEST_ENTRY(sample, top_p_matches_definition),
    TEST_ENTRY(sample, min_p_matches_definition),
    TEST_ENTRY(sample, draw_matches_definition),
    TEST_ENTRY(chat, constructs_render_as_jinja),
    TEST_ENTRY(chat, golden_llama3_cases),
    TEST_ENTRY(chat, raise_and_runtime_errors),
    TEST_ENTRY(chat, hostile_templates_and_json),
    TEST_ENTRY(chat, example_render_contract),
    TEST_ENTRY(chat, python_checker_agrees),
};

/* --prepare DIR: converts every model the converter tests use into DIR, for M2_TEST_MODELS */
static int prepare_models(const char *dir) {
    static const struct { int c; const char *layout; } want[] = {
        {CASE_TINY, "mamba_ssm"}, {CASE_TINY, "hf"}, {CASE_GROUPS, "mamba_ssm"}, {CASE_GROUPS, "hf"}, {CASE_GROUPS, "hf_bf16"},
        {CASE_GRANITE, "hf"}, {CASE_GRANITE, "hf_bf16"}, {CASE_NEMOTRON, "hf"}, {CASE_FALCON_H1, "hf"}, {CASE_MAMBA1, "mamba_ssm"},
        {CASE_MAMBA1, "hf"}, {CASE_FALCON_MAMBA, "hf"}};
    int i, bad = 0;
    if (!shared_dir()) { fprintf(stderr, "--prepare: golden data not found (../shared or $M2_SHARED_DIR)\n"); return 1; }
    snprintf(tmp_dir, sizeof tmp_dir, "%s", dir);
    for (i = 0; i < (int)(sizeof want / sizeof want[0]); i++)
        if (!golden_model(want[i].c, want[i].layout)) { fprintf(stderr, "--prepare: %s/%s failed\n", case_names[want[i].c], want[i].layout); bad++; }
    for (i = 0; i < N_CASES * N_DTYPES; i++) {
        if (!golden_model_dtype(i / N_DTYPES, i % N_DTYPES)) { fprintf(stderr, "--prepare: %s/hf --dtype %s failed\n", case_names[i / N_DTYPES], dtype_names[i % N_DTYPES]); bad++; }
    }
    if (!neox_model()) { fprintf(stderr, "--prepare: neox failed\n"); bad++; }
    printf("prepared %d models in %s%s\n", (int)(sizeof want / sizeof want[0]) + N_CASES * N_DTYPES + 1 - bad, dir, bad ? " (some failed)" : "");
    return bad ? 1 : 0;
}

static int make_tmp_dir(void) {
#ifdef _WIN32
    const char *base = getenv("TEMP");
    snprintf(tmp_dir, sizeof tmp_dir, "%s\\mamba2-test-XXXXXX", base && *base ? base : ".");
    return _mktemp(tmp_dir) != NULL && _mkdir(tmp_dir) == 0;
#elif defined(__wasi__)
    return 0; /* no mkdtemp in wasi-libc: pass M2_TEST_TMPDIR */
#else
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/mamba2-test-XXXXXX");
    return mkdtemp(tmp_dir) != NULL;
#endif
}

int main(int argc, char **argv) {
    int rc, i, own_tmp = 1;
    char cmd[300];
    const char *env, *prepare = NULL;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--no-external")) no_external = 1;
        else if (!strcmp(argv[i], "--prepare") && i + 1 < argc) prepare = argv[++i];
    }
    env = getenv("M2_TEST_NO_EXTERNAL");
    if (env && *env && strcmp(env, "0") != 0) no_external = 1;
    if (prepare) return no_external ? 1 : prepare_models(prepare);
    env = getenv("M2_TEST_MODELS");
    if (env && *env) snprintf(models_dir, sizeof models_dir, "%s", env);
    env = getenv("M2_TEST_TMPDIR");
    if (env && *env) { snprintf(tmp_dir, sizeof tmp_dir, "%s", env); own_tmp = 0; }
    else if (!make_tmp_dir()) { fprintf(stderr, "cannot make a temporary directory (set M2_TEST_TMPDIR)\n"); return 1; }
#ifdef M2__OPENMP
    env = "on";
#else
    env = "off";
#endif
    {
        int isa;
        printf("note: kernels %s (levels this build and CPU run:", m2_isa_name(M2_ISA_AUTO));
        for (isa = M2_ISA_SCALAR; isa <= M2_ISA_WASM_SIMD128; isa++) if (m2_isa_available(isa)) printf(" %s", m2_isa_name(isa));
        printf("), OpenMP %s, %d-bit pointers\n", env, (int)(sizeof(void *) * 8));
    }
    if (!shared_dir()) printf("note: golden data not found (../shared or $M2_SHARED_DIR): golden tests will be skipped\n");
    if (no_external) printf("note: external commands are off: tests that need python3 use M2_TEST_MODELS or skip\n");
    rc = harness_run(all_tests, (int)(sizeof all_tests / sizeof all_tests[0]), argc, argv);
    if (convert_suite_summary[0]) printf("converter suite (tests/test_convert.py, run by convert.python_suite): %s\n", convert_suite_summary);
    if (gguf_suite_summary[0]) printf("GGUF suite (tests/test_gguf.py, run by convert.gguf_suite): %s\n", gguf_suite_summary);
    if (own_tmp) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
        if (run_command(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", tmp_dir);
    }
    return rc;
}
