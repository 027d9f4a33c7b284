# regiehub - build, test, demo, benchmark, install.
#
#   make            build regiehub, regie and the tests into build/
#   make demo       a whole network on this machine, playing a story
#   make test       every test; ends with "N passed, N failed"
#   make test-powerloss  power cuts under load (tests/powerloss); bounded
#   make check-asan the same tests under AddressSanitizer + UBSan
#   make bench      the benchmark (bench-quick for a first look)
#   make install    PREFIX=/usr/local (DESTDIR honoured)
#   make po         brings po/*.po up to date with the sources' texts
#
# Every target that needs the libraries first runs `make deps`, which installs
# the Debian packages when they are missing.

PREFIX     ?= /usr/local
DESTDIR    ?=
BUILD      ?= build
CC         ?= cc
PKGS        = libzmq libczmq libsodium msgpack sqlite3 jansson libmicrohttpd
DEB_PKGS    = build-essential pkg-config libzmq3-dev libczmq-dev libsodium-dev \
              libmsgpack-dev libsqlite3-dev libjansson-dev sqlite3 python3 gettext tzdata \
              libmicrohttpd-dev chromium chromium-driver python3-selenium groff-base man-db bsdextrautils

OPT        ?= -O2
CFLAGS_ALL  = -std=gnu11 -D_GNU_SOURCE $(OPT) -g -Wall -Wextra -Wformat=2 -Wno-unused-parameter \
              -Wvla -Wshadow=local -Werror=implicit-function-declaration -fno-strict-aliasing -Iproto -Ihub -Iagent \
              -DPROTO_LOCALEDIR='"$(PREFIX)/share/locale"' \
              $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS) $(XCFLAGS)
LDLIBS_ALL  = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm $(LDLIBS)
LDFLAGS_ALL = $(LDFLAGS) $(XLDFLAGS)

PROTO_SRC  := $(sort $(wildcard proto/*.c))
HUB_SRC    := $(filter-out hub/hub_main.c, $(sort $(wildcard hub/*.c)))
AGENT_SRC  := $(filter-out agent/agent_main.c, $(sort $(wildcard agent/*.c)))
UNIT_SRC   := $(sort $(wildcard tests/unit/*.c))
BENCH_SRC  := $(sort $(wildcard bench/*.c))

PROTO_OBJ  := $(PROTO_SRC:%.c=$(BUILD)/%.o)
HUB_OBJ    := $(HUB_SRC:%.c=$(BUILD)/%.o)
AGENT_OBJ  := $(AGENT_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ   := $(UNIT_SRC:%.c=$(BUILD)/%.o)
HEADERS    := $(wildcard proto/*.h hub/*.h agent/*.h tests/unit/*.h)

PROGRAMS    = $(BUILD)/regiehub $(BUILD)/regie $(BUILD)/unit-tests $(BUILD)/hubclient $(BUILD)/regiebench

# The texts people read: one gettext domain for both programs, English
# msgids, a catalog per language under po/. Building a catalog fails when a
# text of the sources has no translation in it, or a fuzzy one.
LANGUAGES   = nl en
TEXT_SRC   := $(PROTO_SRC) $(HUB_SRC) hub/hub_main.c $(AGENT_SRC) agent/agent_main.c tools/demo.sh
CATALOGS   := $(LANGUAGES:%=$(BUILD)/locale/%/LC_MESSAGES/regiehub.mo)

.PHONY: all deps test check-asan check-valgrind demo demo-keep bench bench-quick \
        test-faults test-powerloss fuzz install clean format po

all: $(PROGRAMS) $(CATALOGS)

deps:
	@sh tools/deps.sh $(DEB_PKGS)

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/po/regiehub.pot: $(TEXT_SRC) tools/po.sh
	@mkdir -p $(dir $@)
	@sh tools/po.sh pot $@ $(TEXT_SRC)

$(BUILD)/locale/%/LC_MESSAGES/regiehub.mo: po/%.po $(BUILD)/po/regiehub.pot tools/po.sh
	@mkdir -p $(dir $@)
	@sh tools/po.sh check po/$*.po $(BUILD)/po/regiehub.pot $@

po: $(BUILD)/po/regiehub.pot
	@for l in $(LANGUAGES); do sh tools/po.sh update po/$$l.po $(BUILD)/po/regiehub.pot $$l; done

$(BUILD)/libregieproto.a: $(PROTO_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libregiehub.a: $(HUB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libregieagent.a: $(AGENT_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/regiehub: $(BUILD)/hub/hub_main.o $(BUILD)/libregiehub.a $(BUILD)/libregieproto.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/regie: $(BUILD)/agent/agent_main.o $(BUILD)/libregieagent.a $(BUILD)/libregieproto.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/unit-tests: $(UNIT_OBJ) $(BUILD)/libregiehub.a $(BUILD)/libregieagent.a $(BUILD)/libregieproto.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/hubclient: $(BUILD)/tests/tools/hubclient.o $(BUILD)/libregieproto.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

# The tests: unit tests, then the real programs on loopback.
test: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tests/run.sh

# Same tests, built with AddressSanitizer and UndefinedBehaviorSanitizer.
check-asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	    XCFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    XLDFLAGS="-fsanitize=address,undefined" all
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    BUILD=build-asan sh tests/run.sh

# A whole network on this machine, playing one household's story.
#   make demo            plays it and stops everything
#   make demo KEEP=1     leaves the network running to explore
#   make demo DEMO_LANG=en  in English (default: Dutch)
demo: deps
	@$(MAKE) --no-print-directory all
	@BUILD=$(BUILD) sh tools/demo.sh $(if $(KEEP),--keep) $(if $(DEMO_LANG),--lang $(DEMO_LANG))

# Installs both programs, the example configuration and the systemd units.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/regiehub/conf/methods \
	    $(DESTDIR)$(PREFIX)/share/doc/regiehub
	install -m 0755 $(BUILD)/regiehub $(BUILD)/regie $(DESTDIR)$(PREFIX)/bin/
	for l in $(LANGUAGES); do \
	    install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
	    install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/regiehub.mo \
	        $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/ || exit 1; \
	done
	install -m 0644 conf/*.example conf/*.service conf/README.md \
	    $(DESTDIR)$(PREFIX)/share/regiehub/conf/
	install -m 0644 conf/methods/*.conf $(DESTDIR)$(PREFIX)/share/regiehub/conf/methods/
	install -m 0644 README.md proto/PROTOCOL.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/regiehub/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0644 docs/man/regie.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 docs/man/regiehub.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0644 conf/completion/regie $(DESTDIR)$(PREFIX)/share/bash-completion/completions/regie
	install -m 0644 conf/completion/regie $(DESTDIR)$(PREFIX)/share/bash-completion/completions/regiehub

clean:
	rm -rf build build-asan build-fuzz

format:
	clang-format -i proto/*.[ch] hub/*.[ch] agent/*.[ch] tests/unit/*.[ch]
include bench/bench.mk
include tests/faults/faults.mk
include tests/powerloss/powerloss.mk
