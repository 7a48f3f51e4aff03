# t/build.mk - C programs the TAP tests run.  Each unit test prints TAP
# itself; t/NNNN-*.t runs it under prove.

TAP_OBJS := t/unit/tap.o t/unit/peer.o

# Tests of the API contract: built over both transports.
UNIT_TESTS :=
PROGRAMS += $(UNIT_TESTS)

# Tests that craft replies with raw sendmsg: sockets only.
SOCKET_UNIT_TESTS :=
SOCKET_PROGRAMS += $(SOCKET_UNIT_TESTS)

$(foreach u,$(UNIT_TESTS) $(SOCKET_UNIT_TESTS),$(eval $(u)_OBJS := $(u).o $(TAP_OBJS)))
include t/hostile.mk
