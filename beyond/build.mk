# beyond/build.mk - programs beyond the book: demos and benchmarks.
#
# API-level programs (PROGRAMS) use only apue.h and so get a STREAMS twin;
# the others call sendmsg/recvmsg or Linux system calls themselves and link
# against the socket library only.  Linux-only programs are built only on
# Linux: a reader on another system sees at a glance what will build there.

# Portable.
PROGRAMS        += beyond/plainint beyond/bench_passfd
SOCKET_PROGRAMS += beyond/cmsgmap beyond/maxfds beyond/ctrunc \
                   beyond/bench_batch

# Linux only: kcmp, /proc, pidfd_*, SO_PEERCRED/SCM_CREDENTIALS,
# MSG_CMSG_CLOEXEC, /proc/net/unix.
ifeq ($(UNAME_S),Linux)
PROGRAMS        += beyond/share beyond/fdtables
SOCKET_PROGRAMS += beyond/getfd beyond/creds beyond/cloexec beyond/inflight
endif

# Benchmarks: tables on stdout, a few minutes at most in all.  BENCH_FLAGS
# passes options to each, e.g. make bench BENCH_FLAGS='-n 2000 -r 3'.
BENCH_FLAGS ?=
.PHONY: bench trace
bench: all
	beyond/bench_passfd $(BENCH_FLAGS)
	$(if $(HAVE_STREAMS_LIB),beyond/streams/bench_passfd $(BENCH_FLAGS))
	beyond/bench_batch $(BENCH_FLAGS)

# The fork demo under strace, with the SCM_RIGHTS messages decoded.
trace: ch17/passfd
	@beyond/trace.sh ch17/passfd

# The open server under load, with misbehaving clients: a table,
# one run per server and transport.  t/0720 runs a short version as a test.
# LOAD_FLAGS passes options, e.g. make load LOAD_FLAGS='-c 20 -n 100'.
PROGRAMS += beyond/opend_load
LOAD_FLAGS ?=
LOAD_SERVERS := opend2 opend2_poll opend_compact \
                $(if $(filter Linux,$(UNAME_S)),opend_epoll)
.PHONY: load
load: all
	for load in beyond/opend_load $(if $(HAVE_STREAMS_LIB),beyond/streams/opend_load); do \
	    for s in $(LOAD_SERVERS); do $$load -S $$s $(LOAD_FLAGS) || exit 1; done; \
	done
