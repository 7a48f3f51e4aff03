# t/build.mk - C programs the TAP tests run.  Each unit test prints TAP
# itself; t/NNNN-*.t runs it under prove.

TAP_OBJS := t/unit/tap.o t/unit/peer.o t/unit/plain_pipe.o

# Tests of the API contract: built over both transports.
UNIT_TESTS := t/unit/status_bytes t/unit/fd_kinds t/unit/peer_closes
PROGRAMS += $(UNIT_TESTS)

# Tests that craft replies with raw sendmsg: sockets only.
SOCKET_UNIT_TESTS := t/unit/malformed_replies t/unit/credentials
SOCKET_PROGRAMS += $(SOCKET_UNIT_TESTS)

$(foreach u,$(UNIT_TESTS) $(SOCKET_UNIT_TESTS),$(eval $(u)_OBJS := $(u).o $(TAP_OBJS)))

# Unique connections and the open servers (t/04xx): see t/servers.mk.
include t/servers.mk
# The hostile-peer matrix (t/07xx): see t/hostile.mk.
include t/hostile.mk
# make grade and make grade-streams: see t/grade/grade.mk.
include t/grade/grade.mk

# getmsg's descriptor held for I_RECVFD: the emulation's own test.
STREAMS_ONLY_PROGRAMS += t/unit/str_held
t/unit/str_held_OBJS := t/unit/str_held.o $(TAP_OBJS)

# Tests of the STREAMS emulation itself (getmsg, ioctl, fattach): linked
# against the STREAMS library only.
STREAMS_UNIT_TESTS := t/unit/str_sendfd t/unit/str_recvfd t/unit/str_getmsg \
                      t/unit/str_noleak t/unit/str_connld t/unit/str_read \
                      t/unit/str_connld_busy t/unit/str_getmsg_recvfd \
                      t/unit/str_book t/unit/str_streamio
STREAMS_ONLY_PROGRAMS += $(STREAMS_UNIT_TESTS)
$(foreach u,$(STREAMS_UNIT_TESTS),$(eval $(u)_OBJS := $(u).o $(TAP_OBJS)))
# read(2) compiled with _FORTIFY_SOURCE (glibc's __read_chk) as well.
t/unit/str_read_OBJS += t/unit/str_read_chk.o
# Every spelling of open(2) glibc has, each called by name.
t/unit/str_book_OBJS += t/unit/str_book_open.o t/unit/str_book_fortify.o
# make book, and the stand-in tree t/builds/0310 runs it on: see t/book.mk.
include t/book.mk

# send_fd on a full stream (t/0322): poll(2) wrapped, so that the test
# sees send_fd wait for room.
STREAMS_ONLY_PROGRAMS += t/unit/str_sendfd_full
t/unit/str_sendfd_full_OBJS := t/unit/str_sendfd_full.o $(TAP_OBJS)
t/unit/str_sendfd_full: override LDFLAGS += -Wl,--wrap=poll

# A STREAMS program linked without the wraps says so (t/0323): the same
# test linked twice, once as every STREAMS program is, once by hand with
# the STREAMS libraries and none of STREAMS_LDFLAGS.  The emulation only.
ifeq ($(STREAMS_BUILD),emulated)
STREAMS_ONLY_PROGRAMS += t/unit/str_wrapped
t/unit/str_wrapped_OBJS := t/unit/str_wraps.o $(TAP_OBJS)
t/unit/str_unwrapped: t/unit/str_wraps.o $(TAP_OBJS) $(STREAMS_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS)
all: t/unit/str_unwrapped
CLEAN_FILES += t/unit/str_unwrapped
endif

# Fault injection (t/0730, t/0731): the library's system calls made to
# fail on purpose, through link-time wraps (t/unit/fault.c).  One test
# per transport; each links the library's objects with the wraps.
FAULT_CALLS := socket socketpair bind listen accept connect chmod rename \
               fork sendmsg dup2
FAULT_WRAPS := $(foreach c,$(FAULT_CALLS),-Wl,--wrap=$(c))
FAULT_OBJS := t/unit/fault.o $(TAP_OBJS)
SOCKET_PROGRAMS += t/unit/faults
t/unit/faults_OBJS := t/unit/faults.o $(FAULT_OBJS)
STREAMS_ONLY_PROGRAMS += t/unit/str_faults
t/unit/str_faults_OBJS := t/unit/str_faults.o $(FAULT_OBJS)
t/unit/faults t/unit/str_faults: override LDFLAGS += $(FAULT_WRAPS)
