# t/grade/grade.mk - make grade SRC=mine.c and make grade-streams SRC=mine.c:
# the contract cases of the suite run against a send_fd, send_err and
# recv_fd someone else wrote (t/README.md, "make grade: t/grade, t/0900").  Included from t/build.mk.
#
# t/grade/grade.pl builds each file against our apue.h, the driver
# t/grade/grade.c, the hostile-peer matrix's peers and a copy of our
# library with our own send_fd, send_err and recv_fd taken out; our three
# are linked too, renamed ref_send_fd, ref_send_err and ref_recv_fd
# (objcopy --redefine-sym), as are their callers among the peers.

GRADE_DRIVER := t/grade/grade.o
GRADE_SHARED := $(GRADE_DRIVER) t/unit/peer.o t/unit/tap.o t/unit/plain_pipe.o
# The peers that reply to the graded recv_fd: their calls of send_fd and
# send_err are renamed to ours.
GRADE_SOCK_PEERS    := t/unit/hostile_sock.o t/unit/hostile_peers.o
GRADE_STREAMS_PEERS := t/unit/hostile_streams.o t/unit/hostile_peers.o
# The archives a program of each transport links, in link order.  The
# members holding our three functions are taken out of the copy the graded
# file links.  GRADE_STREAMS_LIBS is what a STREAMS program links (the
# STREAMS library and, with the emulation, the emulation's library).
GRADE_SOCK_LIBS    := $(LIBAPUE)
GRADE_STREAMS_LIBS = $(STREAMS_LIBS)
GRADE_OURS := send_fd.o send_err.o recv_fd.o
OBJCOPY ?= objcopy

# The graded file is built without the sanitizers (its bugs are what the
# card reports; some samples abort or read past a buffer on purpose) and
# without -Werror (a warning is the author's business).
GRADE_CFLAGS = $(filter-out $(SANITIZE_FLAGS) -Werror,$(ALL_CFLAGS))

grade_run = perl t/grade/grade.pl --transport $(1) --cc '$(CC)' \
	--cflags '$(GRADE_CFLAGS)' \
	--link-flags '$(ALL_CFLAGS) $(LDFLAGS) $(2)' --ldlibs '$(LDLIBS)' \
	--objs '$(GRADE_SHARED)' --peers '$(3)' --libs '$(4)' \
	--ours '$(GRADE_OURS)' --objcopy '$(OBJCOPY)' -- $(SRC)

.PHONY: grade grade-streams
grade: $(GRADE_SHARED) $(GRADE_SOCK_PEERS) $(GRADE_SOCK_LIBS)
	@$(call grade_run,sockets,,$(GRADE_SOCK_PEERS),$(GRADE_SOCK_LIBS))

ifneq ($(LIB_STREAMS_SRCS),)
grade-streams: $(GRADE_SHARED) $(GRADE_STREAMS_PEERS) $(GRADE_STREAMS_LIBS)
	@$(call grade_run,streams,$(STREAMS_LDFLAGS),$(GRADE_STREAMS_PEERS),$(GRADE_STREAMS_LIBS))
else
grade-streams:
	$(error no STREAMS library in this build; STREAMS: $(STREAMS_VERDICT))
endif

# Built with the tree, so the tests' make grade only builds the graded file.
all: $(GRADE_SHARED)
-include $(GRADE_DRIVER:.o=.d)
CLEAN_FILES += $(GRADE_DRIVER) $(GRADE_DRIVER:.o=.d)
