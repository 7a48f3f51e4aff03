# ch17/build.mk - the chapter's programs, each built over both transports.

PROGRAMS += ch17/passfd

# The open servers (3e Figures 17.17-17.31): version 1, started by its
# client over fd_pipe; version 2, a daemon with a select loop and a poll
# loop; and the two clients.
OPEND_COMMON := ch17/opend_handle.o ch17/opend_access.o ch17/opend_worker.o \
                ch17/opend_reader.o ch17/opend_request.o ch17/opend_settings.o
# What version 2's main calls beyond the book (options, roles, accepting),
# and privilege separation: the root process and the worker.
OPEND2_SERVE := ch17/opend_serve.o ch17/opend_accept.o ch17/opend_privsep.o \
                ch17/opend_seal.o ch17/opend_refuse.o
OPEND2_COMMON := ch17/opend2_main.o ch17/opend_client.o $(OPEND2_SERVE) \
                 $(OPEND_COMMON)
OPEN_COMMON := ch17/open.o ch17/csopen_request.o

PROGRAMS += ch17/opend ch17/opend2 ch17/opend2_poll ch17/open ch17/open2
ch17/opend_OBJS       := ch17/opend.o $(OPEND_COMMON)
ch17/opend2_OBJS      := ch17/opend2_select.o $(OPEND2_COMMON)
ch17/opend2_poll_OBJS := ch17/opend2_poll.o $(OPEND2_COMMON)
ch17/open_OBJS        := ch17/open_options.o ch17/csopen.o $(OPEN_COMMON)
ch17/open2_OBJS       := ch17/open2.o ch17/csopen2.o ch17/csopen_server.o \
                         $(OPEN_COMMON)

# Figures 17.3-17.5: polling XSI message queues through datagram sockets
# (threads), posting to such a queue, binding a UNIX domain socket.  They
# use sockets and message queues themselves: no STREAMS twin.
SOCKET_PROGRAMS += ch17/pollmsg ch17/sendmsg ch17/bindunix
ch17/pollmsg_OBJS := ch17/pollmsg.o ch17/msgq.o
ch17/sendmsg_OBJS := ch17/sendmsg.o ch17/msgq.o
ch17/pollmsg.o ch17/msgq.o: private EXTRA_CFLAGS += -pthread
ch17/pollmsg ch17/sendmsg: private LDLIBS += -pthread
