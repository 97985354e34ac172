/* replay.c: the fuzz corpora through a plain main(), built with gcc and its sanitizers
 * in `make test` (libFuzzer needs clang; this needs neither). Every file of
 * CORPUS/csv, CORPUS/number, CORPUS/scenario and CORPUS/catalog goes through its harness
 * once; a crash, a sanitizer report or a broken invariant aborts.
 * Usage: fuzz_replay CORPUS (prints "fuzz: N passed, 0 failed" when all pass). */
#include <dirent.h>

#define FUZZ_ENTRY fuzz_csv
#include "fuzz_csv.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_number
#include "fuzz_number.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_scenario
#include "fuzz_scenario.c"
#undef FUZZ_ENTRY
#define FUZZ_ENTRY fuzz_catalog
#include "fuzz_catalog.c"
#undef FUZZ_ENTRY

typedef int (*entry_fn)(const uint8_t *, size_t);

/* Replays every file of DIR through FN; returns how many, or -1 when DIR is unreadable. */
static long replay_dir(const char *dir, entry_fn fn)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        uint8_t *buf = NULL;
        size_t len = 0, cap = 0;
        for (int c; (c = fgetc(f)) != EOF;) {
            if (len == cap) {
                cap = cap ? 2 * cap : 4096;
                uint8_t *b = realloc(buf, cap);
                if (!b)
                    abort();
                buf = b;
            }
            buf[len++] = (uint8_t)c;
        }
        fclose(f);
        fn(buf ? buf : (const uint8_t *)"", len);
        free(buf);
        n++;
    }
    closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_replay CORPUS\n");
        return 2;
    }
    static const struct {
        const char *name;
        entry_fn fn;
    } harness[] = {{"csv", fuzz_csv},
                   {"number", fuzz_number},
                   {"scenario", fuzz_scenario},
                   {"catalog", fuzz_catalog}};
    long total = 0;
    for (size_t i = 0; i < sizeof harness / sizeof harness[0]; i++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", argv[1], harness[i].name);
        long n = replay_dir(dir, harness[i].fn);
        if (n < 0) {
            fprintf(stderr, "fuzz_replay: cannot read %s\n", dir);
            printf("fuzz: %ld passed, 1 failed\n", total);
            return 1;
        }
        printf("fuzz %s: %ld inputs replayed\n", harness[i].name, n);
        total += n;
    }
    unlink(fuzz_file((const uint8_t *)"", 0, ""));
    printf("fuzz: %ld passed, 0 failed\n", total);
    return 0;
}
