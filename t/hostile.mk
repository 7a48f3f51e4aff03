# t/hostile.mk - the hostile-peer matrix, the fuzz harnesses and the
# sanitizer build (issue 6).  Included from t/build.mk.

# The matrix: a transport-neutral driver plus one column of peers per
# transport.  The socket column crafts replies with raw sendmsg, so this
# build links against the socket library only.
SOCKET_UNIT_TESTS += t/unit/hostile
t/unit/hostile_OBJS := t/unit/hostile.o t/unit/hostile_sock.o $(TAP_OBJS)
SOCKET_PROGRAMS += t/unit/hostile
