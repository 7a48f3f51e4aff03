# exercises/build.mk - the chapter's exercises.

# Exercise 17.4: buf_args with no compile-time limit on argv.
PROGRAMS += exercises/ex17_4_args
exercises/ex17_4_args_OBJS := exercises/ex17_4_args.o exercises/ex17_4_buf_args.o

# Exercise 17.5: the server loop optimised (compact poll array; epoll on
# Linux), on the version 2 server's main and request handling.
EX17_5_OBJS := exercises/ex17_5_conn.o ch17/opend2_main.o ch17/opend_client.o \
               ch17/opend_handle.o ch17/opend_access.o ch17/opend_reader.o \
               ch17/opend_request.o
PROGRAMS += exercises/ex17_5_opend_compact
exercises/ex17_5_opend_compact_OBJS := exercises/ex17_5_loop_compact.o $(EX17_5_OBJS)
ifeq ($(UNAME_S),Linux)
PROGRAMS += exercises/ex17_5_opend_epoll
exercises/ex17_5_opend_epoll_OBJS := exercises/ex17_5_loop_epoll.o $(EX17_5_OBJS)
endif

# Exercise 17.5, measured: a table of requests per second (make bench-opend).
PROGRAMS += exercises/ex17_5_bench
.PHONY: bench bench-opend
bench: bench-opend
bench-opend: all
	exercises/ex17_5_bench
	$(if $(HAVE_STREAMS_LIB),exercises/streams/ex17_5_bench)
