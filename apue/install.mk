# apue/install.mk - make install and make uninstall: the libraries, the
# headers, pkg-config files, the open servers and clients, manual pages.
#
#     make && sudo make install              # under /usr/local
#     make install PREFIX=$HOME/.local       # anywhere else
#     make install DESTDIR=/tmp/stage        # staged, for a package
#
# Everything about linking comes from the build's own variables, never
# written out here: the library names ($(LIBAPUE), $(LIBAPUE_STREAMS),
# $(LIBSTREAMS_EMU)), whether the STREAMS library is built
# ($(HAVE_STREAMS_LIB)), the link flags a STREAMS program needs
# ($(STREAMS_LDFLAGS)) and whether our <stropts.h> emulation is in use
# (its sources are listed).  So apue-streams.pc carries both libraries and
# whatever wraps the STREAMS build links with, and a system with real
# STREAMS gets neither our <stropts.h>, nor the emulation's library, nor
# its pages.  Included last by GNUmakefile, after every build.mk.

PREFIX      ?= /usr/local
DESTDIR     ?=
bindir      ?= $(PREFIX)/bin
libdir      ?= $(PREFIX)/lib
includedir  ?= $(PREFIX)/include
mandir      ?= $(PREFIX)/share/man
pkgconfigdir ?= $(libdir)/pkgconfig
# One folder of our own, so apue.h and stropts.h clash with nothing (the
# .pc files name it as ${includedir}/apue).
apueincludedir = $(includedir)/apue

INSTALL      ?= install
INSTALL_DATA  = $(INSTALL) -m 644
INSTALL_PROG  = $(INSTALL) -m 755
APUE_VERSION ?= 1.0

# Is our <stropts.h> emulation in use?  apue/streams_emu/build.mk lists
# its sources exactly when it is.
STROPTS_COMPAT_DIR := apue/streams_emu/compat
STREAMS_EMULATED = $(if $(HAVE_STREAMS_LIB),$(if $(LIB_STREAMS_EMU_SRCS),yes))

# ---- what is installed, and under which name ---------------------------
# The open servers and clients: ch17/NAME as apue-NAME, its STREAMS twin
# ch17/streams/NAME as apue-streams-NAME.  The version 1 client starts
# the server named as itself plus "d" (apue-open starts apue-opend).
INSTALL_PROGRAMS := ch17/open ch17/opend ch17/open2 ch17/opend2 ch17/opend2_poll
installed_name = apue-$(notdir $(1))
installed_twin = apue-streams-$(notdir $(1))

INSTALL_LIBS = $(LIBAPUE) $(if $(HAVE_STREAMS_LIB),$(STREAMS_LIBS))
INSTALL_HEADERS = apue/apue.h
# Our <stropts.h> and anything beside it, keeping sub-folders (sys/...).
ALL_COMPAT_HEADERS = $(patsubst $(STROPTS_COMPAT_DIR)/%,%,\
	$(wildcard $(STROPTS_COMPAT_DIR)/*.h $(STROPTS_COMPAT_DIR)/*/*.h))
COMPAT_HEADERS = $(if $(STREAMS_EMULATED),$(ALL_COMPAT_HEADERS))

# Manual pages: the library's (section 3, as 3apue, so that our getmsg
# neither hides nor is hidden by the system's), the programs' (1 and 8).
# Pages for the emulation's calls only where the emulation is built.
MAN_EMULATION := getmsg.3apue isastream.3apue fattach.3apue streamio.3apue
MAN3_PAGES = $(filter-out $(if $(STREAMS_EMULATED),,$(addprefix apue/man/,$(MAN_EMULATION))),\
	$(wildcard apue/man/*.3apue))
MAN1_PAGES = $(wildcard ch17/man/*.1)
MAN8_PAGES = $(wildcard ch17/man/*.8)
# Further names for a page: "page:alias" (a symbolic link beside it).
MAN3_LINKS := fd_pipe.3apue:s_pipe.3apue send_fd.3apue:send_err.3apue \
              send_fd.3apue:send_fd_nowait.3apue \
              recv_ufd.3apue:send_ufd.3apue \
              serv_listen.3apue:serv_accept.3apue serv_listen.3apue:cli_conn.3apue \
              serv_listen.3apue:serv_accept_peer.3apue
MAN3_EMULATION_LINKS := getmsg.3apue:getpmsg.3apue getmsg.3apue:putmsg.3apue \
              getmsg.3apue:putpmsg.3apue fattach.3apue:fdetach.3apue \
              fattach.3apue:stream_open.3apue isastream.3apue:stream_pipe.3apue
MAN1_LINKS := apue-open2.1:apue-streams-open2.1 apue-open.1:apue-streams-open.1
MAN8_LINKS := apue-opend2.8:apue-opend2_poll.8 \
              apue-opend2.8:apue-streams-opend2.8 \
              apue-opend2.8:apue-streams-opend2_poll.8 \
              apue-opend.8:apue-streams-opend.8
# The STREAMS programs' pages only when they are installed.
man_links = $(if $(HAVE_STREAMS_LIB),$(1),$(foreach l,$(1),$(if $(findstring -streams-,$(l)),,$(l))))
ALL_MAN_LINKS = $(addprefix man3/,$(MAN3_LINKS) $(if $(STREAMS_EMULATED),$(MAN3_EMULATION_LINKS))) \
	$(addprefix man1/,$(call man_links,$(MAN1_LINKS))) \
	$(addprefix man8/,$(call man_links,$(MAN8_LINKS)))

# ---- pkg-config ---------------------------------------------------------
# Cflags name our folder, so the book's own #include "apue.h" and
# #include <stropts.h> work unchanged.  A path under PREFIX is written
# relative to ${prefix}, so PKG_CONFIG_SYSROOT_DIR works on a DESTDIR.
pc_path = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
lib_flag = $(patsubst lib%.a,-l%,$(notdir $(1)))
define pc_head
prefix=$(PREFIX)
libdir=$(call pc_path,$(libdir))
includedir=$(call pc_path,$(includedir))

endef
define pc_apue
$(pc_head)
Name: apue
Description: APUE chapter 17: send_fd, recv_fd and friends over UNIX domain sockets
Version: $(APUE_VERSION)
Cflags: -I$${includedir}/apue
Libs: -L$${libdir} $(strip $(call lib_flag,$(LIBAPUE)) $(LDLIBS))
endef
define pc_apue_streams
$(pc_head)
Name: apue-streams
Description: APUE chapter 17: send_fd, recv_fd and friends over STREAMS pipes$(if $(STREAMS_EMULATED), (emulated))
Version: $(APUE_VERSION)
Cflags: -I$${includedir}/apue
Libs: -L$${libdir} $(strip $(STREAMS_LDFLAGS) $(foreach l,$(STREAMS_LIBS),$(call lib_flag,$(l))) $(LDLIBS))
endef
PC_FILES = apue.pc $(if $(HAVE_STREAMS_LIB),apue-streams.pc)
define newline


endef
# write_pc,TEXT,FILE: one printf argument a line (the text has no ').
write_pc = printf '%s\n' '$(subst $(newline),' ',$(1))' >$(2)

# ---- make install -------------------------------------------------------
.PHONY: install uninstall
install: all
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(libdir) \
	    $(DESTDIR)$(apueincludedir) $(DESTDIR)$(pkgconfigdir) \
	    $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man3 $(DESTDIR)$(mandir)/man8
	$(INSTALL_DATA) $(INSTALL_LIBS) $(DESTDIR)$(libdir)
	$(INSTALL_DATA) $(INSTALL_HEADERS) $(DESTDIR)$(apueincludedir)
	$(foreach h,$(COMPAT_HEADERS),$(INSTALL) -d $(dir $(DESTDIR)$(apueincludedir)/$(h)) && \
	    $(INSTALL_DATA) $(STROPTS_COMPAT_DIR)/$(h) $(DESTDIR)$(apueincludedir)/$(h) &&) true
	$(foreach p,$(INSTALL_PROGRAMS),$(INSTALL_PROG) $(p) \
	    $(DESTDIR)$(bindir)/$(call installed_name,$(p)) &&) true
	$(if $(HAVE_STREAMS_LIB),$(foreach p,$(INSTALL_PROGRAMS),$(INSTALL_PROG) \
	    $(call streams_twin,$(p)) $(DESTDIR)$(bindir)/$(call installed_twin,$(p)) &&) true)
	$(if $(MAN1_PAGES),$(INSTALL_DATA) $(MAN1_PAGES) $(DESTDIR)$(mandir)/man1)
	$(if $(MAN3_PAGES),$(INSTALL_DATA) $(MAN3_PAGES) $(DESTDIR)$(mandir)/man3)
	$(if $(MAN8_PAGES),$(INSTALL_DATA) $(MAN8_PAGES) $(DESTDIR)$(mandir)/man8)
	$(foreach l,$(ALL_MAN_LINKS),ln -sf $(notdir $(firstword $(subst :, ,$(l)))) \
	    $(DESTDIR)$(mandir)/$(dir $(l))$(lastword $(subst :, ,$(l))) &&) true
	$(call write_pc,$(pc_apue),$(DESTDIR)$(pkgconfigdir)/apue.pc)
	$(if $(HAVE_STREAMS_LIB),$(call write_pc,$(pc_apue_streams),$(DESTDIR)$(pkgconfigdir)/apue-streams.pc))
	@echo 'installed under $(DESTDIR)$(PREFIX); try: pkg-config --cflags --libs apue; man recv_fd'

# ---- make uninstall -----------------------------------------------------
# Removes everything install can put there (for the same PREFIX), even
# what this build would not install, then our own include folder; the
# standard folders stay.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(libdir)/,$(notdir $(LIBAPUE) $(LIBAPUE_STREAMS) $(LIBSTREAMS_EMU))) \
	    $(addprefix $(DESTDIR)$(pkgconfigdir)/,apue.pc apue-streams.pc) \
	    $(addprefix $(DESTDIR)$(apueincludedir)/,$(notdir $(INSTALL_HEADERS)) $(ALL_COMPAT_HEADERS)) \
	    $(foreach p,$(INSTALL_PROGRAMS),$(DESTDIR)$(bindir)/$(call installed_name,$(p)) \
	        $(DESTDIR)$(bindir)/$(call installed_twin,$(p))) \
	    $(addprefix $(DESTDIR)$(mandir)/man1/,$(notdir $(MAN1_PAGES))) \
	    $(addprefix $(DESTDIR)$(mandir)/man3/,$(notdir $(wildcard apue/man/*.3apue))) \
	    $(addprefix $(DESTDIR)$(mandir)/man8/,$(notdir $(MAN8_PAGES))) \
	    $(foreach l,$(MAN3_LINKS) $(MAN3_EMULATION_LINKS),$(DESTDIR)$(mandir)/man3/$(lastword $(subst :, ,$(l)))) \
	    $(foreach l,$(MAN1_LINKS),$(DESTDIR)$(mandir)/man1/$(lastword $(subst :, ,$(l)))) \
	    $(foreach l,$(MAN8_LINKS),$(DESTDIR)$(mandir)/man8/$(lastword $(subst :, ,$(l))))
	$(foreach d,$(sort $(dir $(ALL_COMPAT_HEADERS))),$(if $(filter ./,$(d)),,rmdir $(DESTDIR)$(apueincludedir)/$(d) 2>/dev/null;)) true
	rmdir $(DESTDIR)$(apueincludedir) 2>/dev/null || true
