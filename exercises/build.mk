# exercises/build.mk - the chapter's exercises, one folder per number.
# Programs that use only apue.h get a STREAMS twin (PROGRAMS); the others
# call sockets or the file system themselves (SOCKET_PROGRAMS).

PROGRAMS        += exercises/17.2/offset
SOCKET_PROGRAMS += exercises/17.1/boundaries exercises/17.3/globals \
                   exercises/17.6/stat_unlink exercises/17.7/several

exercises/17.3/globals_OBJS := exercises/17.3/main.o exercises/17.3/report.o
