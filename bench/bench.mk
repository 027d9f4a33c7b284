# bench/bench.mk - the benchmark's targets; included from the Makefile:
#
#     include bench/bench.mk
#
#   make bench        the standard set (3 runs per figure; about 7 minutes the
#                     first time, which writes the 10M-message start-up store
#                     and keeps it in $(BUILD) (8.3 GB), about 5.5 minutes
#                     once later runs copy it from there)
#   make bench-quick  the smaller set (1 run; under a minute; keeps its 1M store)
#
# --store-cache $(BUILD): the kept store's name holds a key of the message
# count, size, the hub's schema and the rows its functions write; a new key
# writes a new store and removes the old one. rm $(BUILD)/bench-store-* to
# force a fresh one.
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
