#!/usr/bin/perl
# files, pipes and sockets arrive as themselves and share one open file description
# (runs t/unit/fd_kinds over every transport built)
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

run_unit('t/unit/fd_kinds');
