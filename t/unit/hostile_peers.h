/*
 * hostile_peers.h - the transport-neutral peers and preparations of the
 * hostile-peer matrix (hostile_peers.c), shared by every column.
 */
#ifndef HOSTILE_PEERS_H
#define HOSTILE_PEERS_H

#include "hostile.h"

void must_write(int fd, const void *data, size_t n);
void must_send_fd(int fd);
void must_send_err(int fd, int status, const char *text);
void wait_for_close(int fd);
void short_pause(void);
void wait_until_read(int fd);
void die_now(void);
void p_good_fd(int fd, void *ctx);
void p_peer_error(int fd, void *ctx);
void p_peer_error_255(int fd, void *ctx);
void p_two_replies_queued(int fd, void *ctx);
void p_two_errors_queued(int fd, void *ctx);
void p_fd_queued(int fd, void *ctx);
void p_close_at_once(int fd, void *ctx);
void p_no_null_then_close(int fd, void *ctx);
void p_dies_mid_reply(int fd, void *ctx);
void p_null_not_next_to_last(int fd, void *ctx);
void p_status0_no_fd(int fd, void *ctx);
void p_text_then_fd(int fd, void *ctx);
char process_state(pid_t pid);
void wait_until_asleep(pid_t pid);
void p_signal_during_wait(int fd, void *ctx);
void send_long_error(int fd, size_t n);
void p_text_maxline(int fd, void *ctx);
void p_text_maxline_plus_1(int fd, void *ctx);
void p_userfunc_fails(int fd, void *ctx);
void p_userfunc_short(int fd, void *ctx);
void p_wait_for_close(int fd, void *ctx);
void p_half_then_wait(int fd, void *ctx);
void p_ufd_good(int fd, void *ctx);
void p_ufd_other_user(int fd, void *ctx);
void p_ufd_peer_error(int fd, void *ctx);
void prep_closed(int ours);
void prep_nonblocking(int ours);
void prep_wait_peer_done(int ours);
void prep_nonblocking_after_peer(int ours);
void prep_no_free_slot(int ours);
void restore_nofile(void);
const char *no_proc_stat(void);
const char *not_root(void);

#endif
