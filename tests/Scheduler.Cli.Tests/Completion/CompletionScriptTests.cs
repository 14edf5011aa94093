using System.Diagnostics;
using Scheduler.Cli.Commands;

namespace Scheduler.Cli.Tests.Completion;

/// <summary>The bash script, sourced in a real bash, completing against the real <c>sched</c> built beside the tests.</summary>
[TestFixture]
public sealed class CompletionScriptTests
{
    private static readonly string Sched = Path.Combine(AppContext.BaseDirectory, "sched");

    [Test]
    public async Task Bash_completes_a_command_name()
    {
        Assert.That(await CompleteAsync("jo"), Is.EqualTo(new[] { "job" }));
    }

    [Test]
    public async Task Bash_completes_an_option_of_a_subcommand()
    {
        Assert.That(await CompleteAsync("job", "submit", "--wa"), Is.EqualTo(new[] { "--wait" }));
    }

    [Test]
    public async Task Bash_falls_back_to_file_names_where_sched_has_no_suggestion()
    {
        var folder = Directory.CreateTempSubdirectory("completion-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "hello-array.yaml"), "");
            Assert.That(await CompleteAsync("job", "submit", Path.Combine(folder.FullName, "hello")),
                Is.EqualTo(new[] { Path.Combine(folder.FullName, "hello-array.yaml") }));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void Every_shell_has_a_script_and_others_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CompletionScripts.For("zsh"), Does.Contain("bashcompinit").And.Contain("_sched_complete"));
            Assert.That(CompletionScripts.For("fish"), Does.Contain("complete -c sched"));
            Assert.That(() => CompletionScripts.For("tcsh"), Throws.ArgumentException.With.Message.Contains("bash, zsh, fish"));
        });
    }

    private static async Task<string[]> CompleteAsync(params string[] words)
    {
        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, CompletionScripts.For("bash"));
            var all = new[] { Sched }.Concat(words).ToArray();
            var line = string.Join(' ', all);
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("""
                source "$1"; shift
                COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                _sched_complete
                printf '%s\n' "${COMPREPLY[@]}"
                """);
            start.ArgumentList.Add("completion-test");
            start.ArgumentList.Add(script);
            foreach (var word in all) start.ArgumentList.Add(word);
            using var bash = Process.Start(start)!;
            var output = await bash.StandardOutput.ReadToEndAsync();
            var errors = await bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            Assert.That(bash.ExitCode, Is.Zero, $"bash failed completing '{line}': {errors}");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
