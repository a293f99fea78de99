# motcua - build, test, demo, bench.  See README.md and docs/testing.md.
#
#   make            build the development binary (build/dev/motcua)
#   make demo       install dependencies, build, start with demo data
#   make demo-cluster  the demo on PostgreSQL, two app servers and haproxy
#   make test       build under ASan+UBSan and run every test layer, on SQLite and
#                   on PostgreSQL (DB=sqlite or DB=postgres: one lane)
#   make bench      benchmarks (bench/README.md)
#   make fuzz       build the fuzz targets with clang/libFuzzer
#   make style      mechanical checks: style, function length, layers, format
#   make format-check  clang-format check of the files in scripts/formatted.txt
#   make tsan       the threaded unit tests under ThreadSanitizer (build/tsan)
#   make eval-assistant  accuracy of the virtual assistant (docs/assistant.md;
#                   DB=postgres or DB=both to measure it on PostgreSQL)
#
# SANITIZE=1 builds into build/asan with AddressSanitizer and UBSan,
# SANITIZE=thread into build/tsan with ThreadSanitizer, SANITIZE=fuzz into
# build/fuzz with clang's libFuzzer instrumentation (fuzz/build.sh).
# BUILD=dir overrides the output folder.

CC ?= cc
ifeq ($(SANITIZE),1)
BUILD ?= build/asan
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT = -O1
else ifeq ($(SANITIZE),thread)
BUILD ?= build/tsan
SAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
OPT = -O1
else ifeq ($(SANITIZE),fuzz)
# The library the fuzz targets link (fuzz/build.sh); clang only.
BUILD ?= build/fuzz
CC = clang
SAN_FLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
            -fno-omit-frame-pointer
OPT = -O1
else
BUILD ?= build/dev
SAN_FLAGS =
OPT = -O2
endif

PKGS = libmicrohttpd sqlite3 jansson libutf8proc libsodium liboath libqrencode zlib libcurl xlsxwriter \
       libzip libbrotlienc
# The PostgreSQL backend is built when libpq is found (scripts/install-deps.sh installs it).
ifeq ($(shell pkg-config --exists libpq && echo yes),yes)
PKGS += libpq
CFLAGS_PG = -DMC_HAVE_LIBPQ
endif
WARN = -Wall -Wextra -Werror -Wstrict-prototypes -Wformat-security -Wvla \
       -Wno-missing-field-initializers
CFLAGS_ALL = -std=c17 -D_GNU_SOURCE -g $(OPT) $(WARN) $(SAN_FLAGS) $(CFLAGS_PG) -Isrc \
             $(shell pkg-config --cflags $(PKGS)) $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS)) -lhpdf -lpthread -lm $(LDLIBS)
LDFLAGS_ALL = $(SAN_FLAGS) $(LDFLAGS)

LIB_SRC := $(filter-out src/app/main.c,$(shell find src -name '*.c' | sort))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
ASSET_FILES := $(shell find templates static sql data -type f 2>/dev/null | sort)
# Static text files sent compressed: gzip and brotli forms made at build time.
STATIC_Z := $(shell find static -type f \( -name '*.css' -o -name '*.js' -o -name '*.svg' \
              -o -name '*.txt' -o -name '*.html' -o -name '*.json' \) 2>/dev/null | sort)
TEST_SRC := $(shell find tests/unit -name 'test_*.c' | sort)
TEST_BIN := $(TEST_SRC:%.c=$(BUILD)/%)

# Unit tests that run the code on several threads (the connection pool and
# the writer gate, group commit and batches, run slots, concurrent dossier
# actions, the job runner): built and run under ThreadSanitizer by
# `make tsan` and scripts/test.sh.  A new threaded test adds its name here.
TSAN_TESTS = core/test_db core/test_groupsync core/test_sched domain/dossier/test_dossier \
             jobs/test_jobs domain/notify/test_notify
TSAN_BIN := $(TSAN_TESTS:%=build/tsan/tests/unit/%)

# libFuzzer targets (fuzz/fuzz_*.c), linked against the SANITIZE=fuzz library.
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)

STYLE_CHECKS = scripts/check-style.sh scripts/check-length.sh scripts/check-layers.sh \
               scripts/check-format.sh

.PHONY: all demo demo-cluster test unit bench fuzz fuzz-targets style format-check tsan tsan-unit \
        print-tsan-bins clean deps \
        eval-assistant
all: $(BUILD)/motcua

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O2 -Wall -Wextra -Werror $< -o $@

$(BUILD)/gen/assets.c: $(BUILD)/tools/embed $(ASSET_FILES)
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/embed $@ $(ASSET_FILES)

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/tools/precompress: tools/precompress.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O2 -Wall -Wextra -Werror $< -o $@ $(shell pkg-config --libs zlib libbrotlienc)

$(BUILD)/gen/assets_z.c: $(BUILD)/tools/precompress $(STATIC_Z)
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/precompress $@ $(STATIC_Z)

$(BUILD)/gen/assets_z.o: $(BUILD)/gen/assets_z.c
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/libmotcua.a: $(LIB_OBJ) $(BUILD)/gen/assets.o $(BUILD)/gen/assets_z.o
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/motcua: $(BUILD)/src/app/main.o $(BUILD)/libmotcua.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS_ALL) $^ $(LDLIBS_ALL) -o $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libmotcua.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS_ALL) -Itests/unit $(LDFLAGS_ALL) $< $(BUILD)/libmotcua.a \
	    $(LDLIBS_ALL) $(shell pkg-config --libs cmocka) -o $@

unit: $(TEST_BIN)

ifeq ($(SANITIZE),fuzz)
$(BUILD)/fuzz_%: fuzz/fuzz_%.c $(BUILD)/libmotcua.a
	@echo "  FUZZ    $@"
	@$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -MMD -MP -MF $@.d $(LDFLAGS_ALL) $< \
	    $(BUILD)/libmotcua.a $(LDLIBS_ALL) -o $@
endif

# The fuzz targets (recursive make so the flags are those of SANITIZE=fuzz).
fuzz-targets:
	@$(MAKE) --no-print-directory SANITIZE=fuzz $(FUZZ_BIN)

# Build the threaded unit tests under ThreadSanitizer (recursive make so
# the flags and folder are those of SANITIZE=thread), then run them.
tsan-unit:
	@$(MAKE) --no-print-directory SANITIZE=thread $(TSAN_BIN)

tsan: tsan-unit
	@st=0; for t in $(TSAN_BIN); do echo "---- $$t"; \
	    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" $$t || st=1; done; exit $$st

# For scripts/test.sh: the ThreadSanitizer test binaries, one per line.
print-tsan-bins:
	@printf '%s\n' $(TSAN_BIN)

demo:
	sh scripts/install-deps.sh
	$(MAKE) all
	$(BUILD)/motcua demo

demo-cluster:
	sh scripts/install-deps.sh
	$(MAKE) all
	sh scripts/demo-cluster.sh

test:
	sh scripts/install-deps.sh
	@$(MAKE) --no-print-directory style
	DB="$(DB)" sh scripts/test.sh

bench:
	sh scripts/install-deps.sh
	sh bench/run.sh

eval-assistant: ; DB="$(DB)" sh tools/eval-assistant/run.sh

fuzz:
	sh fuzz/build.sh

# Every check runs, so one report shows all the problems.
style:
	@st=0; for c in $(STYLE_CHECKS); do sh $$c || st=1; done; exit $$st

format-check:
	sh scripts/check-format.sh

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
