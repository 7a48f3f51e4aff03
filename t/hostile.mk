# t/hostile.mk - the hostile-peer matrix, the fuzz harnesses and the
# sanitizer build (issue 6).  Included from t/build.mk.

# The matrix: a transport-neutral driver plus one column of peers per
# transport.  The socket column crafts replies with raw sendmsg, so this
# build links against the socket library only.
t/unit/hostile_OBJS := t/unit/hostile.o t/unit/hostile_sock.o $(TAP_OBJS)
SOCKET_PROGRAMS += t/unit/hostile

# ---- the sanitizer build: make clean; make check SANITIZE=1 -----------------
# Everything (libraries, programs, tests) is built with AddressSanitizer and
# UndefinedBehaviorSanitizer; any report fails the program, so its test
# fails.  Objects of a plain build must not be mixed in: make clean first.
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
