# relgraph - build, test, demo, bench, install.
#
#   make          build ./relgraph
#   make deps     install the Debian packages relgraph needs (apt-get; sudo when not root)
#   make test     deps, build, unit suites, end-to-end tests, then all again under ASan+UBSan
#   make demo     deps, build, and run the main job on the sample corpus (data/sample)
#   make bench    benchmarks, printing ratios against baselines measured in the same run
#   make valgrind the unit suites and end-to-end tests under valgrind
#   make fuzz     every libFuzzer target for FUZZ_SECONDS (default 60) each;
#                 make fuzz-build only builds them (clang, build/fuzz/)
#   make install  PREFIX=/usr/local DESTDIR=
#
# Sources are found by folder: core/, graphs/ and render/ make librelgraph.a,
# cli/ makes the relgraph command, tests/unit/check_*.c are Check suites
# (each linked with tests/unit/testutil.c), tests/e2e/*.sh are CLI tests.

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
PKGS     := igraph libgvc libcgraph jansson sqlite3 libutf8proc libxml-2.0 geonames libcrypto
DATADIR  := $(PREFIX)/share/relgraph

DEB_PACKAGES := build-essential pkg-config libigraph-dev libgraphviz-dev graphviz \
  libjansson-dev check libsqlite3-dev sqlite3 libutf8proc-dev libxml2-dev libxml2-utils \
  libgeonames-dev libssl-dev libmimalloc-dev iso-codes python3 python3-networkx \
  fonts-noto-core clang libclang-rt-14-dev valgrind chromium

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
# The relgraph command allocates through mimalloc (Debian's libmimalloc,
# which replaces malloc for every library in the process): an ingest
# allocates per document, per name and per SQLite row, and glibc's malloc
# was 6-8% of its time.  Only the command: the sanitizers bring their own
# allocator, and the library and its tests keep the system's.
ALLOC_LIBS := -lmimalloc

# Messages are deliberately truncated to fixed buffers, so format-truncation
# would flag every snprintf into an error message.
WARN     := -std=c11 -Wall -Wextra -Werror -Wno-format-truncation
CPPFLAGS += -D_GNU_SOURCE -DRG_DATADIR='"$(DATADIR)"'
CFLAGS   ?= -O2 -g
ALL_CFLAGS = $(WARN) $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS)
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

LIB_SRC  := $(sort $(wildcard core/*.c graphs/*.c render/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/check_*.c))
TEST_UTIL:= $(wildcard tests/unit/testutil.c)
HEADERS  := $(wildcard core/*.h graphs/*.h render/*.h cli/*.h tests/unit/*.h)

B        := build
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)
SAN_LIB_OBJ  := $(LIB_SRC:%.c=$(B)/san/obj/%.o)
SAN_CLI_OBJ  := $(CLI_SRC:%.c=$(B)/san/obj/%.o)
SAN_TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(B)/san/tests/%)

# fuzz targets (see the fuzzing section below)
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 8192
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES   := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BIN     := $(FUZZ_NAMES:%=$(B)/fuzz/fuzz_%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(B)/fuzz/obj/%.o)
FUZZ_HEADERS := $(wildcard tests/fuzz/*.h)
REGRESS_BIN  := $(FUZZ_NAMES:%=$(B)/san/fuzz/fuzz_%)
# clang does not know gcc's -Wformat-truncation
FUZZ_WARN    := $(filter-out -Wno-format-truncation,$(WARN))
FUZZ_FLAGS   := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_DEFS    := -DFUZZ_DATA_DIR='"$(CURDIR)/data"'

SHARED   ?= $(abspath ../shared)
TEST_ENV  = RELGRAPH_DATA=$(CURDIR)/data RELGRAPH_SHARED=$(SHARED) RELGRAPH_SRC=$(CURDIR)
# Check's per-test timeouts (4 s by default) are too short for a sanitizer
# build on a loaded machine: compiling the pack alone takes seconds there.
SAN_ENV   = CK_TIMEOUT_MULTIPLIER=10 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 \
            LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: all deps test unit e2e test-san demo demo-run bench bench-run valgrind install uninstall \
        clean fuzz fuzz-build fuzz-regress

all: relgraph

relgraph: $(CLI_OBJ) $(B)/librelgraph.a
	@echo "  LINK    $@"; $(CC) $(WARN) $(CFLAGS) -o $@ $(CLI_OBJ) $(B)/librelgraph.a $(ALLOC_LIBS) \
	  $(PKG_LIBS) -lm

$(B)/librelgraph.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^

$(B)/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(TEST_UTIL) $(B)/librelgraph.a $(HEADERS)
	@mkdir -p $(@D)
	@echo "  LINK    $@"; $(CC) $(ALL_CFLAGS) -o $@ $< $(TEST_UTIL) $(B)/librelgraph.a $(PKG_LIBS) $(CHECK_LIBS) -lm

# ---- sanitizer build (ASan + UBSan) -------------------------------------
$(B)/san/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	@echo "  CC/SAN  $<"
	@$(CC) $(WARN) $(SAN_FLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(B)/san/librelgraph.a: $(SAN_LIB_OBJ)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^

$(B)/san/relgraph: $(SAN_CLI_OBJ) $(B)/san/librelgraph.a
	@echo "  LINK    $@"; $(CC) $(WARN) $(SAN_FLAGS) -o $@ $(SAN_CLI_OBJ) $(B)/san/librelgraph.a $(PKG_LIBS) -lm

$(B)/san/tests/%: tests/unit/%.c $(TEST_UTIL) $(B)/san/librelgraph.a $(HEADERS)
	@mkdir -p $(@D)
	@echo "  LINK    $@"; $(CC) $(WARN) $(SAN_FLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -o $@ $< $(TEST_UTIL) \
	  $(B)/san/librelgraph.a $(PKG_LIBS) $(CHECK_LIBS) -lm

# ---- dependencies -------------------------------------------------------
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# ---- tests ----------------------------------------------------------------
test: deps
	@$(MAKE) --no-print-directory unit e2e test-san

unit: $(TEST_BIN) relgraph
	@tests/run-units.sh "$(TEST_ENV)" $(TEST_BIN)

e2e: relgraph
	@$(TEST_ENV) RELGRAPH=$(CURDIR)/relgraph tests/run-e2e.sh

test-san: $(SAN_TEST_BIN) $(B)/san/relgraph $(REGRESS_BIN)
	@echo "== the same suites under AddressSanitizer + UndefinedBehaviorSanitizer =="
	@tests/run-units.sh "$(TEST_ENV) $(SAN_ENV)" $(SAN_TEST_BIN)
	@$(TEST_ENV) $(SAN_ENV) RELGRAPH=$(CURDIR)/$(B)/san/relgraph tests/run-e2e.sh
	@$(TEST_ENV) $(SAN_ENV) tests/fuzz/run-regressions.sh $(REGRESS_BIN)

# ---- fuzzing (libFuzzer) ----------------------------------------------------
# tests/fuzz/fuzz_<name>.c are libFuzzer targets.  `make fuzz` builds them
# with clang -fsanitize=fuzzer,address,undefined against a library built
# the same way (build/fuzz/, apart from the normal build) and runs each for
# FUZZ_SECONDS; a crash stops it, its input kept under
# build/fuzz/crashes/<name>/.  FUZZ_TARGETS="normalize theme" runs a subset.
# The same targets linked with tests/fuzz/standalone.c and the ASan library
# replay the seeds and saved regressions in test-san (fuzz-regress alone).
$(B)/fuzz/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	@echo "  CC/FUZZ $<"
	@$(FUZZ_CC) $(FUZZ_WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(B)/fuzz/librelgraph.a: $(FUZZ_LIB_OBJ)
	@mkdir -p $(@D)
	@rm -f $@ && ar rcs $@ $^

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(B)/fuzz/librelgraph.a $(HEADERS) $(FUZZ_HEADERS)
	@echo "  LINK    $@"; $(FUZZ_CC) $(FUZZ_WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer $(CPPFLAGS) \
	  $(FUZZ_DEFS) $(PKG_CFLAGS) -o $@ $< $(B)/fuzz/librelgraph.a $(PKG_LIBS) -lm

$(B)/san/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/standalone.c $(B)/san/librelgraph.a \
                      $(HEADERS) $(FUZZ_HEADERS)
	@mkdir -p $(@D)
	@echo "  LINK    $@"; $(CC) $(WARN) $(SAN_FLAGS) $(CPPFLAGS) $(FUZZ_DEFS) $(PKG_CFLAGS) -o $@ \
	  $< tests/fuzz/standalone.c $(B)/san/librelgraph.a $(PKG_LIBS) -lm

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@$(TEST_ENV) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_MAX_LEN=$(FUZZ_MAX_LEN) \
	  tests/fuzz/run-fuzz.sh $(FUZZ_TARGETS)

fuzz-regress: $(REGRESS_BIN)
	@$(TEST_ENV) $(SAN_ENV) tests/fuzz/run-regressions.sh $(REGRESS_BIN)

valgrind: $(TEST_BIN) relgraph
	@tests/run-units.sh "$(TEST_ENV) CK_FORK=no VALGRIND=1" $(TEST_BIN)
	@$(TEST_ENV) RELGRAPH="valgrind -q --error-exitcode=99 --leak-check=no --soname-synonyms=somalloc=libmimalloc.so* $(CURDIR)/relgraph" tests/run-e2e.sh

# ---- demo, bench ------------------------------------------------------------
# deps first, then a fresh make: on a new machine pkg-config knew none of
# the libraries when this Makefile was read, so the build must re-read it.
demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: relgraph
	@RELGRAPH=$(CURDIR)/relgraph RELGRAPH_DATA=$(CURDIR)/data ./data/sample/demo.sh

bench: deps
	@$(MAKE) --no-print-directory bench-run

bench-run: relgraph
	@RELGRAPH=$(CURDIR)/relgraph RELGRAPH_DATA=$(CURDIR)/data bench/run.sh

# ---- install ------------------------------------------------------------------
install: relgraph
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)
	install -m 755 relgraph $(DESTDIR)$(PREFIX)/bin/relgraph
	cp -R data/packs data/themes $(DESTDIR)$(DATADIR)/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/relgraph
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(B) relgraph
