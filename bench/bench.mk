# bench/bench.mk - the benchmark's targets; included from the Makefile:
#
#     include bench/bench.mk
#
#   make bench        the standard set (3 runs per figure; about 8 minutes)
#   make bench-quick  the smaller set (1 run; about a minute)
#
# BENCH_ARGS passes options through, e.g. make bench BENCH_ARGS="--backlog 200000".
# The table is also appended to $(BUILD)/bench-results.txt.

BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/regiebench: $(BENCH_OBJ) $(BUILD)/libregiehub.a $(BUILD)/libregieproto.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/regiehub $(BUILD)/regiebench
	@$(BUILD)/regiebench suite full --regiehub $(BUILD)/regiehub --store-cache $(BUILD) \
	    --out $(BUILD)/bench-results.txt $(BENCH_ARGS)
	@$(BUILD)/regiebench pool --regiehub $(BUILD)/regiehub \
	    --out $(BUILD)/bench-results.txt

bench-quick: deps
	@$(MAKE) --no-print-directory $(BUILD)/regiehub $(BUILD)/regiebench
	@$(BUILD)/regiebench suite quick --regiehub $(BUILD)/regiehub --store-cache $(BUILD) \
	    --out $(BUILD)/bench-results.txt $(BENCH_ARGS)
	@$(BUILD)/regiebench pool --regiehub $(BUILD)/regiehub --messages 20000 \
	    --out $(BUILD)/bench-results.txt
