# MsgQueue.pm - what the message-queue tests (Figure 17.3 and Exercise
# 17.1) share: private ftok keys, whether a queue with a key exists, and
# a poller started with its stdout on a pipe.  Perl core modules only.
package MsgQueue;

use strict;
use warnings;
use Exporter 'import';
use IPC::SysV qw(ftok);
use POSIX qw(ENOENT);

our @EXPORT = qw(fresh_keys queue_exists keys_left start_poller finish_poller
                 hexkey slurp_file);

# Three keys nobody else uses: ftok(FILE, 1..3) of a new file in $dir.
# ftok keeps only part of the inode number, so two files can share keys:
# a file whose keys name a queue already is passed over.
my $nfiles = 0;
sub fresh_keys {
    my ($dir) = @_;
    for (1 .. 20) {
        my $file = "$dir/keyfile" . ++$nfiles;
        open my $fh, '>', $file or die "$file: $!";
        close $fh;
        my @keys = map { ftok($file, $_) // die "ftok: $!" } 1 .. 3;
        return ($file, @keys) unless keys_left(@keys);
    }
    die "no free message queue keys in $dir";
}

# Does a queue with this key exist?  msgget(key, 0) fails with ENOENT
# exactly when none does.
sub queue_exists {
    my ($key) = @_;
    return 1 if defined msgget($key, 0);
    return $! == ENOENT ? 0 : 1;    # EACCES and the like: it exists
}

# The keys of every queue the system lists, where it lists them (Linux:
# /proc/sysvipc/msg, the table ipcs -q reads); undef elsewhere.
sub listed_keys {
    open my $fh, '<', '/proc/sysvipc/msg' or return undef;
    my $header = <$fh>;
    my %keys;
    while (my $line = <$fh>) {
        my @f = split ' ', $line;
        $keys{$f[0] & 0xffffffff} = 1 if @f && $f[0] =~ /^-?\d+$/;
    }
    return \%keys;
}

# Which of these keys still name a queue: by msgget, and by the system's
# list as well where there is one.
sub keys_left {
    my $listed = listed_keys();
    return grep { queue_exists($_) || ($listed && $listed->{$_ & 0xffffffff}) } @_;
}

# start_poller($dir, $program, @args): its pid, a handle on its stdout,
# and the file that collects its stderr.
my %running;
sub start_poller {
    my ($dir, $prog, @args) = @_;
    my $err = "$dir/err" . ++$nfiles;
    my $pid = open(my $out, '-|') // die "fork: $!";
    if ($pid == 0) {
        open STDERR, '>', $err or die;
        exec $prog, @args or die "exec $prog: $!";
    }
    $running{$pid} = 1;
    return ($pid, $out, $err);
}

# A test that dies, or whose watchdog fires, still stops its pollers
# (SIGTERM: they remove their queues), so no queue outlives the test.
sub stop_running { kill 'TERM', keys %running if %running }
$SIG{ALRM} = sub { stop_running(); die "watchdog: a poller did not answer in time\n" };
END { stop_running() }

# The rest of its output, and its exit status, once it has ended.
sub finish_poller {
    my ($pid, $out) = @_;
    local $/;
    my $rest = <$out> // '';
    close $out;         # waits for it
    delete $running{$pid};
    my $status = $? & 127 ? 128 + ($? & 127) : $? >> 8;
    return ($rest, $status);
}

sub hexkey { return sprintf '0x%x', $_[0] }
sub slurp_file { open my $fh, '<', $_[0] or return ''; local $/; return <$fh> // '' }

1;
