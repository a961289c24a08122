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

SRC     := $(sort $(wildcard src/*.c src/analysis/*.c src/web/*.c src/workflow/*.c))
OBJ     := $(SRC:src/%.c=$(BUILD)/%.o)
LIBOBJ  := $(filter-out $(BUILD)/main.o,$(OBJ))
UNIT_SRC:= $(sort $(wildcard tests/unit/test_*.c))
UNIT    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

GVI     := $(if $(SANITIZE),gvi-san,gvi)

.PHONY: all demo check test install uninstall clean setup units bench
all: $(GVI)

$(GVI): $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h src/analysis/*.h src/web/*.h src/workflow/*.h) | $(BUILD)
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
	rm -rf build build-san gvi gvi-san

bench: gvi
	bash scripts/setup bench
	bash bench/import
	bash bench/analyze
