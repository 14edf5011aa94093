using System.CommandLine;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>sched completion bash|zsh|fish</c>: prints a script that completes commands and options by asking
/// <c>sched</c> itself (its <c>[suggest]</c> directive), and falls back to file names where it has nothing to offer.
/// </summary>
public static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong(CompletionScripts.Shells);
        var command = new Command("completion", "Print a shell completion script: `source <(sched completion bash)`") { shell };
        command.SetAction(parse =>
        {
            Console.Out.Write(CompletionScripts.For(parse.GetValue(shell)!));
            return 0;
        });
        return command;
    }
}
