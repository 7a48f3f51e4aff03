# beyond/build.mk - programs beyond the book: demos and benchmarks.
#
# API-level programs (PROGRAMS) use only apue.h and so get a STREAMS twin;
# the others call sendmsg/recvmsg or Linux system calls themselves and link
# against the socket library only.  Linux-only programs are built where the
# features they need are found (apue/probe/probe.mk); elsewhere, or with
# make HAVE_KCMP=no and the like, make says which are left out and why.

# Portable.
PROGRAMS        += beyond/plainint beyond/bench_passfd
SOCKET_PROGRAMS += beyond/cmsgmap beyond/maxfds beyond/ctrunc beyond/backlog \
                   beyond/bench_batch
# The book's diagrams (3e Figures 17.1, 17.6, 17.7, 17.11), drawn live.
SOCKET_PROGRAMS += beyond/diagrams

# Linux only: kcmp, /proc, pidfd_*, SO_PEERCRED/SCM_CREDENTIALS,
# MSG_CMSG_CLOEXEC, /proc/net/unix.
$(eval $(call build_if,PROGRAMS,beyond/share,HAVE_KCMP HAVE_PROCFS))
$(eval $(call build_if,PROGRAMS,beyond/fdtables,HAVE_PROCFS))
$(eval $(call build_if,SOCKET_PROGRAMS,beyond/getfd,HAVE_PIDFD_GETFD))
$(eval $(call build_if,SOCKET_PROGRAMS,beyond/creds,HAVE_SCM_CREDENTIALS))
$(eval $(call build_if,SOCKET_PROGRAMS,beyond/cloexec,HAVE_CMSG_CLOEXEC))
$(eval $(call build_if,SOCKET_PROGRAMS,beyond/inflight,HAVE_PROCFS))

# Benchmarks: tables on stdout, a few minutes at most in all.  BENCH_FLAGS
# passes options to each, e.g. make bench BENCH_FLAGS='-n 2000 -r 3'.
BENCH_FLAGS ?=
.PHONY: bench trace
# With the STREAMS transport built, both bench_passfd builds run through
# beyond/bench_transports.sh, which adds the STREAMS/sockets ratios.
bench: all
	$(if $(HAVE_STREAMS_LIB),sh beyond/bench_transports.sh,beyond/bench_passfd) $(BENCH_FLAGS)
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
                $(if $(filter yes,$(HAVE_EPOLL)),opend_epoll)
.PHONY: load
load: all
	for load in beyond/opend_load $(if $(HAVE_STREAMS_LIB),beyond/streams/opend_load); do \
	    for s in $(LOAD_SERVERS); do $$load -S $$s $(LOAD_FLAGS) || exit 1; done; \
	done
