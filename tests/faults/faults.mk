# tests/faults/faults.mk - proof under faults, attack and bad input (issue 9).
# Included from the Makefile (`include tests/faults/faults.mk`).
#
#   make test-faults    kill -9 cycles, full disk, soak, fuzzing: bounded,
#                       a few minutes; ends with "N passed, N failed"
#   make fuzz           only the fuzz targets (corpus regressions + timed runs)
#   make check-valgrind unit tests and a short hub + agent run under memcheck
#
# Knobs (environment or make variables):
#   FAULT_KILLS=50        hub kills -9 (and as many agent kills: FAULT_AGENT_KILLS)
#   FAULT_SEED=N          repeat a run's kill moments (printed at its start)
#   SOAK_SECONDS=45       soak length; SOAK_AGENTS=8 senders at SOAK_RATE=20/s
#   FUZZ_SECONDS=30       per fuzz target
#   DISK_MB=8             size of the tmpfs for the full-disk test (root only)

FAULT_KILLS  ?= 50
SOAK_SECONDS ?= 45
FUZZ_SECONDS ?= 30
FUZZ_BUILD   ?= build-fuzz
FUZZ_CC      ?= clang
FUZZ_TARGETS  = envelope link config cert agent_json
FUZZ_FLAGS    = -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -Iproto -Ihub -Iagent $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# sources each target needs beside proto/*.c
FUZZ_EXTRA_config     = hub/hub_config.c
FUZZ_EXTRA_agent_json = agent/agent_json.c agent/agent_output.c
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(PROTO_SRC) $(HEADERS) $(FUZZ_EXTRA_config) $(FUZZ_EXTRA_agent_json)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(PROTO_SRC) $(FUZZ_EXTRA_$*) $(LDLIBS_ALL)

# the fault proofs also need a fuzzing compiler and valgrind
FAULT_DEB_PKGS = clang libclang-rt-14-dev valgrind

deps-faults: deps
	@sh tools/deps.sh $(FAULT_DEB_PKGS)

fuzz-build: deps-faults $(FUZZ_BINS)

fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/faults/fuzz.sh

test-faults: deps all fuzz-build
	@BUILD=$(BUILD) FUZZ_BUILD=$(FUZZ_BUILD) FAULT_KILLS=$(FAULT_KILLS) \
	    SOAK_SECONDS=$(SOAK_SECONDS) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/faults/run.sh

check-valgrind: deps-faults all
	@BUILD=$(BUILD) sh tests/faults/valgrind.sh

.PHONY: fuzz-build deps-faults
