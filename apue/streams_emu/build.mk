# apue/streams_emu/build.mk - the STREAMS emulation: what a system with
# real STREAMS supplies in its C library and kernel (<stropts.h>, getmsg,
# putmsg, the STREAMS ioctls, fattach, connld, a stream pipe), built as
# its own library, apue/libstreams_emu.a, only where the probe found no
# working STREAMS of the system's (STREAMS_BUILD emulated: Linux; glibc
# before 2.30 has a <stropts.h> whose functions fail with ENOSYS, musl's
# has no getmsg or putmsg, newer glibc has none).  Every STREAMS program
# links it after apue/libapue_streams.a.  Included by apue/streams/build.mk.

ifeq ($(STREAMS_BUILD),emulated)
# Before any other -I, so that a stand-in <stropts.h> elsewhere loses.
STREAMS_CFLAGS := -Iapue/streams_emu/compat
LIB_STREAMS_EMU_SRCS += apue/streams_emu/wire.c apue/streams_emu/headstate.c \
                    apue/streams_emu/getmsg.c apue/streams_emu/putmsg.c \
                    apue/streams_emu/stream_ioctl.c apue/streams_emu/stream_pipe.c \
                    apue/streams_emu/push.c apue/streams_emu/fattach.c \
                    apue/streams_emu/attach_helper.c apue/streams_emu/stream_open.c \
                    apue/streams_emu/stream_read.c \
                    apue/streams_emu/stream_write.c apue/streams_emu/io_wrap.c \
                    apue/streams_emu/connld.c apue/streams_emu/streamio.c \
                    apue/streams_emu/isastream.c apue/streams_emu/not_linked.c
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
