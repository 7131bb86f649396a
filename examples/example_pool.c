/* example_pool: the library's parallel loops on a small thread pool of the program's own, through
   m2_session_opts.parallel_for, instead of OpenMP.

     ./example_pool [MODEL] [--threads N (default 2)] [-n TOKENS (default 128)]

   What a good parallel_for does, and this pool shows:
   - the calling thread works too: a loop never waits for a thread to wake up before it starts;
   - tasks are claimed one at a time from a shared counter, so a thread the OS has descheduled
     (another program, the game's render thread) holds up at most the one task it is running;
     the others take the rest. Results do not depend on who runs a task;
   - the loop returns when every task is done, not when every thread has checked in: a worker
     that wakes after the last task was claimed finds nothing and goes back to waiting;
   - a waiting worker spins briefly (the next loop usually follows within microseconds), then
     sleeps on a condition variable, so an idle or descheduled pool does not take CPU from the
     threads doing the work.
   It prints generated tokens/s; compare with example_generate --threads N under load. */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "../mamba2.h"
#include "example_common.h"

#if defined(__wasi__) || (defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__))
/* WebAssembly without threads: nothing to pool (the browser page runs its session on one thread
   in a worker instead) */
int main(void) {
    fputs("example_pool: this target has no POSIX threads\n", stderr);
    return 1;
}
#else
#include <pthread.h>

#define USAGE "usage: example_pool [MODEL] [--threads N (1-64, default 2)] [-n TOKENS (default 128)]\n"
#define POOL_MAX 64
#define POOL_SPIN 2000 /* polls before a waiting worker sleeps: some microseconds */

#if defined(__x86_64__) || defined(__i386__)
#define POOL_RELAX() __builtin_ia32_pause()
#else
#define POOL_RELAX() ((void)0)
#endif

typedef struct pool {
    pthread_t th[POOL_MAX];
    int n_workers;            /* threads besides the caller */
    pthread_mutex_t mu;
    pthread_cond_t wake;      /* a new loop (or quit), for sleeping workers */
    pthread_cond_t finished;  /* the last task of a loop is done, for a sleeping caller */
    int sleeping, quit;       /* under mu */
    /* the current loop; ticket = loop number << 32 | next task to claim */
    void (*task)(void *, int);
    void *ctx;
    int n_tasks, done;
    uint64_t ticket;
} pool;

/* Claims and runs tasks of loop `gen` until none is left. The compare-exchange on the ticket fails
   once the caller has moved on to a later loop, so a late worker never runs a task of the wrong one. */
static void pool_run_tasks(pool *p, uint32_t gen) {
    for (;;) {
        uint64_t t = __atomic_load_n(&p->ticket, __ATOMIC_ACQUIRE);
        void (*task)(void *, int) = __atomic_load_n(&p->task, __ATOMIC_RELAXED);
        void *ctx = __atomic_load_n(&p->ctx, __ATOMIC_RELAXED);
        int n = __atomic_load_n(&p->n_tasks, __ATOMIC_RELAXED);
        if ((uint32_t)(t >> 32) != gen || (int)(uint32_t)t >= n) return;
        if (!__atomic_compare_exchange_n(&p->ticket, &t, t + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) continue;
        task(ctx, (int)(uint32_t)t);
        if (__atomic_add_fetch(&p->done, 1, __ATOMIC_ACQ_REL) == n) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_signal(&p->finished);
            pthread_mutex_unlock(&p->mu);
        }
    }
}

static void *pool_worker(void *arg) {
    pool *p = (pool *)arg;
    uint32_t seen = 0;
    for (;;) {
        int spin;
        uint32_t gen = seen;
        for (spin = 0; spin < POOL_SPIN && gen == seen; spin++) {
            gen = (uint32_t)(__atomic_load_n(&p->ticket, __ATOMIC_ACQUIRE) >> 32);
            if (gen == seen) POOL_RELAX();
        }
        if (gen == seen) { /* no loop came: sleep until one does (the caller wakes sleepers) */
            pthread_mutex_lock(&p->mu);
            p->sleeping++;
            while (!p->quit && (gen = (uint32_t)(__atomic_load_n(&p->ticket, __ATOMIC_ACQUIRE) >> 32)) == seen)
                pthread_cond_wait(&p->wake, &p->mu);
            p->sleeping--;
            if (p->quit) { pthread_mutex_unlock(&p->mu); return NULL; }
            pthread_mutex_unlock(&p->mu);
        }
        seen = gen;
        pool_run_tasks(p, gen);
    }
}

/* The m2_parallel_for_fn. One caller at a time (a session runs one loop at a time; give each
   thread that drives sessions its own pool). */
static void pool_parallel_for(void *pool_ctx, void (*task)(void *, int), void *task_ctx, int n_tasks) {
    pool *p = (pool *)pool_ctx;
    uint32_t gen = (uint32_t)(__atomic_load_n(&p->ticket, __ATOMIC_RELAXED) >> 32) + 1;
    int spin;
    __atomic_store_n(&p->task, task, __ATOMIC_RELAXED);
    __atomic_store_n(&p->ctx, task_ctx, __ATOMIC_RELAXED);
    __atomic_store_n(&p->n_tasks, n_tasks, __ATOMIC_RELAXED);
    __atomic_store_n(&p->done, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&p->ticket, (uint64_t)gen << 32, __ATOMIC_RELEASE); /* the loop opens */
    pthread_mutex_lock(&p->mu);
    if (p->sleeping) pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    pool_run_tasks(p, gen);
    for (spin = 0; spin < POOL_SPIN && __atomic_load_n(&p->done, __ATOMIC_ACQUIRE) < n_tasks; spin++) POOL_RELAX();
    pthread_mutex_lock(&p->mu);
    while (__atomic_load_n(&p->done, __ATOMIC_ACQUIRE) < n_tasks) pthread_cond_wait(&p->finished, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

/* threads: the pool's size, the caller included */
static int pool_start(pool *p, int threads) {
    memset(p, 0, sizeof *p);
    if (pthread_mutex_init(&p->mu, NULL) || pthread_cond_init(&p->wake, NULL) || pthread_cond_init(&p->finished, NULL)) return 0;
    for (; p->n_workers < threads - 1; p->n_workers++)
        if (pthread_create(&p->th[p->n_workers], NULL, pool_worker, p) != 0) break; /* fewer threads still work */
    return 1;
}

static void pool_stop(pool *p) {
    int k;
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
    for (k = 0; k < p->n_workers; k++) pthread_join(p->th[k], NULL);
    pthread_cond_destroy(&p->finished);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->mu);
}

int main(int argc, char **argv) {
    static pool p;
    const char *path = NULL, *a;
    char def[1024], err[256];
    long threads = 2, n = 128;
    ex_cli cli;
    m2_model *m = NULL;
    m2_session *s = NULL;
    m2_session_opts so;
    m2_sampler smp;
    int32_t id = 1;
    double t0;
    int k, rc = 1;
    ex_cli_init(&cli, argc, argv, USAGE);
    while ((a = ex_cli_next(&cli)) != NULL) {
        if (ex_opt_long(&cli, a, "--threads", &threads, 1, POOL_MAX) || ex_opt_long(&cli, a, "-n", &n, 1, 1L << 20)) continue;
        ex_positional(&cli, a, &path, (const char **)NULL);
    }
    if (cli.done) return cli.status;
    if (!path && !(path = ex_find_default_model(argv[0], def, sizeof def))) { fprintf(stderr, "example_pool: no model given and %s not found\n", EX_DEFAULT_MODEL); return 1; }
    if (m2_model_open(&m, path, NULL, err, sizeof err) != M2_OK) { fprintf(stderr, "example_pool: %s\n", err); return 1; }
    if (!pool_start(&p, (int)threads)) { fprintf(stderr, "example_pool: cannot start the pool\n"); m2_model_close(m); return 1; }
    memset(&so, 0, sizeof so);
    so.n_threads = p.n_workers + 1; /* the library cuts products into tasks for this many threads */
    so.parallel_for = pool_parallel_for;
    so.parallel_ctx = &p;
    if (m2_session_create(&s, m, &so) == M2_OK) {
        m2_sampler_init(&smp, NULL); /* greedy */
        t0 = ex_now();
        for (k = 0; k < n && m2_step(s, id) == M2_OK && m2_sample(s, &smp, &id) == M2_OK; k++) {}
        fprintf(stderr, "generation: %d tokens, %.1f tok/s, %d thread(s) in the pool\n", k, k / (ex_now() - t0), p.n_workers + 1);
        rc = k == n ? 0 : 1;
        m2_session_destroy(s);
    } else {
        fprintf(stderr, "example_pool: cannot create a session\n");
    }
    pool_stop(&p);
    m2_model_close(m);
    return rc;
}
#endif /* POSIX threads */
