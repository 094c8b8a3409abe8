# anjian — `make run` sets everything up and serves the demo; `make test` runs every suite.

CC	?= cc
PKGS	 = libevent libevent_pthreads jansson sqlite3 libsodium xlsxwriter libzip pangocairo
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wno-missing-field-initializers
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc -Ibuild/gen \
	   $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS	 = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

SRCS	:= $(shell find src -name '*.c' ! -name main.c | sort)
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
EMBED	:= data/sectors.json $(sort $(wildcard data/regions/*.json)) \
	   $(sort $(wildcard data/standards/*.json)) $(sort $(wildcard data/demo/*)) \
	   $(sort $(wildcard data/calendar/*.json)) $(sort $(wildcard data/provisions/*.json)) \
	   $(sort $(wildcard data/report/*.md))
GEN	 = build/gen/migrations.c build/gen/embed.c

OBJS	 = $(SRCS:%.c=build/obj/%.o) $(GEN:build/gen/%.c=build/obj/gen/%.o)
ASAN_OBJS = $(SRCS:%.c=build/asan/%.o) $(GEN:build/gen/%.c=build/asan/gen/%.o)
SANITIZE = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/unit/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 20

.PHONY: all build ui deps run test test-unit test-api test-browser test-fuzz test-asan \
	format format-check clean bench bench-hazards bench-cases bench-report

all: build/anjian

build: build/anjian

deps:
	@scripts/install-deps

build/gen/migrations.c: $(MIGRATIONS) scripts/gen-migrations
	@mkdir -p $(@D)
	scripts/gen-migrations $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

build/gen/embed.c: $(EMBED) scripts/gen-embed
	@mkdir -p $(@D)
	scripts/gen-embed $(EMBED) > $@.tmp && mv $@.tmp $@

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SANITIZE) -MMD -MP -c -o $@ $<

build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SANITIZE) -c -o $@ $<

build/libanjian.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

build/libanjian-asan.a: $(ASAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

build/anjian: build/obj/src/main.o build/libanjian.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

build/asan/anjian: build/asan/src/main.o build/libanjian-asan.a
	$(CC) $(ALL_CFLAGS) -O1 $(SANITIZE) -o $@ $^ $(LIBS)

build/unit/%: tests/unit/%.c build/libanjian.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< build/libanjian.a $(LIBS) -lcmocka

build/unit-asan/%: tests/unit/%.c build/libanjian-asan.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SANITIZE) -o $@ $< build/libanjian-asan.a $(LIBS) -lcmocka

# libFuzzer drivers: clang, with the library sources compiled in (fuzzer coverage).
build/fuzz/%: tests/fuzz/%.c $(SRCS) $(GEN)
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	    -Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS)) -o $@ $< $(SRCS) $(GEN) $(LIBS)

ui/dist/index.html: $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.js package-lock.json
	npm run --silent ui:build

ui: ui/dist/index.html

# The demo city (Ordos 2024, generated; `anjian demo`, under a minute) on the first run.
# The demo city, built under another name and renamed when complete: an interrupted build
# leaves no half-built database behind for the next `make run` to serve.
var/anjian.db: | build/anjian
	@mkdir -p var
	@rm -f $@.tmp $@.tmp-wal $@.tmp-shm
	build/anjian demo --db $@.tmp --data-dir var
	@if [ -e $@.tmp-wal ]; then mv $@.tmp-wal $@-wal; fi
	@rm -f $@.tmp-shm
	mv $@.tmp $@

run: deps build/anjian ui var/anjian.db
	@echo; echo "anjian: serving http://127.0.0.1:8080"; build/anjian demo-logins; echo
	build/anjian serve --db var/anjian.db --data-dir var --listen 127.0.0.1:8080

test: deps build/anjian ui $(UNIT_BINS)
	@scripts/run-tests

test-unit: $(UNIT_BINS)
	@scripts/run-tests unit

format:
	clang-format -i $(shell find src tests/unit tests/fuzz -name '*.[ch]')

format-check:
	@clang-format --dry-run --Werror $(shell find src tests/unit tests/fuzz -name '*.[ch]') \
	    && echo "format-check: ok"

bench: build/anjian
	bench/run
bench-hazards: build/anjian ; bench/run-hazards
bench-cases: build/anjian ; bench/run-cases

bench-report: build/anjian ; bench/run-report

clean:
	rm -rf build

-include $(shell find build/obj build/asan -name '*.d' 2>/dev/null)
