/*
 * str_book_open.c - every name the C library gives open(2), called
 * directly, so a test can check that a STREAMS build wraps each of them
 * (apue/streams_emu/io_wrap.c).  __open_2 and its kin are what glibc's
 * _FORTIFY_SOURCE turns an open with no mode argument into; they are
 * glibc's, declared here as glibc defines them; str_book_fortify.c has
 * glibc make one itself.  musl has none of them, and its open64 and
 * openat64 are macros for open and openat: a program that writes open64
 * calls open.  Linux only (openat64).
 */
#define _GNU_SOURCE
#include "str_book_open.h"
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#ifdef __GLIBC__
int __open_2(const char *path, int oflag);
int __open64_2(const char *path, int oflag);
int __openat_2(int dirfd, const char *path, int oflag);
int __openat64_2(int dirfd, const char *path, int oflag);
#endif

#ifdef open64
#define MACRO_NOTE " (this C library's macro for open)"
#else
#define MACRO_NOTE ""
#endif
#ifdef openat64
#define MACRO_AT_NOTE " (this C library's macro for openat)"
#else
#define MACRO_AT_NOTE ""
#endif

static const char *const names[OPEN_SPELLINGS] = {
	"open", "open64" MACRO_NOTE, "openat (AT_FDCWD)",
	"openat (a directory)", "openat64" MACRO_AT_NOTE, "__open_2",
	"__open64_2", "__openat_2", "__openat64_2",
	"open built with _FORTIFY_SOURCE",
};

const char *open_spelling(int which)
{
	return names[which];
}

const char *open_spelling_missing(int which)
{
	if (which >= 5 && which <= 8) {
#ifdef __GLIBC__
		return NULL;
#else
		return "glibc's _FORTIFY_SOURCE form; this C library has none";
#endif
	}
	if (which == 9 && !fortified_open_checked())
		return "this build has no _FORTIFY_SOURCE open "
		       "(not glibc, or not optimised)";
	return NULL;
}

int open_spelled(int which, const char *dir, const char *base)
{
	char path[512];
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY), fd = -1;

	snprintf(path, sizeof path, "%s/%s", dir, base);
	switch (which) {
	case 0: fd = open(path, O_RDWR); break;
	case 1: fd = open64(path, O_RDWR); break;
	case 2: fd = openat(AT_FDCWD, path, O_RDWR); break;
	case 3: fd = openat(dirfd, base, O_RDWR); break;
	case 4: fd = openat64(dirfd, base, O_RDWR); break;
#ifdef __GLIBC__
	case 5: fd = __open_2(path, O_RDWR); break;
	case 6: fd = __open64_2(path, O_RDWR); break;
	case 7: fd = __openat_2(dirfd, base, O_RDWR); break;
	case 8: fd = __openat64_2(dirfd, base, O_RDWR); break;
#endif
	case 9: fd = fortified_open_checked() ? fortified_open(path, O_RDWR) : -2;
		break;
	default: fd = -2; break;
	}
	if (dirfd >= 0)
		close(dirfd);
	return fd;
}
