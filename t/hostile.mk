# t/hostile.mk - the hostile-peer matrix, the fuzz harnesses and the
# sanitizer build.  Included from t/build.mk.

# The matrix: a transport-neutral driver plus one column of peers per
# transport.  The socket column crafts replies with raw sendmsg, so this
# build links against the socket library only.
t/unit/hostile_OBJS := t/unit/hostile.o t/unit/hostile_sock.o t/unit/hostile_peers.o $(TAP_OBJS)
SOCKET_PROGRAMS += t/unit/hostile

# The STREAMS column: t/unit/hostile_streams.c defines hostile_column for
# the STREAMS transport.  Once it exists (and the STREAMS library is
# built), t/unit/streams/hostile is the same driver linked with that
# column and the STREAMS libraries; t/0701 runs it.
ifneq ($(and $(LIB_STREAMS_SRCS),$(wildcard t/unit/hostile_streams.c)),)
HOSTILE_STREAMS := t/unit/streams/hostile
HOSTILE_STREAMS_OBJS := t/unit/hostile.o t/unit/hostile_streams.o t/unit/hostile_peers.o $(TAP_OBJS)
$(HOSTILE_STREAMS): $(HOSTILE_STREAMS_OBJS) $(STREAMS_LIBS)
	@mkdir -p $(@D)
	$(call say,LD)$(LINK)
all: $(HOSTILE_STREAMS)
CLEAN_FILES += $(HOSTILE_STREAMS) t/unit/hostile_streams.o t/unit/hostile_streams.d
-include t/unit/hostile_streams.d
endif

# ---- the sanitizer build: make check SANITIZE=1 -----------------------------
# Everything (libraries, programs, tests) is built with AddressSanitizer and
# UndefinedBehaviorSanitizer; any report fails the program, so its test
# fails.  The flags go into EXTRA_CFLAGS, so the GNUmakefile's flags stamp
# rebuilds every object when SANITIZE changes.
ifneq ($(SANITIZE),)
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
                  -fno-omit-frame-pointer
override EXTRA_CFLAGS += $(SANITIZE_FLAGS)
# Leak checking stays on; a report ends the process with status 1.
export ASAN_OPTIONS ?= detect_leaks=1:abort_on_error=0:exitcode=1
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1
endif

# ---- fuzzing: make fuzz (see t/fuzz/build.mk) -------------------------------
include t/fuzz/build.mk
