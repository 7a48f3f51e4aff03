# exercises/build.mk - the chapter's exercises, one folder per number.
# Programs that use only apue.h get a STREAMS twin (PROGRAMS); the others
# call sockets or the file system themselves (SOCKET_PROGRAMS).

PROGRAMS        += exercises/17.2/offset
SOCKET_PROGRAMS += exercises/17.1/boundaries exercises/17.3/globals \
                   exercises/17.6/stat_unlink exercises/17.7/several

exercises/17.3/globals_OBJS := exercises/17.3/main.o exercises/17.3/report.o

# Exercise 17.4: buf_args with no compile-time limit on argv.
PROGRAMS += exercises/17.4/args
exercises/17.4/args_OBJS := exercises/17.4/args.o exercises/17.4/buf_args.o

# Exercise 17.5: the server loop optimised (compact poll array; epoll on
# Linux), on the version 2 server's main and request handling.
EX17_5_OBJS := exercises/17.5/conn.o $(OPEND2_COMMON)
PROGRAMS += exercises/17.5/opend_compact
exercises/17.5/opend_compact_OBJS := exercises/17.5/loop_compact.o $(EX17_5_OBJS)
$(eval $(call build_if,PROGRAMS,exercises/17.5/opend_epoll,HAVE_EPOLL))
exercises/17.5/opend_epoll_OBJS := exercises/17.5/loop_epoll.o $(EX17_5_OBJS)

# Exercise 17.5, measured: a table of requests per second (make bench-opend).
PROGRAMS += exercises/17.5/bench
# The price of privilege separation (make bench-opend runs it too), and
# of a refused connection under a flood.
PROGRAMS += exercises/17.5/bench_secure exercises/17.5/bench_refuse
.PHONY: bench bench-opend
bench: bench-opend
bench-opend: all
	exercises/17.5/bench
	$(if $(HAVE_STREAMS_LIB),exercises/17.5/streams/bench)
	exercises/17.5/bench_secure
	$(if $(HAVE_STREAMS_LIB),exercises/17.5/streams/bench_secure)
	exercises/17.5/bench_refuse
	$(if $(HAVE_STREAMS_LIB),exercises/17.5/streams/bench_refuse)

# Exercise 17.1 on Figure 17.3: the poller with pipes, and the copies per
# message counted (threads and message queues; ch17/msgq.c is shared).
SOCKET_PROGRAMS += exercises/17.1/pollmsg_pipe exercises/17.1/copies
exercises/17.1/pollmsg_pipe_OBJS := exercises/17.1/pollmsg_pipe.o ch17/msgq.o
exercises/17.1/copies_OBJS := exercises/17.1/copies.o ch17/msgq.o
exercises/17.1/pollmsg_pipe.o exercises/17.1/copies.o: private EXTRA_CFLAGS += -pthread
exercises/17.1/pollmsg_pipe exercises/17.1/copies: private LDLIBS += -pthread
