# apue/build.mk - the library sources.
# Common to both transports: error helpers, whole-buffer I/O, send_err and
# the reply scanner.  Then one list per transport.

LIB_COMMON_SRCS += apue/error.c apue/errorlog.c apue/readn.c apue/writen.c \
                   apue/send_err.c apue/reply.c apue/report.c

LIB_SOCK_SRCS += apue/sock/fd_pipe.c apue/sock/s_pipe.c \
                 apue/sock/send_fd.c apue/sock/send_ufd.c apue/sock/sock_send.c \
                 apue/sock/send_fd_nowait.c \
                 apue/sock/recv_fd.c apue/sock/recv_ufd.c apue/sock/sock_reply.c \
                 apue/sock/creds.c \
                 apue/sock/serv_listen.c apue/sock/serv_accept.c apue/sock/cli_conn.c \
                 apue/sock/serv_accept_cred.c

# The STREAMS transport keeps its own list.
-include apue/streams/build.mk
