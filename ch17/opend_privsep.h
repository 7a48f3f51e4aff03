/*
 * opend_privsep.h - the privilege-separated open server's own calls (not
 * in the book): sealing a worker (opend_seal.c) and letting go of a
 * connection root will not serve (opend_refuse.c).
 */
#ifndef OPEND_PRIVSEP_H
#define OPEND_PRIVSEP_H

#include "apue.h"

/* opend_seal.c.  The client's supplementary groups from the kernel
 * (SO_PEERGROUPS) into a new array: the count, or -1 with errno. */
int peer_groups(int clifd, gid_t **groups);
/* In root's child, before the worker image: its own session, limits no
 * higher than process 1's.  0, or -1 with errno. */
int seal_before_exec(void);
/* The environment entry that gives the worker image its IDs; NULL when
 * out of memory. */
char *worker_ids_entry(uid_t uid, gid_t gid, const gid_t *groups, int ngroups);
/* First thing in the worker image: drop to the IDs root gave, not
 * dumpable, a new session keyring, /dev/null opened as the user for what
 * is closed of 0-2.  Ends the process (status 127) if it cannot. */
void seal_worker(void);

/* opend_refuse.c.  The last close of clifd, made by a short-lived process
 * running as the client uid/gid, never by root. */
void close_as_client(int clifd, uid_t uid, gid_t gid);
/* Remove the client's cli_conn name (its rights), tell it why with one
 * non-blocking send_err (-code, "<server>: why"), then close_as_client. */
void refuse_connection(int clifd, uid_t uid, gid_t gid, int code,
		       const char *why);
/* Where the kernel can (Linux 6.16 and later, a listening socket): no
 * client may pass a descriptor into a connection it makes to listenfd. */
void refuse_passed_descriptors(int listenfd);
/* 1 when clifd was connected before that (its client may have passed
 * descriptors into it), else 0. */
int connected_before_refusal(int clifd);

#endif
