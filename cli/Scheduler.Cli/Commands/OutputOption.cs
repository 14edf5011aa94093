using System.CommandLine;

namespace Scheduler.Cli.Commands;

/// <summary>The <c>--output json|table</c> option of commands that print records.</summary>
public static class OutputOption
{
    public const string Json = "json";
    public const string Table = "table";

    public static Option<string> Create()
    {
        var option = new Option<string>("--output", "-o") { Description = "json or table", DefaultValueFactory = _ => Table };
        option.AcceptOnlyFromAmong(Json, Table);
        return option;
    }
}
