/*
 * attach.h - what fattach (fattach.c) and the helper process it starts
 * (attach_helper.c) share: how the helper reports to fattach, how a
 * detach request is told from an opener, and how a forked process ends.
 * Internal to the emulation.
 */
#ifndef APUE_STREAMS_ATTACH_H
#define APUE_STREAMS_ATTACH_H

#include <sys/stat.h>
#include <sys/types.h>

/* What the helper tells fattach over the control socket before fattach
 * returns: its pid (from the intermediate child, so that fattach can
 * stop a helper that never answers), then whether it is ready (0) or the
 * errno of the step that failed.  Each is one send of 8 bytes, which a
 * UNIX stream socket queues whole (two writers never interleave within
 * one), and fattach reads 8 bytes at a time with MSG_WAITALL, in
 * whatever order the two come.  (Not SOCK_SEQPACKET: the emulation would
 * take the control socket for a stream.) */
struct helper_report {
	int kind;               /* 'p': value is the pid; 'r': ready or errno;
				 * an int, so the record has no padding */
	int value;
};


/* Send one report to fattach over the control socket. */
void report_to_fattach(int control, int kind, int value);

/* fdetach from a process other than the one that attached connects with
 * its socket bound to an abstract name that starts with this, so the
 * helper tells it from an opener before a byte is read. */
#define DETACH_PREFIX "apue-streams-fdetach."

/* How a process that fattach forked ends: the intermediate child of the
 * double fork, and the helper.  Never the caller's process, which gets
 * -1 and errno from fattach.  _exit, not exit: the caller's atexit
 * handlers and unflushed stdio buffers, copied by fork, are the caller's
 * own and must not run or be written twice (t/unit/str_faults checks). */
_Noreturn void end_forked_child(int status);

/* In the grandchild of fattach's double fork: keep listener, stream and
 * control as descriptors 0, 1 and 2, close everything else, leave the
 * caller's session, tell fattach that the helper is ready (or why not),
 * and serve the name until fdetach.  bound: the socket that stands for
 * the name; owner: the file's owner, who may detach from any process. */
_Noreturn void start_helper(int listener, int stream, int control,
			    const char *path, mode_t mode, int connld,
			    const struct stat *bound, uid_t owner);

#endif
