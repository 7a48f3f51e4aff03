# apue/probe/probe.mk - feature tests: what this system can build.
# Included by the GNUmakefile before any build.mk.
#
# Each HAVE_X is yes or no.  Given on the command line (make HAVE_KCMP=no)
# it is taken as it is; otherwise the probe apue/probe/NAME.c decides it:
# run.sh compiles, links and runs it with the build's compiler and flags.
# No system is asked for its name.  A feature that is no also defines
# APUE_NO_X for the compiler, so that code can leave out what needs it.
#
#   variable             probe           macro when no           needed by
#   HAVE_SYSTEM_STREAMS  streams.c       -                       (the choice below)
#   HAVE_SEQPACKET       seqpacket.c     APUE_NO_SEQPACKET       the STREAMS emulation
#   HAVE_CREDS           creds.c         APUE_NO_CREDS           the emulation, beyond/creds
#   HAVE_KCMP            kcmp.c          APUE_NO_KCMP            beyond/share
#   HAVE_PIDFD_GETFD     pidfd_getfd.c   APUE_NO_PIDFD_GETFD     beyond/getfd
#   HAVE_CMSG_CLOEXEC    cmsg_cloexec.c  APUE_NO_CMSG_CLOEXEC    beyond/cloexec
#   HAVE_PROCFS          procfs.c        APUE_NO_PROCFS          beyond/fdtables, share, inflight
#   HAVE_EPOLL           epoll.c         APUE_NO_EPOLL           exercises/17.5/opend_epoll
#
# The STREAMS transport (STREAMS_BUILD) is the system's own when its
# STREAMS work, else our emulation when SOCK_SEQPACKET and Linux's
# credentials (SCM_CREDENTIALS) are there, else it is not built.

PROBE_CFLAGS = $(STD_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
# Goals that build nothing probe nothing: clean then lists every file
# that any choice of features makes; diff reads sources only.
PROBE_GOALS := $(filter-out clean fuzz-clean diff,$(or $(MAKECMDGOALS),all))

FEATURE_CFLAGS :=
FEATURES :=

# $(call feature,VAR,PROBE,MACRO,WHAT): VAR (yes or no); VAR_WHY, what
# the probe printed or that VAR was given; VAR_NAME, WHAT for messages.
define feature
FEATURES += $(1)
$(1)_NAME := $(4)
ifeq ($$(origin $(1)),undefined)
ifneq ($$(PROBE_GOALS),)
$(1)_PROBE := $$(shell CC='$$(CC)' CFLAGS='$$(PROBE_CFLAGS)' \
	LDFLAGS='$$(LDFLAGS)' LDLIBS='$$(LDLIBS)' sh apue/probe/run.sh $(2))
else
$(1)_PROBE := yes not probed
endif
$(1) := $$(firstword $$($(1)_PROBE))
$(1)_WHY := $$(wordlist 2,$$(words $$($(1)_PROBE)),$$($(1)_PROBE))
else
$(1)_WHY := $(1)=$$($(1)) was given
endif
ifeq ($$(filter yes no,$$($(1))),)
$$(error $(1) must be yes or no, not '$$($(1))')
endif
ifneq ($(3),)
ifeq ($$($(1)),no)
FEATURE_CFLAGS += -DAPUE_NO_$(3)
endif
endif
endef

$(eval $(call feature,HAVE_SYSTEM_STREAMS,streams,,the system's STREAMS))
$(eval $(call feature,HAVE_SEQPACKET,seqpacket,SEQPACKET,SOCK_SEQPACKET))
$(eval $(call feature,HAVE_CREDS,creds,CREDS,credentials on UNIX domain sockets))
$(eval $(call feature,HAVE_KCMP,kcmp,KCMP,kcmp(2)))
$(eval $(call feature,HAVE_PIDFD_GETFD,pidfd_getfd,PIDFD_GETFD,pidfd_getfd(2)))
$(eval $(call feature,HAVE_CMSG_CLOEXEC,cmsg_cloexec,CMSG_CLOEXEC,MSG_CMSG_CLOEXEC))
$(eval $(call feature,HAVE_PROCFS,procfs,PROCFS,/proc/PID/fd and /proc/net/unix))
$(eval $(call feature,HAVE_EPOLL,epoll,EPOLL,epoll(7)))

# $(call needs,VAR...): why what needs these features cannot be built
# ("no kcmp(2) (...) and no ..."), or nothing when every one is yes.
needs = $(strip $(wordlist 2,999,$(foreach f,$(1),$(if $(filter no,$($(f))),\
	and no $($(f)_NAME) ($($(f)_WHY))))))

# Which credentials: the probe prints the interface's name.  Linux's
# (SCM_CREDENTIALS, SO_PASSCRED, SO_PEERCRED) is the one the emulation and
# beyond/creds are written for; FreeBSD's SCM_CREDS serves send_ufd and
# recv_ufd only.
HAVE_SCM_CREDENTIALS_NAME := Linux's SCM_CREDENTIALS and SO_PEERCRED
ifeq ($(HAVE_CREDS),no)
HAVE_SCM_CREDENTIALS := no
HAVE_SCM_CREDENTIALS_WHY := $(HAVE_CREDS_WHY)
else ifneq ($(filter SCM_CREDS,$(HAVE_CREDS_WHY)),)
HAVE_SCM_CREDENTIALS := no
HAVE_SCM_CREDENTIALS_WHY := this system has SCM_CREDS instead
else
HAVE_SCM_CREDENTIALS := yes
endif

# clean must list the emulation's files too.
ifeq ($(origin HAVE_SYSTEM_STREAMS)$(PROBE_GOALS),file)
HAVE_SYSTEM_STREAMS := no
endif

ifeq ($(HAVE_SYSTEM_STREAMS),yes)
STREAMS_BUILD := system
STREAMS_VERDICT := the system's own ($(HAVE_SYSTEM_STREAMS_WHY))
else ifeq ($(HAVE_SEQPACKET) $(HAVE_SCM_CREDENTIALS),yes yes)
STREAMS_BUILD := emulated
STREAMS_VERDICT := the emulation in apue/streams_emu (the system's STREAMS: \
	$(HAVE_SYSTEM_STREAMS_WHY))
else
STREAMS_BUILD := none
STREAMS_VERDICT := not built (the system's STREAMS: \
	$(HAVE_SYSTEM_STREAMS_WHY)); the emulation cannot be built: \
	$(call needs,HAVE_SEQPACKET HAVE_SCM_CREDENTIALS)
endif

# ---- programs that need features ------------------------------------------
# $(eval $(call build_if,LIST,PROGRAM,VAR...)): PROGRAM joins LIST
# (PROGRAMS, SOCKET_PROGRAMS, ...) when every feature is yes; otherwise it
# is left out, and make and the tests say why (.left-out).
LEFT_OUT :=
define build_if
ifeq ($$(call needs,$(3)),)
$(1) += $(2)
else
LEFT_OUT += $(2)
$(2)_LEFT_OUT := $$(call needs,$(3))
endif
endef
