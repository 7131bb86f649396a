/* The loader against hostile input: truncated files, bad magic, version and checksum, every header
   and directory word set to hostile values, token ids out of range, NaN weights, file errors.
   Included by test_main.c. */

TEST(load, truncated_at_every_metadata_offset) {
    synth_opts o = default_synth();
    size_t size, cut;
    unsigned char *file = synth_model(&o, &size);
    uint64_t data_off = m2__rd64(file + 56);
    int errors = 0, oks = 0;
    for (cut = 0; cut < size; cut += (cut < data_off + 64 ? 1 : 997)) {
        void *raw;
        void *mem = aligned_copy(file, cut ? cut : 1, &raw);
        m2_model *m = NULL;
        char err[256];
        m2_result r = m2_model_open_memory(&m, mem, cut, NULL, err, sizeof err);
        if (r == M2_OK) { oks++; m2_model_close(m); }
        else { errors++; if (!err[0]) FAIL_AT("no message for a file cut at %lu", (unsigned long)cut); }
        free(raw);
    }
    EXPECT_EQ(oks, 0);
    EXPECT_TRUE(errors > 100);
    free(file);
}

TEST(load, bad_magic_version_and_checksum) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw;
    unsigned char *mem = (unsigned char *)aligned_copy(file, size, &raw);
    m2_model *m = NULL;
    char err[256];
    mem[0] = 'X';
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_TRUE(strstr(err, "magic") != NULL);
    mem[0] = 'M';
    m2__wr32(mem + 8, 3); /* a version from the future */
    refresh_crc(mem, size);
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_ERR_VERSION);
    EXPECT_TRUE(strstr(err, "version") != NULL);
    m2__wr32(mem + 8, 1);
    refresh_crc(mem, size);
    mem[200] ^= 0x40; /* a flipped bit in the directory, checksum not updated */
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_TRUE(strstr(err, "checksum") != NULL);
    mem[200] ^= 0x40;
    EXPECT_EQ(m2_model_open_memory(&m, mem + 1, size - 1, NULL, err, sizeof err), M2_ERR_INVALID_ARGUMENT); /* misaligned */
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_OK);
    m2_model_close(m);
    free(raw);
    free(file);
}

/* Every 32-bit word of the header and directory, set to hostile values with the checksum made
   valid again, so the structural checks (not the checksum) must catch it: an error, or a model
   that works. Under `make debug` this also proves there is no out-of-bounds access. */
TEST(load, hostile_header_and_directory_fields) {
    synth_opts o = default_synth();
    size_t size, off;
    unsigned char *file;
    uint64_t data_off;
    static const uint32_t values[] = {0u, 1u, 2u, 3u, 63u, 64u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0xFFFFFFC0u, 1000000u};
    int rejected = 0, accepted = 0;
    o.L = 1;
    file = synth_model(&o, &size);
    data_off = m2__rd64(file + 56);
    for (off = 8; off + 4 <= data_off; off += 4) {
        size_t k;
        if (off == 140) continue; /* the checksum itself */
        for (k = 0; k < sizeof values / sizeof values[0] + 2; k++) {
            uint32_t v = k < sizeof values / sizeof values[0] ? values[k] : m2__rd32(file + off) + (k == sizeof values / sizeof values[0] ? 1u : (uint32_t)-1);
            if (accepts_word(file, size, off, v)) accepted++;
            else rejected++;
        }
    }
    EXPECT_TRUE(rejected > 0);
    printf("  %d hostile variants rejected, %d accepted (harmless: e.g. chunk_size, eps, reserved dims)\n", rejected, accepted);
    free(file);
}

TEST(load, token_ids_out_of_range) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    int32_t bad[3] = {1, 96, 2}, neg = -1;
    ASSERT_TRUE(m != NULL);
    s = new_session(m, 0, 0);
    EXPECT_EQ(m2_prefill(s, bad, 3, NULL), M2_ERR_TOKEN_RANGE);
    EXPECT_EQ(m2_session_position(s), 0); /* nothing consumed */
    EXPECT_TRUE(strstr(m2_session_error(s), "96") != NULL);
    EXPECT_EQ(m2_step(s, neg), M2_ERR_TOKEN_RANGE);
    EXPECT_EQ(m2_step(s, 95), M2_OK); /* a padding row is a valid input id */
    EXPECT_EQ(m2_prefill(s, NULL, 0, NULL), M2_OK);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
}

TEST(load, nan_weights_reported) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw;
    unsigned char *mem;
    m2_model *m = NULL;
    m2_session *s;
    char err[256];
    uint32_t nan_bits = 0x7FC00000u;
    mem = (unsigned char *)aligned_copy(file, size, &raw);
    /* poison the first embedding row (the first tensor's data) */
    m2__wr32(mem + m2__rd64(mem + 56), nan_bits);
    ASSERT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_OK);
    s = new_session(m, 0, 0);
    EXPECT_EQ(m2_step(s, 0), M2_ERR_NUMERIC);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
    free(file);
}

TEST(load, file_errors) {
    m2_model *m = NULL;
    char err[256], path[512];
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    EXPECT_EQ(m2_model_open(&m, "/nonexistent/model.bin", NULL, err, sizeof err), M2_ERR_IO);
    EXPECT_TRUE(strstr(err, "/nonexistent/model.bin") != NULL);
    EXPECT_EQ(m2_model_open(&m, tmp_dir, NULL, err, sizeof err) != M2_OK, 1); /* a directory */
    snprintf(path, sizeof path, "%s/synth.bin", tmp_dir);
    ASSERT_TRUE(write_file(path, file, size));
    EXPECT_EQ(m2_model_open(&m, path, NULL, err, sizeof err), M2_OK);
    m2_model_close(m);
    {   /* the read-into-memory path too */
        m2_model_opts mo;
        memset(&mo, 0, sizeof mo);
        mo.no_mmap = 1;
        EXPECT_EQ(m2_model_open(&m, path, &mo, err, sizeof err), M2_OK);
        m2_model_close(m);
    }
    ASSERT_TRUE(write_file(path, file, size / 2));
    EXPECT_EQ(m2_model_open(&m, path, NULL, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_TRUE(m == NULL || 1);
    free(file);
}
