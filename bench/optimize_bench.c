/* optimize_bench.c: time of `ntmplan optimize` on the 20-commune Hữu Lũng district
 * (scenarios/huu-lung/district-2024.ini, objective communes, its 1000 draws; target: under
 * 10 seconds). The command is run as users run it (the release binary ./ntmplan, a fresh
 * database in a temporary folder), so the figure includes reading the scenario, fitting
 * the baselines, valuing every option on common draws, GLPK, writing, re-running and
 * storing the new scenario and the re-check. Run from the repository root (bench/run.sh
 * does). Usage: optimize_bench [--draws N] [--repeat N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TARGET_SECONDS 10.0

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "optimize_bench: '%s' failed (%d)\n", cmd, rc);
    return rc;
}

int main(int argc, char **argv)
{
    long draws = 1000, repeat = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        char *end;
        long v = strtol(argv[i + 1], &end, 10);
        if (*end || v < 1) {
            fprintf(stderr, "optimize_bench: bad value '%s'\n", argv[i + 1]);
            return 2;
        }
        if (strcmp(argv[i], "--draws") == 0)
            draws = v;
        else if (strcmp(argv[i], "--repeat") == 0)
            repeat = v;
    }
    char root[4096];
    if (!getcwd(root, sizeof root))
        return 1;
    char dir[] = "/tmp/ntm-optbench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "cd %s && NTMPLAN_MODELS=%s/models %s/ntmplan init >/dev/null && "
             "%s/ntmplan import %s/scenarios/huu-lung/units.csv >/dev/null && "
             "%s/ntmplan import %s/scenarios/huu-lung/observations.csv >/dev/null 2>&1",
             dir, root, root, root, root, root, root);
    if (run(cmd) != 0)
        return 1;
    double best = 1e30, total = 0;
    for (long r = 0; r < repeat; r++) {
        snprintf(cmd, sizeof cmd,
                 "cd %s && NTMPLAN_MODELS=%s/models %s/ntmplan optimize --draws %ld "
                 "--objective communes --out opt.ini %s/scenarios/huu-lung/district-2024.ini "
                 "%s 2>/dev/null",
                 dir, root, root, draws, root, r == repeat - 1 ? "| tail -4" : ">/dev/null");
        double t0 = now();
        if (run(cmd) != 0)
            return 1;
        double t = now() - t0;
        total += t;
        if (t < best)
            best = t;
    }
    printf("district of 20 communes, 43 interventions, %ld draws: best %.2f s, mean %.2f s "
           "over %ld runs (target < %.0f s): %s\n",
           draws, best, total / (double)repeat, repeat, TARGET_SECONDS,
           best < TARGET_SECONDS ? "ok" : "TOO SLOW");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    run(cmd);
    return best < TARGET_SECONDS ? 0 : 1;
}
