/* A program that uses the library only through the shared build (mamba2.dll / libmamba2.so):
   compiled with MAMBA2_SHARED and no implementation, so every m2_ call crosses the library
   boundary. Checks the version and the struct sizes against this compiler's view of the header,
   then runs a model greedily and prints the generated ids (the caller compares them with a
   static build's).
     dll_user MODEL [N]   */
#define MAMBA2_SHARED
#include "../../mamba2.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    char want[32], err[256];
    m2_model *model = NULL;
    m2_session *s = NULL;
    m2_sampler smp;
    int32_t prompt[3] = {0, 1, 2}, id;
    int i, n = argc > 2 ? atoi(argv[2]) : 8;
    snprintf(want, sizeof want, "%d.%d.%d", MAMBA2_VERSION_MAJOR, MAMBA2_VERSION_MINOR, MAMBA2_VERSION_PATCH);
    if (strcmp(m2_version(), want) != 0) { fprintf(stderr, "version %s, header %s\n", m2_version(), want); return 1; }
    if (m2_struct_size(M2_STRUCT_SESSION_OPTS) != sizeof(m2_session_opts) || m2_struct_size(M2_STRUCT_CONFIG) != sizeof(m2_config) ||
        m2_struct_size(M2_STRUCT_SAMPLER) != sizeof(m2_sampler) || m2_struct_size(0) != 0) { fprintf(stderr, "struct sizes differ\n"); return 1; }
    if (argc < 2) { fprintf(stderr, "usage: dll_user MODEL [N]\n"); return 2; }
    if (m2_model_open(&model, argv[1], NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "error: %s\n", err); return 1; }
    if (m2_session_create(&s, model, NULL) != M2_OK || m2_prefill(s, prompt, 3, NULL) != M2_OK) { fprintf(stderr, "error: session\n"); return 1; }
    m2_sampler_init(&smp, NULL);
    for (i = 0; i < n; i++) {
        if (m2_sample(s, &smp, &id) != M2_OK || m2_step(s, id) != M2_OK) { fprintf(stderr, "error: %s\n", m2_session_error(s)); return 1; }
        printf("%s%ld", i ? " " : "", (long)id);
    }
    printf("\n");
    fprintf(stderr, "dll_user: %s, kernels %s\n", m2_version(), m2_isa_name(m2_session_options(s)->isa));
    m2_session_destroy(s);
    m2_model_close(model);
    return 0;
}
