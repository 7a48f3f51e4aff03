#!/usr/bin/perl
# The hostile-peer matrix over STREAMS pipes: the same rows as t/0700,
# with the STREAMS column of peers (t/unit/hostile_streams.c).  Skips
# until that column and the STREAMS library are built.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $prog = program('t/unit/hostile', 'streams');
plan skip_all => not_built('t/unit/streams/hostile', 'streams') unless -x $prog;
run_tap($prog);
