namespace Scheduler.Agent.Containers;

/// <summary>
/// The small process that parents a container's command so that the command outlives the agent: it forks the
/// launch script, waits for it, and writes the raw outcome ("exit N" or "signal N") into the container's status
/// file before it exits, having recorded the command's pid; the command leads its own process group. Any agent
/// process, not only the one that launched it, can so learn how the task ended.
/// It lives outside the container's cgroups (a cgroup-wide SIGKILL leaves it to record the outcome) and ignores
/// termination signals; the command gets default dispositions back.
/// Perl is used because a shell cannot tell "exit 137" from a SIGKILL and perl-base is on every Debian-like host.
/// </summary>
public static class ContainerSupervisor
{
    private static readonly string[] Interpreters = ["/usr/bin/perl", "/bin/perl", "/usr/local/bin/perl"];

    private const string Program = """
        my $status = shift @ARGV;
        my $pidfile = shift @ARGV;
        my @signals = qw(TERM INT HUP QUIT PIPE);
        $SIG{$_} = 'IGNORE' for @signals;
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';
        open STDERR, '>', '/dev/null';
        my $pid = fork;
        exit 1 unless defined $pid;
        if ($pid == 0) {
            setpgrp(0, 0);
            $SIG{$_} = 'DEFAULT' for @signals;
            exec { $ARGV[0] } @ARGV;
            exit 127;
        }
        if (open my $p, '>', "$pidfile.tmp") {
            print $p "$pid\n";
            close $p and rename "$pidfile.tmp", $pidfile;
        }
        waitpid($pid, 0);
        my $code = $?;
        open my $out, '>', "$status.tmp" or exit 1;
        print $out (($code & 127) ? 'signal ' . ($code & 127) : 'exit ' . ($code >> 8)), "\n";
        close $out or exit 1;
        rename "$status.tmp", $status or exit 1;
        exit 0;
        """;

    public static string Interpreter =>
        Interpreters.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"Containers need perl to supervise their command; none of {string.Join(", ", Interpreters)} exists.");

    /// <summary>The argv of a supervisor that runs <paramref name="command"/>, records its pid in <paramref name="pidFile"/>
    /// and its outcome in <paramref name="statusFile"/>.</summary>
    public static IReadOnlyList<string> Arguments(string statusFile, string pidFile, IReadOnlyList<string> command) =>
        ["perl", "-e", Program, "--", statusFile, pidFile, .. command];

    /// <summary>Parses what the supervisor wrote; null when the text is not a complete outcome.</summary>
    internal static WaitStatus? ParseStatus(string text)
    {
        var parts = text.Trim().Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[1], out var number)) return null;
        return parts[0] switch
        {
            "exit" => new WaitStatus(number, null),
            "signal" => new WaitStatus(null, number),
            _ => null,
        };
    }
}
