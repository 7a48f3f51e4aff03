# apue/streams/build.mk - the STREAMS transport: the book's functions on
# top of <stropts.h>, and, where the system has no <stropts.h> (Linux:
# glibc dropped it in 2.30, and Linux never had STREAMS), our emulation
# of it, found through -Iapue/streams/compat.

HAVE_SYS_STROPTS := $(shell printf '\043include <stropts.h>\n' | \
	$(CC) -E -x c - >/dev/null 2>&1 && echo yes)

LIB_STREAMS_SRCS += apue/streams/s_pipe.c apue/streams/fd_pipe.c \
                    apue/streams/send_fd.c apue/streams/send_ufd.c \
                    apue/streams/recv_fd.c apue/streams/recv_ufd.c \
                    apue/streams/strm_reply.c apue/streams/strm_write.c \
                    apue/streams/serv_listen.c apue/streams/serv_accept.c \
                    apue/streams/cli_conn.c apue/streams/serv_accept_cred.c

ifneq ($(HAVE_SYS_STROPTS),yes)
ALL_CFLAGS += -Iapue/streams/compat
LIB_STREAMS_SRCS += apue/streams/wire.c apue/streams/headstate.c \
                    apue/streams/getmsg.c apue/streams/putmsg.c \
                    apue/streams/stream_ioctl.c apue/streams/stream_pipe.c \
                    apue/streams/fattach.c apue/streams/stream_read.c \
                    apue/streams/stream_write.c apue/streams/io_wrap.c
# read(2) and write(2) of a stream behave as on a stream head (the rest
# of a message kept; a long write split into messages): every read and
# write of a STREAMS build goes through io_wrap.c (see there).
STREAMS_LDFLAGS := -Wl,--wrap=read -Wl,--wrap=__read_chk -Wl,--wrap=write
endif
