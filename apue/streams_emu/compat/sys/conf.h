/*
 * sys/conf.h - on SVR4, the kernel's configuration header; STREAMS code
 * includes it for FMNAMESZ, the longest module name (the 2e's strlist.c
 * does).  Linux has no such header: this one, found only by STREAMS
 * builds without a <stropts.h> of the system's (apue/streams_emu/build.mk),
 * gives what that code needs from it.
 */
#ifndef APUE_COMPAT_SYS_CONF_H
#define APUE_COMPAT_SYS_CONF_H

#include <stropts.h>            /* FMNAMESZ, struct str_list */

#endif
