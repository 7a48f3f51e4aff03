# t/servers.mk - C programs of the t/04xx tests (unique connections and
# the open servers).  Included from t/build.mk.

# Socket-only: the socket serv_listen/serv_accept/cli_conn, and the open
# server's pure parts (request parsing and framing).
SOCKET_PROGRAMS += t/unit/unique_conn t/unit/opend_parse
t/unit/unique_conn_OBJS := t/unit/unique_conn.o $(TAP_OBJS)
t/unit/opend_parse_OBJS := t/unit/opend_parse.o $(TAP_OBJS) \
                           ch17/opend_request.o ch17/opend_reader.o

# Over both transports: a client that misbehaves on purpose.
PROGRAMS += t/unit/opend_client
t/unit/opend_client_OBJS := t/unit/opend_client.o

# The attacks of a hostile local user on the servers run as root (t/0470):
# one over sockets only (it binds names itself), one over both transports.
SOCKET_PROGRAMS += t/unit/attack_sock
PROGRAMS += t/unit/attack_any
t/unit/attack_sock_OBJS := t/unit/attack_sock.o
t/unit/attack_any_OBJS := t/unit/attack_any.o
