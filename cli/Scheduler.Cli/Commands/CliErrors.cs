using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary>How commands report a user's mistake: one line on stderr, exit code 2.</summary>
public static class CliErrors
{
    public const int UsageExitCode = 2;

    public static int Fail(string message)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return UsageExitCode;
    }
}
