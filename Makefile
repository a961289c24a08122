# gvi — build, test and install.  Plain make with pkg-config; see README.md.
#   make                      build ./gvi
#   make SANITIZE=address,undefined
#   make demo                 set up, build, create the demo programme and tour it
#   make check                set up, build under ASan+UBSan, run every test
#   make install PREFIX=/usr/local DESTDIR=
CC      ?= cc
PREFIX  ?= /usr/local
PKGS    := sqlite3 jansson libsodium gsl igraph libmicrohttpd
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers
CFLAGS  += -Isrc $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lcsv -lm -lpthread
ifneq ($(SANITIZE),)
CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
endif
BUILD   ?= build$(if $(SANITIZE),-san)

SRC     := $(sort $(wildcard src/*.c src/analysis/*.c src/web/*.c src/eval/*.c src/workflow/*.c))
OBJ     := $(SRC:src/%.c=$(BUILD)/%.o)
LIBOBJ  := $(filter-out $(BUILD)/main.o,$(OBJ))
UNIT_SRC:= $(sort $(wildcard tests/unit/test_*.c))
UNIT    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

GVI     := $(if $(SANITIZE),gvi-san,gvi)

.PHONY: all demo check test install uninstall clean setup units bench
all: $(GVI)

$(GVI): $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h src/analysis/*.h src/web/*.h src/eval/*.h src/workflow/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LDFLAGS) $(LDLIBS) -lcmocka

$(BUILD):
	mkdir -p $@

units: $(UNIT)

setup:
	bash scripts/setup

demo: setup
	$(MAKE) gvi
	bash scripts/demo

check: setup
	$(MAKE) SANITIZE=address,undefined gvi-san units
	GVI=$(CURDIR)/gvi-san UNITDIR=$(CURDIR)/build-san/tests bash tests/run

test:
	$(MAKE) SANITIZE=address,undefined gvi-san units
	GVI=$(CURDIR)/gvi-san UNITDIR=$(CURDIR)/build-san/tests bash tests/run

install: gvi
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 gvi $(DESTDIR)$(PREFIX)/bin/gvi
	install -m 644 doc/gvi.1 $(DESTDIR)$(PREFIX)/share/man/man1/gvi.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gvi $(DESTDIR)$(PREFIX)/share/man/man1/gvi.1

clean:
	rm -rf build build-san build-fuzz gvi gvi-san

bench: gvi
	bash scripts/setup bench
	bash bench/import
	bash bench/analyze
	bash bench/audit
	bash bench/http
	bash bench/evaluate

# Hardening (docs/hardening.md): fuzzers, kill -9 crash safety and load, in bounded time.
#   make fuzz FUZZ_SECONDS=45   every tests/fuzz/fuzz_*.c harness under libFuzzer (clang)
#   make crash CRASH_ROUNDS=100 make load LOAD_SECONDS=60   make hardening (all three)
# The harnesses are also linked with tests/fuzz/replay.c into build-san/tests/test_fuzz_*,
# which `make check` runs: every corpus file (seeds and crashes once found) as a test.
FUZZ         := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SECONDS ?= 45
CRASH_ROUNDS ?= 100
LOAD_SECONDS ?= 60
FUZZ_COMMON  := tests/fuzz/common.c tests/fuzz/fuzz.h
.PHONY: fuzz fuzzers crash load hardening
units: $(FUZZ:%=$(BUILD)/tests/test_fuzz_%)

$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_COMMON) $(LIBOBJ) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -DFUZZ_CORPUS='"$(CURDIR)/tests/fuzz/corpus/$*"' -o $@ $< \
		tests/fuzz/replay.c tests/fuzz/common.c $(LIBOBJ) $(LDFLAGS) $(LDLIBS) -lcmocka

ifneq ($(FUZZ_BUILD),)
CFLAGS += -Wno-string-concatenation
endif
fuzzers: $(FUZZ:%=$(BUILD)/fuzz/fuzz_%)
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) $(LIBOBJ) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -fsanitize=fuzzer -o $@ $< tests/fuzz/common.c $(LIBOBJ) \
		$(LDFLAGS) $(LDLIBS)

fuzz:
	bash scripts/setup hardening
	$(MAKE) CC=clang BUILD=build-fuzz SANITIZE=fuzzer-no-link,address,undefined FUZZ_BUILD=1 fuzzers
	bash tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ)

crash:
	bash scripts/setup hardening
	$(MAKE) gvi
	bash tests/crash/run $(CRASH_ROUNDS)

load:
	bash scripts/setup hardening
	$(MAKE) gvi
	bash bench/load $(LOAD_SECONDS)

hardening:
	$(MAKE) fuzz
	$(MAKE) crash
	$(MAKE) load
