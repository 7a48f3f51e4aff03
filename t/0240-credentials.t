#!/usr/bin/perl
# send_ufd/recv_ufd carry the sender's uid; credentials before descriptors are fine
# (runs t/unit/credentials over every transport built)
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

run_unit('t/unit/credentials');
