/* The floor: the same workloads (bench/workloads.md) as plain C loops, over
 * preallocated mpfr_t at 256 bits (W1, W3b, W5) or doubles (W2a, W2b, W3a),
 * doing exactly the operations of snae's reference step (trainer.hpp) in the
 * same order, with nothing else: no allocation, no abstraction. Compiled with
 * -O2 -ffp-contract=off (as snae) so double rounds alike.
 * Usage: floor WORKLOAD ITERATE_FILE; prints {"workload","seconds","max_rss_kb"}. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h> /* before mpfr.h: declares mpfr_out_str */
#include <math.h>
#include <mpfr.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double start_value(size_t j, size_t d)
{
    const int k = (int)lround(log2(577.0 * sqrt((double)d)));
    return ldexp((double)((long)((7919 * j + 11) % 2001) - 1000), -k);
}

static void report(const char* name, double seconds)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("{\"workload\": \"%s\", \"seconds\": %.6f, \"max_rss_kb\": %ld}\n", name, seconds, ru.ru_maxrss);
}

static int run_double(const char* name, size_t n, size_t steps, int sgd, const char* out)
{
    const size_t d = n, m = sgd ? 1 : n;
    double* w = malloc(d * sizeof *w);
    char* act = malloc(m);
    size_t* batch = malloc(m * sizeof *batch);
    unsigned char* mark = calloc(d, 1);
    for (size_t j = 0; j < d; ++j) w[j] = start_value(j, d);
    for (size_t i = 0; i < m; ++i) batch[i] = i;
    const double eta = sgd ? 0.4 : (double)n / 4.0;
    double N = 0;
    for (size_t j = 0; j < d; ++j) N += w[j] * w[j];
    const double t0 = now();
    for (size_t t = 0; t < steps; ++t) {
        if (sgd) batch[0] = (7919 * t + 13) % n;
        double S = 0;
        size_t active = 0;
        for (size_t k = 0; k < m; ++k) {
            const double ck = w[batch[k]]; /* read in place, as snae */
            act[k] = ck > 0;                 /* no branch on the sign, as snae */
            { /* the square masked to +0 when inactive: no branch, as snae */
                double sq = ck * ck;
                uint64_t u;
                memcpy(&u, &sq, sizeof u);
                u &= (uint64_t)0 - (uint64_t)act[k];
                memcpy(&sq, &u, sizeof u);
                S += sq;
            }
            active += act[k];
        }
        if (!active) continue;
        const double h = eta / (double)m;
        const double f = 1.0 - h * S;
        const double fa = 1.0 - ((N + S) - 2.0) * h;
        /* One pass, as snae: the factor by index, N in the same loop. */
        const double factor[2] = {f, fa};
        for (size_t k = 0; k < m; ++k) mark[batch[k]] = act[k];
        N = 0;
        for (size_t j = 0; j < d; ++j) {
            w[j] *= factor[mark[j]];
            N += w[j] * w[j];
        }
        for (size_t k = 0; k < m; ++k) mark[batch[k]] = 0;
    }
    const double seconds = now() - t0;
    FILE* f = fopen(out, "w");
    for (size_t j = 0; j < d; ++j) fprintf(f, "%.17g\n", w[j]);
    fclose(f);
    report(name, seconds);
    return 0;
}

static int run_mpfr(const char* name, size_t n, size_t steps, int sgd, int dense, const char* out)
{
    const mpfr_prec_t p = 256;
    const size_t d = n, m = sgd ? 1 : n;
    mpfr_t *w = malloc(d * sizeof *w), *c = malloc(m * sizeof *c), *x = NULL;
    char* act = malloc(m);
    size_t* batch = malloc(m * sizeof *batch);
    unsigned char* mark = calloc(d, 1);
    mpfr_t N, S, h, f, fa, g, tt, sq, eta;
    mpfr_inits2(p, N, S, h, f, fa, g, tt, sq, eta, (mpfr_ptr)0);
    for (size_t j = 0; j < d; ++j) {
        mpfr_init2(w[j], p);
        mpfr_set_d(w[j], start_value(j, d), MPFR_RNDN);
    }
    for (size_t k = 0; k < m; ++k) mpfr_init2(c[k], p);
    for (size_t i = 0; i < m; ++i) batch[i] = i;
    if (dense) {
        x = malloc(d * d * sizeof *x);
        for (size_t i = 0; i < d; ++i)
            for (size_t j = 0; j < d; ++j) {
                mpfr_init2(x[i * d + j], p);
                mpfr_set_si_2exp(x[i * d + j], __builtin_popcountll(i & j) % 2 ? -1 : 1, -4, MPFR_RNDN);
            }
    }
    if (sgd) mpfr_set_str(eta, "0.4", 10, MPFR_RNDN);
    else {
        mpfr_set_ui(eta, (unsigned long)n, MPFR_RNDN);
        mpfr_div_ui(eta, eta, 4, MPFR_RNDN);
    }
    mpfr_set_zero(N, 1);
    for (size_t j = 0; j < d; ++j) {
        mpfr_sqr(sq, w[j], MPFR_RNDN);
        mpfr_add(N, N, sq, MPFR_RNDN);
    }
    const double t0 = now();
    for (size_t t = 0; t < steps; ++t) {
        if (sgd) batch[0] = (7919 * t + 13) % n;
        mpfr_set_zero(S, 1);
        size_t active = 0;
        for (size_t k = 0; k < m; ++k) {
            if (dense) {
                mpfr_set_zero(c[k], 1);
                const mpfr_t* row = x + batch[k] * d;
                for (size_t j = 0; j < d; ++j) {
                    mpfr_mul(sq, row[j], w[j], MPFR_RNDN);
                    mpfr_add(c[k], c[k], sq, MPFR_RNDN);
                }
            }
            /* canonical: c_k is w_{i_k}, read in place (as snae) */
            mpfr_srcptr ck = dense ? c[k] : w[batch[k]];
            act[k] = mpfr_sgn(ck) > 0;
            if (act[k]) {
                mpfr_sqr(sq, ck, MPFR_RNDN);
                mpfr_add(S, S, sq, MPFR_RNDN);
                ++active;
            }
        }
        if (!active) continue;
        mpfr_div_ui(h, eta, (unsigned long)m, MPFR_RNDN);
        mpfr_mul(f, h, S, MPFR_RNDN);
        mpfr_ui_sub(f, 1, f, MPFR_RNDN);
        if (!dense) {
            mpfr_add(tt, N, S, MPFR_RNDN);
            mpfr_sub_ui(tt, tt, 2, MPFR_RNDN);
            mpfr_mul(tt, tt, h, MPFR_RNDN);
            mpfr_ui_sub(fa, 1, tt, MPFR_RNDN);
            /* One pass, as snae: w_j *= (active ? fa : f), N summed in it. */
            mpfr_ptr factor[2] = {f, fa};
            for (size_t k = 0; k < m; ++k)
                if (act[k]) mark[batch[k]] = 1;
            mpfr_set_zero(N, 1);
            for (size_t j = 0; j < d; ++j) {
                mpfr_mul(w[j], w[j], factor[mark[j]], MPFR_RNDN);
                mpfr_sqr(sq, w[j], MPFR_RNDN);
                mpfr_add(N, N, sq, MPFR_RNDN);
            }
            for (size_t k = 0; k < m; ++k) mark[batch[k]] = 0;
            continue;
        } else {
            mpfr_ui_sub(g, 2, N, MPFR_RNDN);
            mpfr_mul(g, g, h, MPFR_RNDN);
            for (size_t j = 0; j < d; ++j) mpfr_mul(w[j], w[j], f, MPFR_RNDN);
            for (size_t k = 0; k < m; ++k) {
                if (!act[k]) continue;
                mpfr_mul(tt, g, c[k], MPFR_RNDN);
                const mpfr_t* row = x + batch[k] * d;
                for (size_t j = 0; j < d; ++j) {
                    mpfr_mul(sq, row[j], tt, MPFR_RNDN);
                    mpfr_add(w[j], w[j], sq, MPFR_RNDN);
                }
            }
        }
        mpfr_set_zero(N, 1);
        for (size_t j = 0; j < d; ++j) {
            mpfr_sqr(sq, w[j], MPFR_RNDN);
            mpfr_add(N, N, sq, MPFR_RNDN);
        }
    }
    const double seconds = now() - t0;
    FILE* fo = fopen(out, "w");
    for (size_t j = 0; j < d; ++j) {
        mpfr_out_str(fo, 10, 0, w[j], MPFR_RNDN);
        fputc('\n', fo);
    }
    fclose(fo);
    report(name, seconds);
    return 0;
}

int main(int argc, char** argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: floor W1|W2a|W2b|W3a|W3b|W5 ITERATE_FILE\n");
        return 2;
    }
    const char* w = argv[1];
    if (!strcmp(w, "W1")) return run_mpfr(w, 1000, 1000, 0, 0, argv[2]);
    if (!strcmp(w, "W2a")) return run_double(w, 1000, 10000, 0, argv[2]);
    if (!strcmp(w, "W2b")) return run_double(w, 1000000, 100, 0, argv[2]);
    if (!strcmp(w, "W3a")) return run_double(w, 1000, 100000, 1, argv[2]);
    if (!strcmp(w, "W3b")) return run_mpfr(w, 1000, 5000, 1, 0, argv[2]);
    if (!strcmp(w, "W5")) return run_mpfr(w, 256, 100, 0, 1, argv[2]);
    fprintf(stderr, "floor: unknown workload '%s'\n", w);
    return 2;
}
