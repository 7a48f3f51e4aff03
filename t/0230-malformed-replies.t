#!/usr/bin/perl
# crafted malformed replies give EBADMSG and leave no descriptor behind
# (runs t/unit/malformed_replies over every transport built)
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;

run_unit('t/unit/malformed_replies');
