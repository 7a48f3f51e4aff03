/*
 * creds.c - the system-specific half of sending and receiving credentials
 * over UNIX domain sockets (book: 3e Figures 17.15 and 17.16, which keep
 * the same two branches in each function).
 *
 * Linux: SCM_CREDENTIALS with struct ucred, which needs _GNU_SOURCE and
 * SO_PASSCRED on the receiver.  FreeBSD: SCM_CREDS with struct cmsgcred,
 * which the kernel fills in.  Elsewhere, or when built with
 * -DAPUE_NO_CREDS, credentials are not available: send_ufd fails with
 * ENOSYS, and recv_ufd refuses every descriptor (none comes with a uid).
 * The feature tests live here and nowhere else.
 */
#if defined(__linux__)
#define _GNU_SOURCE             /* struct ucred, SCM_CREDENTIALS, SO_PASSCRED */
#elif defined(__FreeBSD__)
#undef _POSIX_C_SOURCE          /* SCM_CREDS and struct cmsgcred are BSD names */
#endif
#include "apue.h"
#include "sock.h"

#if defined(__linux__) && !defined(SCM_PIDFD)
#define SCM_PIDFD 0x04          /* Linux 6.5; glibc 2.36 does not name it */
#endif

#if defined(SCM_CREDENTIALS) && !defined(APUE_NO_CREDS)
typedef struct ucred creds_t;
#define OVERFLOW_ID 65534       /* /proc/sys/kernel/overflow{u,g}id */
#define CREDS_TYPE SCM_CREDENTIALS
#define CREDS_LINUX 1
#elif defined(SCM_CREDS) && !defined(APUE_NO_CREDS)
typedef struct cmsgcred creds_t;
#define CREDS_TYPE SCM_CREDS
#endif

#ifdef CREDS_TYPE
_Static_assert(CMSG_SPACE(sizeof(creds_t)) <= CREDS_ROOM,
	       "CREDS_ROOM too small for this system's credentials");
#endif

/* Ask the kernel to attach the sender's credentials to what we receive. */
int creds_enable(int sockfd)
{
#if defined(CREDS_LINUX)
	const int on = 1;

	return setsockopt(sockfd, SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
#elif defined(CREDS_TYPE)
	(void)sockfd;
	return 0;               /* the sender asks for SCM_CREDS itself */
#else
	(void)sockfd;
	errno = ENOSYS;
	return -1;
#endif
}

/* If cmsg holds credentials, store the sender's uid and return 1. */
int creds_uid(const struct cmsghdr *cmsg, uid_t *uid)
{
#ifdef CREDS_TYPE
	creds_t creds;

	if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != CREDS_TYPE ||
	    cmsg->cmsg_len < CMSG_LEN(sizeof creds))
		return 0;
	memcpy(&creds, CMSG_DATA(cmsg), sizeof creds);
#if defined(CREDS_LINUX)
	/* Linux attaches credentials to data only if SO_PASSCRED was on when
	 * it was sent; data queued earlier (and end of file) comes with pid 0
	 * and the overflow ids in place of the sender's: no credentials.  (A
	 * sender in a pid namespace we cannot see also has pid 0, but its
	 * uid is real, so all three are checked.) */
	if (creds.pid == 0 && creds.uid == OVERFLOW_ID &&
	    creds.gid == OVERFLOW_ID)
		return 0;
	*uid = creds.uid;
#else
	*uid = creds.cmcred_euid;
#endif
	return 1;
#else
	(void)cmsg;
	(void)uid;
	return 0;
#endif
}

/* A control message that is neither SCM_RIGHTS nor credentials may still
 * carry a descriptor: Linux's SCM_PIDFD (if the caller set SO_PASSPIDFD).
 * Close it, so that no descriptor arrives unseen. */
void creds_close_pidfd(const struct cmsghdr *cmsg)
{
#ifdef SCM_PIDFD
	int pidfd;

	if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_PIDFD &&
	    cmsg->cmsg_len >= CMSG_LEN(sizeof pidfd)) {
		memcpy(&pidfd, CMSG_DATA(cmsg), sizeof pidfd);
		if (pidfd >= 0)
			close(pidfd);
	}
#else
	(void)cmsg;
#endif
}

/* CMSG_SPACE of our credentials message, or 0 when there is none. */
size_t creds_space(void)
{
#ifdef CREDS_TYPE
	return CMSG_SPACE(sizeof(creds_t));
#else
	return 0;
#endif
}

/* Fill cmsg, which has creds_space() bytes of room, with our credentials.
 * Linux: we state our effective IDs; the kernel accepts any of our real,
 * effective or saved IDs (any at all with CAP_SETUID), so they are a
 * claim, not a proof.  FreeBSD: the kernel fills in the IDs itself. */
void creds_fill(struct cmsghdr *cmsg)
{
#ifdef CREDS_TYPE
	creds_t creds;

	memset(&creds, 0, sizeof creds);
#if defined(CREDS_LINUX)
	creds.pid = getpid();
	creds.uid = geteuid();
	creds.gid = getegid();
#endif
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = CREDS_TYPE;
	cmsg->cmsg_len = CMSG_LEN(sizeof creds);
	memcpy(CMSG_DATA(cmsg), &creds, sizeof creds);
#else
	(void)cmsg;
#endif
}
