# t/fuzz/build.mk - libFuzzer harnesses (clang only).  Not part of `all`:
#   make fuzz                 replay each committed corpus, then fuzz each
#                             harness for FUZZ_TIME seconds
#   make fuzz FUZZ_TIME=10    a short run, as CI does
# New inputs go to t/fuzz/work/NAME (not committed); a crash is written
# there as crash-*: copy it into t/fuzz/corpus/NAME/ so that every later
# `make fuzz` replays it.  A harness is t/fuzz/NAME_fuzz.c.

FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = $(STD_CFLAGS) $(WARN_CFLAGS) -Iapue -g -O1 $(FUZZ_SAN)
FUZZ_NAMES := recv_fd reply_scan request
FUZZ_BINS  := $(FUZZ_NAMES:%=t/fuzz/%_fuzz)

# The library, built again with coverage for the fuzzer (sockets side).
FUZZ_LIB_OBJS := $(patsubst %.c,t/fuzz/obj/%.o,$(LIB_COMMON_SRCS) $(LIB_SOCK_SRCS))

t/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BINS): t/fuzz/%_fuzz: t/fuzz/%_fuzz.c $(FUZZ_LIB_OBJS)
	$(call say,LD)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

# The request harness links the open server's parser and framing too.
t/fuzz/request_fuzz: t/fuzz/obj/ch17/opend_request.o t/fuzz/obj/ch17/opend_reader.o

FUZZ_RUN_FLAGS = -max_len=4096 -timeout=10 -close_fd_mask=2

.PHONY: fuzz fuzz-build fuzz-clean
fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@set -e; for name in $(FUZZ_NAMES); do \
	    mkdir -p t/fuzz/work/$$name; \
	    echo "fuzz: $$name: replaying t/fuzz/corpus/$$name"; \
	    t/fuzz/$${name}_fuzz $(FUZZ_RUN_FLAGS) -runs=0 \
	        t/fuzz/corpus/$$name 2>t/fuzz/work/$$name.log || \
	        { cat t/fuzz/work/$$name.log; exit 1; }; \
	    echo "fuzz: $$name: fuzzing for $(FUZZ_TIME) s"; \
	    t/fuzz/$${name}_fuzz $(FUZZ_RUN_FLAGS) \
	        -max_total_time=$(FUZZ_TIME) \
	        -artifact_prefix=t/fuzz/work/$$name/ \
	        t/fuzz/work/$$name t/fuzz/corpus/$$name \
	        2>t/fuzz/work/$$name.log || \
	        { tail -n 60 t/fuzz/work/$$name.log; exit 1; }; \
	    tail -n 1 t/fuzz/work/$$name.log; \
	done

fuzz-clean:
	rm -rf t/fuzz/obj t/fuzz/work $(FUZZ_BINS)

clean: fuzz-clean
