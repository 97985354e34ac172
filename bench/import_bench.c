/* import_bench.c: the cost of a national import and of reading a large scenario.
 *
 * In a temporary folder it writes a units file of one province and 2.611 communes (the
 * country's count; names generated, criteria set thanh-hoa-2022, group BTB), then an
 * observations file of 200.000 rows for them (12 indicators, rates with numerator and
 * denominator so that the denominator check runs), and times `ntmplan import` of each
 * through the binary as a planner runs it (best of --repeat runs, default 1). Then a
 * scenario of 5.000 units and 10.000 interventions (efforts, two per unit) is read with
 * ntm_scenario_read and models/defaults.ini, best of --repeat. Targets: import in a few
 * seconds, scenario read under 2 s.
 *
 * Usage: import_bench [--repeat N] [--keep] (run from the repository root, as make bench
 * does; --keep leaves the folder and prints its name). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/diag.h"
#include "io/scenario_ini.h"
#include "model/scenario.h"

#define COMMUNES 2611
#define OBS_ROWS 200000L
#define SC_UNITS 5000
#define SC_IV 10000

static const char *const codes[] = {"5",    "6.2",  "11.1", "11.1a", "11.1b", "12.2",
                                    "13.3", "15.1", "15.4", "17.1",  "17.7",  "19.2"};
#define N_CODES (sizeof codes / sizeof codes[0])

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void commune_name(char *buf, size_t size, long i)
{
    snprintf(buf, size, "Xã Thử Nghiệm %04ld", i + 1);
}

static int write_units(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "name;level;parent;class;flags;set;households;population;note\n");
    fprintf(f, "Tỉnh Thử;province;;BTB;;;;;\n");
    char name[64];
    for (long i = 0; i < COMMUNES; i++) {
        commune_name(name, sizeof name, i);
        fprintf(f, "%s;commune;Tỉnh Thử;BTB;;thanh-hoa-2022;%ld;%ld;\n", name, 1500 + i % 700,
                6000 + i % 2800);
    }
    return fclose(f);
}

/* 200.000 rows: commune c, indicator k, year 2000 + y, cycling until the count. */
static int write_observations(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "unit;indicator;date;value;numerator;denominator;status;source;note\n");
    char name[64];
    long rows = 0;
    for (int y = 0; rows < OBS_ROWS; y++)
        for (long c = 0; c < COMMUNES && rows < OBS_ROWS; c++)
            for (size_t k = 0; k < N_CODES && rows < OBS_ROWS; k++, rows++) {
                commune_name(name, sizeof name, c);
                long den = 1700 + (long)((c + k) % 200), num = (den * (long)(10 + y)) / 100;
                if (strcmp(codes[k], "5") == 0 || strcmp(codes[k], "17.1") == 0)
                    fprintf(f, "%s;%s;%d;;;;đạt;Báo cáo thử %d;\n", name, codes[k], 2000 + y,
                            2000 + y);
                else
                    fprintf(f, "%s;%s;%d;%ld,%02ld;%ld;%ld;;Báo cáo thử %d;ghi chú\n", name,
                            codes[k], 2000 + y, num * 100 / den, (num * 10000 / den) % 100, num,
                            den, 2000 + y);
            }
    return fclose(f);
}

static int write_scenario(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "[scenario]\nname = Tỉnh thử\nunits = ");
    char name[64];
    for (long i = 0; i < SC_UNITS; i++) {
        commune_name(name, sizeof name, i);
        fprintf(f, "%s%s", i == 0 ? "" : i % 20 ? ", " : ",\n  ", name); /* continued lines */
    }
    fprintf(f, "\nstart_year = 2024\nhorizon = 2027\ndeadline = 2026\ndraws = 1000\nseed = 1\n\n");
    for (long i = 0; i < SC_IV; i++) {
        commune_name(name, sizeof name, i % SC_UNITS);
        fprintf(f,
                "[intervention Việc %05ld]\ntype = effort\nunit = %s\nindicator = %s\n"
                "done = 0\ntotal = 100\nrate = 40\nrate_sd = 10\nowner = UBND xã\n\n",
                i, name, i % 2 ? "12.2" : "15.4");
    }
    return fclose(f);
}

/* CPU seconds (user + system) of the finished child processes so far. */
static double children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* CPU seconds of the last command timed (the machine may be shared: wall time then
 * says more about the neighbours than about ntmplan). */
static double last_cpu;

/* Runs CMD (through the shell) REPEAT times; the fastest wall time, or -1 on failure. */
static double time_command(const char *cmd, int repeat, const char *undo)
{
    double best = -1;
    for (int r = 0; r < repeat; r++) {
        double t0 = now(), c0 = children_cpu();
        if (system(cmd) != 0)
            return -1;
        double t = now() - t0;
        last_cpu = children_cpu() - c0;
        if (best < 0 || t < best)
            best = t;
        if (undo && r + 1 < repeat && system(undo) != 0)
            return -1;
    }
    return best;
}

static double time_scenario(const char *path, int repeat, size_t *n_units, size_t *n_iv)
{
    double best = -1;
    for (int r = 0; r < repeat; r++) {
        ntm_diag_list d;
        ntm_diag_list_init(&d);
        ntm_scenario sc;
        double t0 = now();
        ntm_status rc = ntm_scenario_read(path, "models/defaults.ini", &sc, &d);
        double t = now() - t0;
        if (rc != NTM_OK) {
            for (size_t i = 0; i < d.n && i < 5; i++) {
                char line[1400];
                ntm_diag_format(&d.items[i], line, sizeof line);
                fprintf(stderr, "%s\n", line);
            }
            ntm_diag_list_release(&d);
            return -1;
        }
        *n_units = sc.n_units;
        *n_iv = sc.n_iv;
        ntm_scenario_release(&sc);
        ntm_diag_list_release(&d);
        if (best < 0 || t < best)
            best = t;
    }
    return best;
}

int main(int argc, char **argv)
{
    int repeat = 1, keep = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]) > 0 ? atoi(argv[i]) : 1;
        else if (strcmp(argv[i], "--keep") == 0)
            keep = 1;
    }
    char dir[] = "/tmp/ntm-import-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char units[256], obs[256], scen[256], cmd[1400], undo[700];
    snprintf(units, sizeof units, "%s/units.csv", dir);
    snprintf(obs, sizeof obs, "%s/observations.csv", dir);
    snprintf(scen, sizeof scen, "%s/scenario.ini", dir);
    if (write_units(units) || write_observations(obs) || write_scenario(scen)) {
        fprintf(stderr, "import_bench: cannot write in %s\n", dir);
        return 1;
    }
    snprintf(cmd, sizeof cmd, "NTMPLAN_MODELS=models ./ntmplan --db %s/b.db init >/dev/null", dir);
    int status = system(cmd) != 0;
    snprintf(cmd, sizeof cmd, "./ntmplan --db %s/b.db import %s >/dev/null", dir, units);
    double tu = status ? -1 : time_command(cmd, 1, NULL), cu = last_cpu;
    snprintf(cmd, sizeof cmd, "./ntmplan --db %s/b.db import %s >/dev/null 2>&1", dir, obs);
    snprintf(undo, sizeof undo, "./ntmplan --db %s/b.db import --undo >/dev/null", dir);
    double to = tu < 0 ? -1 : time_command(cmd, repeat, undo), co = last_cpu;
    /* The same file again: every row compared with the stored one, nothing written. */
    double tr = to < 0 ? -1 : time_command(cmd, 1, NULL), cr = last_cpu;
    size_t nu = 0, ni = 0;
    double ts = time_scenario(scen, repeat, &nu, &ni);
    printf("import units: %d communes and 1 province: %.2f s (CPU %.2f s)\n", COMMUNES, tu, cu);
    printf("import observations: %ld rows for %d communes: best %.2f s of %d, CPU %.2f s "
           "(target: a few seconds)\n",
           OBS_ROWS, COMMUNES, to, repeat, co);
    printf("re-import of the same observations (nothing changes): %.2f s (CPU %.2f s)\n", tr, cr);
    printf("scenario read: %zu units, %zu interventions: best %.2f s of %d (target < 2 s)\n", nu,
           ni, ts, repeat);
    if (keep)
        printf("files kept in %s\n", dir);
    else {
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0)
            status = 1;
    }
    return status || tu < 0 || to < 0 || tr < 0 || ts < 0;
}
