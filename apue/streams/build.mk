# apue/streams/build.mk - the STREAMS transport: the book's functions on
# top of <stropts.h>, in apue/libapue_streams.a.  Which <stropts.h> is
# decided by a probe, not by the header's presence (apue/probe/streams.c,
# run from apue/probe/probe.mk): the system's, where its STREAMS pipes
# work (illumos, Solaris); otherwise our emulation, the "system" part
# (apue/streams_emu/build.mk).  STREAMS_BUILD none: neither, and no
# STREAMS library is built.

ifneq ($(STREAMS_BUILD),none)
LIB_STREAMS_SRCS += apue/streams/s_pipe.c apue/streams/fd_pipe.c \
                    apue/streams/send_fd.c apue/streams/send_ufd.c \
                    apue/streams/send_fd_nowait.c \
                    apue/streams/recv_fd.c apue/streams/recv_ufd.c \
                    apue/streams/strm_reply.c apue/streams/strm_write.c \
                    apue/streams/serv_listen.c apue/streams/serv_accept.c \
                    apue/streams/cli_conn.c apue/streams/serv_accept_cred.c
endif

-include apue/streams_emu/build.mk
