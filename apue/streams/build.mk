# apue/streams/build.mk - the STREAMS transport: the book's functions on
# top of <stropts.h>.  Which <stropts.h> is decided by a probe, not by the
# header's presence (apue/probe/streams.c, run from apue/probe/probe.mk):
# the system's, where its STREAMS pipes work (illumos, Solaris); otherwise
# our emulation, found through -Iapue/streams/compat (Linux: glibc before
# 2.30 has a <stropts.h> whose functions fail with ENOSYS, musl's has no
# getmsg or putmsg, newer glibc has none).  STREAMS_BUILD none: neither,
# and no STREAMS library is built.

ifneq ($(STREAMS_BUILD),none)
LIB_STREAMS_SRCS += apue/streams/s_pipe.c apue/streams/fd_pipe.c \
                    apue/streams/send_fd.c apue/streams/send_ufd.c \
                    apue/streams/recv_fd.c apue/streams/recv_ufd.c \
                    apue/streams/strm_reply.c apue/streams/strm_write.c \
                    apue/streams/serv_listen.c apue/streams/serv_accept.c \
                    apue/streams/cli_conn.c apue/streams/serv_accept_cred.c
endif

ifeq ($(STREAMS_BUILD),emulated)
# Before any other -I, so that a stand-in <stropts.h> elsewhere loses.
STREAMS_CFLAGS := -Iapue/streams/compat
LIB_STREAMS_SRCS += apue/streams/wire.c apue/streams/headstate.c \
                    apue/streams/getmsg.c apue/streams/putmsg.c \
                    apue/streams/stream_ioctl.c apue/streams/stream_pipe.c \
                    apue/streams/fattach.c apue/streams/stream_read.c \
                    apue/streams/stream_write.c apue/streams/io_wrap.c \
                    apue/streams/connld.c apue/streams/streamio.c \
                    apue/streams/isastream.c
# read(2) and write(2) of a stream behave as on a stream head (the rest
# of a message kept; a long write split into messages): every read and
# write of a STREAMS build goes through io_wrap.c (see there).
STREAMS_LDFLAGS := -Wl,--wrap=read -Wl,--wrap=__read_chk -Wl,--wrap=write
# The book's STREAMS code as printed: pipe(2) makes a stream pipe, and
# open(2) of an attached name (every spelling glibc has) reaches the
# stream, through connld when pushed (io_wrap.c).
STREAMS_LDFLAGS += -Wl,--wrap=pipe \
	-Wl,--wrap=open -Wl,--wrap=open64 -Wl,--wrap=openat -Wl,--wrap=openat64 \
	-Wl,--wrap=__open_2 -Wl,--wrap=__open64_2 \
	-Wl,--wrap=__openat_2 -Wl,--wrap=__openat64_2
endif

# Tests of the emulation's extras (stream_pipe, STREAM_MSG_ROOM, ...):
# built only with the emulation (see the GNUmakefile).
EMULATION_TESTS := t/unit/str_read t/unit/str_getmsg_recvfd
