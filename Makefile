# ntmplan: one static library (libntm.a) that the CLI and every test link.
# Two builds share the sources: build/rel (optimised) for the binary users run and
# build/san (AddressSanitizer + UndefinedBehaviorSanitizer) for `make test`.
#
# Nothing here that depends on installed packages is evaluated when the Makefile is read:
# on a fresh machine `tests/deps.sh` (deps-check) installs them first, and every compile,
# link and catalog waits for it (order-only prerequisite below).

CC       ?= cc
# pkg-config modules, one a line (their Debian packages are listed in tests/deps.sh).
PKGS     := gsl \
            sqlite3 \
            freetype2 \
            librsvg-2.0 \
            cairo \
            xlsxwriter \
            inih \
            libutf8proc \
            libzip \
            libxml-2.0 \
            icu-uc \
            icu-i18n
# Libraries without a pkg-config file.
LIBS_NOPC := -lplot -lglpk
# Deterministic floating point: no -march=native, no fused multiply-add contraction.
# gcc and clang both accept this set; gcc ignores -Wno-unknown-warning-option, clang needs it
# for the gcc-only -Wno-format-truncation.
WARN     := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
            -Wformat=2 -Wvla -Wno-format-nonliteral -Wno-unknown-warning-option \
            -Wno-format-truncation  # messages are cut to their buffers on purpose
CSTD     := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
# pkg-config runs on first use, in a recipe (after deps-check), and once per make.
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(shell pkg-config --libs $(PKGS)))$(PKG_LIBS)
BASEFLAGS = $(CSTD) $(WARN) -ffp-contract=off -pthread -MMD -MP -Isrc $(PKG_CFLAGS)
LDLIBS    = $(PKG_LIBS) $(LIBS_NOPC) -lm -pthread
REL_FLAGS := -O2 -g
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

SRC      := $(sort $(shell find src -name '*.c' ! -name main.c))
MAIN     := src/main.c
UNIT     := $(sort $(wildcard tests/unit/test_*.c))
# Message catalogs: po/LANG.po compiled to build/locale/LANG/LC_MESSAGES/ntmplan.mo
MO       := build/locale/vi/LC_MESSAGES/ntmplan.mo

REL_OBJ  := $(SRC:%.c=build/rel/%.o)
SAN_OBJ  := $(SRC:%.c=build/san/%.o)
SAN_TESTS := $(UNIT:tests/unit/%.c=build/san/tests/%)

# Where `make install` puts things (DESTDIR is prepended when copying). The program looks
# for its catalogs and criteria sets in the build tree, then beside its own bin/, then here.
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
LOCALEDIR ?= $(PREFIX)/share/locale
MODELSDIR ?= $(PREFIX)/share/ntmplan/models

.PHONY: all deps deps-check test unit cli demo bench clean format po install FORCE
all: deps-check ntmplan $(MO)

# ---- dependencies: Debian packages ------------------------------------------------
deps deps-check:
	@sh tests/deps.sh

# Stamps: rewritten (so newer) only when their text changes, so objects are rebuilt after
# `make CC=clang` or a new PREFIX. build/flags waits for deps-check, and every object waits
# for build/flags: nothing is compiled before the packages are there.
define stamp
	@mkdir -p $(@D)
	@echo '$(1)' | cmp -s - $@ || echo '$(1)' >$@
endef
FORCE:
build/flags: FORCE | deps-check
	$(call stamp,$(CC) $(BASEFLAGS) $(REL_FLAGS) $(SAN_FLAGS))
build/paths: FORCE
	$(call stamp,$(LOCALEDIR) $(MODELSDIR))
# Only src/cli.c looks things up; a new PREFIX rebuilds it alone.
build/rel/src/cli.o build/san/src/cli.o: build/paths
build/rel/src/cli.o build/san/src/cli.o: private BASEFLAGS += -DNTM_LOCALEDIR='"$(LOCALEDIR)"' \
                                                             -DNTM_MODELSDIR='"$(MODELSDIR)"'

# ---- messages: gettext catalogs ------------------------------------------------------
build/locale/%/LC_MESSAGES/ntmplan.mo: po/%.po | deps-check
	@mkdir -p $(@D)
	@echo '  MSGFMT $<'
	@msgfmt --check -o $@ $<

# Refreshes po/ntmplan.pot from the sources and merges new messages into po/vi.po.
po:
	xgettext --from-code=UTF-8 --language=C --keyword=ntm_tr:2 --keyword=ntm_i18n:2 \
	  --keyword=T:2 --keyword=N_ --keyword=_ --add-comments --no-location --package-name=ntmplan \
	  -o po/ntmplan.pot $(SRC) $(MAIN)
	msgmerge --quiet --update --backup=none --no-fuzzy-matching po/vi.po po/ntmplan.pot

# ---- release build -------------------------------------------------------------------
build/rel/%.o: %.c build/flags
	@mkdir -p $(@D)
	@echo '  CC     $<'
	@$(CC) $(BASEFLAGS) $(REL_FLAGS) -c $< -o $@
build/rel/libntm.a: $(REL_OBJ)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^
ntmplan: build/rel/src/main.o build/rel/libntm.a
	@echo '  LINK   $@'
	@$(CC) $(REL_FLAGS) -o $@ $^ $(LDLIBS)

# ---- sanitizer build and tests -------------------------------------------------------
build/san/%.o: %.c build/flags
	@mkdir -p $(@D)
	@echo '  CC san $<'
	@$(CC) $(BASEFLAGS) $(SAN_FLAGS) -c $< -o $@
build/san/libntm.a: $(SAN_OBJ)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^
build/san/ntmplan: build/san/src/main.o build/san/libntm.a
	@echo '  LINK   $@'
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)
build/san/tests/%: build/san/tests/unit/%.o build/san/libntm.a
	@mkdir -p $(@D)
	@echo '  LINK   $@'
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# The unit test objects are intermediate files of the pattern chain: kept for the next build.
.SECONDARY: $(UNIT:tests/unit/%.c=build/san/tests/unit/%.o)

# tests/run.sh also checks an install into build/stage (made here, with this make's CC).
test: deps-check $(MO) $(SAN_TESTS) build/san/ntmplan ntmplan
	@rm -rf build/stage
	@$(MAKE) --no-print-directory -s install DESTDIR=$(CURDIR)/build/stage \
	  >build/stage.log 2>&1 || echo 'make install failed: see build/stage.log'
	@sh tests/run.sh $(SAN_TESTS)

# Build and run one unit test: make unit T=test_number
unit: build/san/tests/$(T)
	ASAN_OPTIONS=detect_leaks=1 build/san/tests/$(T)

cli: build/san/ntmplan
	@sh tests/cli/run.sh build/san/ntmplan

# ---- the bundled example -------------------------------------------------------------
demo: all $(MO)
	@sh scenarios/demo.sh ./ntmplan

# Benchmarks: every bench/*.c and tests/m3/*.c is a program of its own, run by bench/run.sh
# (optimised build; never part of `make test`, and tests never assert timings).
BENCH_SRC := $(wildcard bench/*.c tests/m3/*.c)
BENCH_BIN := $(patsubst %.c,build/rel/%,$(BENCH_SRC))
bench: deps-check ntmplan $(BENCH_BIN)
	@sh bench/run.sh $(BENCH_BIN)
.SECONDARY: $(BENCH_SRC:%.c=build/rel/%.o)
$(BENCH_BIN): build/rel/%: build/rel/%.o build/rel/libntm.a
	@echo '  LINK   $@'
	@$(CC) $(REL_FLAGS) -o $@ $^ $(LDLIBS)

# ---- install: the program, its message catalogs and the shipped models -----------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MODELSDIR)
	install -m 755 ntmplan $(DESTDIR)$(BINDIR)/ntmplan
	cd build/locale && for mo in */LC_MESSAGES/ntmplan.mo; do \
	  install -D -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$mo || exit 1; done
	cp -R models/. $(DESTDIR)$(MODELSDIR)/
	chmod -R u=rwX,go=rX $(DESTDIR)$(MODELSDIR)

format:
	clang-format -i $(SRC) $(MAIN) $(UNIT) $(wildcard src/*/*.h)

clean:
	rm -rf build ntmplan ntmplan.db plots/demo

-include $(shell find build -name '*.d' 2>/dev/null)

# ---- fuzzing: libFuzzer harnesses (clang) and their corpora replayed in make test -----
# make fuzz [FUZZ_SECONDS=N]: each tests/fuzz/fuzz_*.c for N seconds (tests/fuzz/run.sh).
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -Wno-unknown-warning-option \
                -fno-sanitize-recover=all
FUZZ_HARNESS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_HARNESS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_OBJ     := $(SRC:%.c=build/fuzz/%.o)
.PHONY: fuzz
fuzz: deps-check $(FUZZ_BIN)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)
build/fuzz/%.o: %.c build/flags
	@mkdir -p $(@D)
	@echo '  CC fuzz $<'
	@$(FUZZ_CC) $(BASEFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
build/fuzz/libntm.a: $(FUZZ_OBJ)
	@rm -f $@ && ar rcs $@ $^
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h build/fuzz/libntm.a
	@echo '  LINK   $@'
	@$(FUZZ_CC) $(BASEFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libntm.a $(LDLIBS)
# The corpora through a plain main() with gcc's sanitizers, in make test.
build/san/tests/fuzz_replay: build/san/tests/fuzz/replay.o build/san/libntm.a
	@mkdir -p $(@D)
	@echo '  LINK   $@'
	@$(CC) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)
test: build/san/tests/fuzz_replay
