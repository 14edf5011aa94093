using System.Diagnostics;

namespace Scheduler.Integration.Tests;

/// <summary>
/// A network namespace joined to this machine's by a veth pair on a private /30 (the host end has
/// <see cref="HostAddress"/>, the namespace's end <see cref="NamespaceAddress"/>), with names unique to one test.
/// <see cref="Cut"/> drops every packet leaving either end, so neither side hears the other while each still reaches
/// its own address, as in a real network partition; <see cref="Heal"/> lets them through again.
/// </summary>
public sealed class VethNamespace : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    private readonly string _hostLink;
    private readonly string _namespaceLink;

    private VethNamespace(string suffix, int subnet)
    {
        Name = $"sched-nc-{suffix}";
        _hostLink = $"nch-{suffix}";
        _namespaceLink = $"ncn-{suffix}";
        HostAddress = $"10.213.{subnet / 64}.{subnet % 64 * 4 + 1}";
        NamespaceAddress = $"10.213.{subnet / 64}.{subnet % 64 * 4 + 2}";
    }

    public string Name { get; }
    public string HostAddress { get; }
    public string NamespaceAddress { get; }

    /// <summary>
    /// The command that runs a program in the namespace's network with this machine's mounts. Not <c>ip netns exec</c>:
    /// it remounts <c>/sys</c>, which hides the cgroup hierarchy from the agent.
    /// </summary>
    public IReadOnlyList<string> Launcher => ["nsenter", $"--net=/run/netns/{Name}"];

    /// <summary>Creates the namespace and the link, or says exactly why this machine cannot.</summary>
    public static VethNamespace? TryCreate(out string whyNot)
    {
        if (Environment.UserName != "root")
        {
            whyNot = "network namespaces need root; run the tests as root (CI does)";
            return null;
        }
        foreach (var tool in new[] { "ip", "tc", "nsenter" })
        {
            if (!OnPath(tool))
            {
                whyNot = $"'{tool}' is not installed (iproute2 and util-linux; .ci/run installs them)";
                return null;
            }
        }
        var created = new VethNamespace(Guid.NewGuid().ToString("N")[..6], Random.Shared.Next(256 * 64));
        whyNot = created.Setup();
        if (whyNot.Length == 0) return created;
        created.Dispose();
        return null;
    }

    /// <summary>Drops every packet either end sends (a <c>blackhole</c> queueing discipline on both), silently.</summary>
    public void Cut()
    {
        Require(Run("tc", "qdisc", "add", "dev", _hostLink, "root", "blackhole"));
        Require(InNamespace("tc", "qdisc", "add", "dev", _namespaceLink, "root", "blackhole"));
    }

    public void Heal()
    {
        Require(Run("tc", "qdisc", "del", "dev", _hostLink, "root"));
        Require(InNamespace("tc", "qdisc", "del", "dev", _namespaceLink, "root"));
    }

    /// <summary>Removes the link (both ends) and the namespace's name; processes still inside keep an empty namespace.</summary>
    public void Dispose()
    {
        Run("ip", "link", "del", _hostLink);
        Run("ip", "netns", "del", Name);
    }

    private string Setup()
    {
        string[][] steps =
        [
            ["ip", "netns", "add", Name],
            ["ip", "link", "add", _hostLink, "type", "veth", "peer", "name", _namespaceLink],
            ["ip", "link", "set", _namespaceLink, "netns", Name],
            ["ip", "addr", "add", $"{HostAddress}/30", "dev", _hostLink],
            ["ip", "link", "set", _hostLink, "up"],
            ["ip", "netns", "exec", Name, "ip", "addr", "add", $"{NamespaceAddress}/30", "dev", _namespaceLink],
            ["ip", "netns", "exec", Name, "ip", "link", "set", _namespaceLink, "up"],
            ["ip", "netns", "exec", Name, "ip", "link", "set", "lo", "up"],
            // Cut and Heal need the blackhole queueing discipline: try it once now.
            ["tc", "qdisc", "add", "dev", _hostLink, "root", "blackhole"],
            ["tc", "qdisc", "del", "dev", _hostLink, "root"],
        ];
        foreach (var step in steps)
        {
            var (exitCode, errors) = Run(step[0], step[1..]);
            if (exitCode != 0) return $"'{string.Join(' ', step)}' failed with exit code {exitCode}: {errors.Trim()}";
        }
        return "";
    }

    private (int ExitCode, string Errors) InNamespace(params string[] command) => Run("ip", ["netns", "exec", Name, .. command]);

    private static void Require((int ExitCode, string Errors) result) =>
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Errors);

    private static (int ExitCode, string Errors) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill();
            return (-1, $"{program} {string.Join(' ', arguments)} did not end within {CommandTimeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, errors.Result);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(directory => File.Exists(Path.Combine(directory, program)));
}
