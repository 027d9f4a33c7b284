# tests/powerloss/powerloss.mk - proof against power loss (issue 26).
# Included from the Makefile (`include tests/powerloss/powerloss.mk`).
#
#   make test-powerloss  power cuts of the hub and the agents under load, of
#                        restore, backup and retention, of the files the
#                        commands write, and the harness's self-test (the
#                        proof must fail on the mutations); bounded, ends with
#                        "N passed, N failed"
#
# Knobs (environment or make variables):
#   POWER_CUTS=10         hub power cuts (and as many agent cuts: POWER_AGENT_CUTS)
#   FAULT_SEED=N          repeat a run's cut moments and choices (printed)

POWER_CUTS ?= 10

$(BUILD)/powercut.so: tests/powerloss/powercut.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-format-truncation \
	    -shared -fPIC -o $@ $< -ldl -lpthread

test-powerloss: deps all $(BUILD)/powercut.so
	@BUILD=$(BUILD) POWER_CUTS=$(POWER_CUTS) sh tests/powerloss/run.sh

.PHONY: test-powerloss
