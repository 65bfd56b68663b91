# worklog — one Makefile for the binary, the tests, the demo and the fuzzers.
#
#   make                 build build/worklog
#   make check           build and run every test, lint the man pages
#   make cli-tests T=t0201 TEST_OPTS=-v   some end-to-end scripts, verbose
#   make check SANITIZE=address,undefined
#   make demo            install dependencies, build, run on examples/
#   make deps            install the Debian packages worklog needs
#   make install PREFIX=/usr/local DESTDIR=   the binary, git-worklog, the man
#                        pages, completion and hook shims; make uninstall
#   make fuzz            build the libFuzzer targets with clang
#   make bench           run the benchmarks (not part of check)
#   DEVELOPER=1          warnings are errors
#
# Changing DEVELOPER, CFLAGS, LDFLAGS or SANITIZE rebuilds what they
# affect (build/sanitize is the folder of SANITIZE builds); a header
# change rebuilds what includes it. GNU make 4.2 or later.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
# The hook shims, for a core.hooksPath shared by every repository of a
# machine (`worklog hooks install` writes the same shims per repository).
HOOKSDIR ?= $(PREFIX)/share/worklog/hooks
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PKGS = libgit2 yaml-0.1 sqlite3 libpcre2-8 libutf8proc jansson
TEST_PKGS = cmocka
# For the end-to-end tests' screenshot reader, tests/tools/png_stats.c.
TOOL_PKGS = libpng
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

ifdef SANITIZE
B := build/sanitize
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
else
B := build
SAN_FLAGS :=
endif

WARN = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ifdef DEVELOPER
WARN += -Werror -Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings -Wvla \
	-Wformat=2 -Wformat-nonliteral
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS := $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc -Isrc/lib $(WARN) $(CFLAGS) \
	$(SAN_FLAGS) $(PKG_CFLAGS) -DWL_VERSION='"$(VERSION)"'
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)
LIBS = $(PKG_LIBS) -lpthread -lm
# The compiler writes each object's header dependencies to a .d file
# beside it; -MP adds an empty rule per header, so that deleting one is
# not an error.
DEPFLAGS = -MMD -MP

LIB_SRC := $(wildcard src/lib/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
SCHEMAS := $(sort $(wildcard schema/*.yaml))
HOOKS := $(sort $(filter-out %.md,$(wildcard hooks/*)))
GEN := builtin_schemas builtin_hooks
LIB_OBJ := $(LIB_SRC:src/%.c=$(B)/obj/%.o) $(GEN:%=$(B)/obj/gen/%.o)
CLI_OBJ := $(CLI_SRC:src/%.c=$(B)/obj/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
CONF_BIN := $(B)/tests/conformance
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
MAN_PAGES := $(sort $(wildcard man/*.[1-9]))

.PHONY: all check unit-tests conformance cli-tests man-lint demo deps \
	install uninstall fuzz fuzz-run bench clean FORCE

all: $(B)/worklog

# A build folder remembers the flags its files were made with: FILE holds
# the value of the variable VAR. It is rewritten only when that value
# changes, so what depends on it is rebuilt then, and only then.
# $(call flags_stamp,FILE,VAR)
define flags_stamp
ifneq ($$(strip $$($(2))),$$(file <$(1)))
$(1): FORCE
endif
$(1):
	@mkdir -p $$(@D)
	@printf '%s\n' '$$(subst ','\'',$$(strip $$($(2))))' >$$@
endef
FORCE:

COMPILE_FLAGS = $(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(TEST_CFLAGS)
LINK_FLAGS = $(CC) $(ALL_LDFLAGS) $(LIBS) $(TEST_LIBS)
$(eval $(call flags_stamp,$(B)/.cflags,COMPILE_FLAGS))
$(eval $(call flags_stamp,$(B)/.ldflags,LINK_FLAGS))

# pkg-config must know every library; checked once for each build folder.
$(B)/.pkgs:
	@for p in $(PKGS) $(TEST_PKGS) $(TOOL_PKGS); do \
		$(PKG_CONFIG) --exists $$p || { \
		echo "worklog: library '$$p' not found by pkg-config; run 'make deps'" >&2; \
		exit 2; }; done
	@mkdir -p $(@D) && touch $@

$(B)/obj/%.o: src/%.c $(B)/.cflags | $(B)/.pkgs
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# The schemas and the hook shims are compiled into the binary (and into
# the fuzzers, from build/fuzz/gen).
.PRECIOUS: %/gen/builtin_schemas.c %/gen/builtin_hooks.c
%/gen/builtin_schemas.c: src/gen-embed.sh $(SCHEMAS)
	@mkdir -p $(dir $@)
	sh src/gen-embed.sh wl_builtin_schemas $(SCHEMAS) > $@.tmp && mv $@.tmp $@

%/gen/builtin_hooks.c: src/gen-embed.sh $(HOOKS)
	@mkdir -p $(dir $@)
	sh src/gen-embed.sh wl_builtin_hooks $(HOOKS) > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/%.o: $(B)/gen/%.c $(B)/.cflags | $(B)/.pkgs
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(B)/libworklog.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/worklog: $(CLI_OBJ) $(B)/libworklog.a $(B)/.ldflags
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libworklog.a $(LIBS)

# A test program is compiled and linked in one step; its .d is FILE.d.
$(B)/tests/%: tests/unit/%.c $(B)/libworklog.a $(B)/.cflags $(B)/.ldflags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) $(DEPFLAGS) -MF $@.d -MT $@ \
		-Itests/unit -o $@ $< $(B)/libworklog.a $(ALL_LDFLAGS) $(LIBS) $(TEST_LIBS)

$(CONF_BIN): tests/conformance/runner.c $(B)/libworklog.a $(B)/.cflags $(B)/.ldflags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -MF $@.d -MT $@ -o $@ $< \
		$(B)/libworklog.a $(ALL_LDFLAGS) $(LIBS)

# The end-to-end tests' tools: png-stats reads t1002's screenshots.
PNG_STATS := $(B)/tools/png-stats
$(PNG_STATS): tests/tools/png_stats.c $(B)/.cflags $(B)/.ldflags | $(B)/.pkgs
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags $(TOOL_PKGS)) $(DEPFLAGS) \
		-MF $@.d -MT $@ -o $@ $< $(ALL_LDFLAGS) $(shell $(PKG_CONFIG) --libs $(TOOL_PKGS))

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d) $(CONF_BIN).d $(PNG_STATS).d

check: unit-tests conformance cli-tests man-lint

unit-tests: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
		echo "== $$t"; $$t || fail=1; done; exit $$fail

conformance: $(CONF_BIN)
	$(CONF_BIN) tests/conformance

# T: the scripts to run (t0201, or several), all when empty; TEST_OPTS:
# options for each (-v, -x, -i, --run=1,3-5; see tests/cli/lib.sh).
cli-tests: $(B)/worklog $(PNG_STATS)
	WORKLOG=$(CURDIR)/$(B)/worklog PNG_STATS=$(CURDIR)/$(PNG_STATS) \
		sh tests/cli/run.sh $(TEST_OPTS) $(T)

# Every man page lints clean, warnings included (t1200 checks that they
# say what the binary does).
man-lint:
	@command -v mandoc >/dev/null 2>&1 || { \
		echo "worklog: mandoc not found; run 'make deps'" >&2; exit 2; }
	mandoc -Tlint -Wwarning $(MAN_PAGES)

demo: deps all
	sh examples/demo.sh $(CURDIR)/$(B)/worklog $(CURDIR)/build/demo

deps:
	sh src/install-deps.sh

MAN1 := $(filter %.1,$(MAN_PAGES))
MAN5 := $(filter %.5,$(MAN_PAGES))

# INSTALL_BIN: the binary to install (the install test gives the one it
# tests, so that installing never builds).
INSTALL_BIN ?= $(B)/worklog

install: $(INSTALL_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(HOOKSDIR)
	install -m 755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/worklog
	ln -sf worklog $(DESTDIR)$(BINDIR)/git-worklog
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 completion/worklog.bash $(DESTDIR)$(BASHCOMPDIR)/worklog
	install -m 644 completion/_worklog $(DESTDIR)$(ZSHCOMPDIR)/_worklog
	install -m 755 $(HOOKS) $(DESTDIR)$(HOOKSDIR)

# Removes what install put there, and the folders only worklog uses.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/worklog $(DESTDIR)$(BINDIR)/git-worklog \
		$(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) \
		$(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) \
		$(DESTDIR)$(BASHCOMPDIR)/worklog $(DESTDIR)$(ZSHCOMPDIR)/_worklog \
		$(HOOKS:hooks/%=$(DESTDIR)$(HOOKSDIR)/%)
	rmdir $(DESTDIR)$(HOOKSDIR) 2>/dev/null || true
	rmdir $(DESTDIR)$(PREFIX)/share/worklog 2>/dev/null || true

# Fuzzers: clang's libFuzzer with ASan and UBSan, in build/fuzz. The
# library is compiled once, instrumented for coverage but without
# libFuzzer's main (fuzzer-no-link), into build/fuzz/libworklog.a, and
# each target is linked against it.
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc -Isrc/lib $(WARN) -g -O1 \
	$(PKG_CFLAGS) -DWL_VERSION='"$(VERSION)"'
FUZZ_SAN = address,undefined
FUZZ_OBJ = $(LIB_SRC:src/lib/%.c=build/fuzz/obj/%.o) $(GEN:%=build/fuzz/obj/gen/%.o)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 60
FUZZ_FLAGS = clang $(FUZZ_CFLAGS) -fsanitize=$(FUZZ_SAN) $(PKG_LIBS)
$(eval $(call flags_stamp,build/fuzz/.flags,FUZZ_FLAGS))

build/fuzz/obj/%.o: src/lib/%.c build/fuzz/.flags | $(B)/.pkgs
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) $(DEPFLAGS) -c -o $@ $<

build/fuzz/obj/gen/%.o: build/fuzz/gen/%.c build/fuzz/.flags | $(B)/.pkgs
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) $(DEPFLAGS) -c -o $@ $<

build/fuzz/libworklog.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BIN): build/fuzz/%: tests/fuzz/%.c build/fuzz/libworklog.a build/fuzz/.flags
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) $(DEPFLAGS) -MF $@.d -MT $@ \
		-o $@ $< build/fuzz/libworklog.a $(PKG_LIBS) -lpthread -lm

-include $(FUZZ_OBJ:.o=.d) $(FUZZ_BIN:=.d)

fuzz: $(FUZZ_BIN)

fuzz-run: fuzz
	@for f in $(FUZZ_SRC:tests/fuzz/%.c=%); do \
		mkdir -p build/fuzz/corpus-$$f; \
		for r in tests/fuzz/regressions/$$f-*; do \
			[ -e "$$r" ] || continue; \
			build/fuzz/$$f "$$r" >/dev/null 2>&1 || { \
			echo "fuzz regression $$r fails"; build/fuzz/$$f "$$r"; exit 1; }; \
		done; \
		echo "== fuzzing $$f for $(FUZZ_SECONDS)s"; \
		build/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
			-print_final_stats=1 build/fuzz/corpus-$$f tests/fuzz/corpus/$$f \
			2>build/fuzz/$$f.log || { tail -50 build/fuzz/$$f.log; exit 1; }; \
		grep -E "stat::(number_of_executed_units|new_units_added|peak_rss_mb)" build/fuzz/$$f.log; done

# The history benchmark's driver: the engine alone, linked to the library.
$(B)/bench/history-walk: tests/bench/history_walk.c $(B)/libworklog.a $(B)/.cflags $(B)/.ldflags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libworklog.a $(ALL_LDFLAGS) $(LIBS)

bench: all $(B)/bench/history-walk
	sh tests/bench/validate.sh $(CURDIR)/$(B)/worklog
	sh tests/bench/hook.sh $(CURDIR)/$(B)/worklog
	sh tests/bench/push.sh $(CURDIR)/$(B)/worklog
	sh tests/bench/lint.sh $(CURDIR)/$(B)/worklog
	sh tests/bench/aggregate.sh $(CURDIR)/$(B)/worklog
	sh tests/bench/history.sh $(CURDIR)/$(B)/worklog
	sh tests/bench/report.sh $(CURDIR)/$(B)/worklog
	sh tests/bench/diff.sh $(CURDIR)/$(B)/worklog
	sh tests/bench/bounds.sh $(CURDIR)/$(B)/worklog

clean:
	rm -rf build
