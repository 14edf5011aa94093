using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Cli.Apps;
using Scheduler.Cli.Frameworks;
using Scheduler.Cli.Hosting;
using Scheduler.Services.Specs;
using Spectre.Console;

namespace Scheduler.Cli.Commands;

/// <summary><c>sched service deploy|status|list|scale|restart|remove</c>: long-running apps, through the services framework's API.</summary>
public static class ServiceCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create() => new("service", "Deploy long-running services and follow them (needs the services framework: sched dev starts one)")
    {
        Deploy(), Status(), List(), Scale(), Restart(), Remove(),
    };

    private static Command Deploy()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var file = new Argument<FileInfo>("FILE") { Description = "The app, in YAML or JSON (Marathon's fields)" };
        var command = new Command("deploy", "Create an app or deploy a new version of it (a rolling upgrade); prints the deployment") { file, master, output };
        command.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) return CliErrors.Fail($"{path.Name}: no such file");
            var source = await File.ReadAllTextAsync(path.FullName, cancel);
            AppSpec spec;
            try { spec = AppSpecParser.Parse(source, path.Name); }
            catch (AppSpecException e) { return CliErrors.Fail(e.Message); }
            return await WithClientAsync(parse.GetValue(master)!, cancel, async client =>
            {
                var answer = await client.DeployAsync(spec.Id, source, path.Name, cancel);
                Print(parse.GetValue(output), answer, Described(answer));
                return 0;
            });
        });
        return command;
    }

    private static Command Status()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var id = new Argument<string>("ID") { Description = "The app's id" };
        var command = new Command("status", "An app's instances (state, health, agent), its deployment's progress and why instances wait") { id, master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var app = await client.AppAsync(parse.GetValue(id)!, cancel);
            if (parse.GetValue(output) == OutputOption.Json) Console.WriteLine(app.ToJsonString(Indented));
            else AnsiConsole.Write(ServiceTables.Status(app));
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var command = new Command("list", "Every app with its instances, health and deployment") { master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var apps = await client.AppsAsync(cancel);
            if (parse.GetValue(output) == OutputOption.Json) Console.WriteLine(apps.ToJsonString(Indented));
            else AnsiConsole.Write(ServiceTables.List(apps));
            return 0;
        }));
        return command;
    }

    private static Command Scale()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var id = new Argument<string>("ID") { Description = "The app's id" };
        var count = new Argument<int>("N") { Description = "The number of instances" };
        var command = new Command("scale", "Set an app's number of instances (scaling down kills the newest)") { id, count, master, output };
        command.SetAction((parse, cancel) =>
        {
            if (parse.GetValue(count) < 0) return Task.FromResult(CliErrors.Fail("N: must not be negative"));
            return WithClientAsync(parse.GetValue(master)!, cancel, async client =>
            {
                var answer = await client.ScaleAsync(parse.GetValue(id)!, parse.GetValue(count), cancel);
                Print(parse.GetValue(output), answer, $"{Described(answer)}, scaling to {parse.GetValue(count)}");
                return 0;
            });
        });
        return command;
    }

    private static Command Restart()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var id = new Argument<string>("ID") { Description = "The app's id" };
        var command = new Command("restart", "Replace every instance of an app, as a new version would (within its upgrade strategy)") { id, master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var answer = await client.RestartAsync(parse.GetValue(id)!, cancel);
            Print(parse.GetValue(output), answer, Described(answer));
            return 0;
        }));
        return command;
    }

    private static Command Remove()
    {
        var master = MasterOption.Create();
        var output = OutputOption.Create();
        var id = new Argument<string>("ID") { Description = "The app's id" };
        var command = new Command("remove", "Remove an app: its instances are killed") { id, master, output };
        command.SetAction((parse, cancel) => WithClientAsync(parse.GetValue(master)!, cancel, async client =>
        {
            var answer = await client.RemoveAsync(parse.GetValue(id)!, cancel);
            Print(parse.GetValue(output), answer, $"{answer["id"]}: removing");
            return 0;
        }));
        return command;
    }

    /// <summary>"/web: version 2, deployment 3f2…" or "/web: version 2, nothing to deploy".</summary>
    private static string Described(JsonObject answer) =>
        $"{answer["id"]}: version {answer["versionNumber"]}, " +
        (answer["deploymentId"]?.ToString() is { Length: > 0 } deployment ? $"deployment {deployment}" : "nothing to deploy");

    private static void Print(string? output, JsonObject answer, string text) =>
        Console.WriteLine(output == OutputOption.Json ? answer.ToJsonString() : text);

    private static async Task<int> WithClientAsync(string masterText, CancellationToken cancel, Func<ServicesClient, Task<int>> action)
    {
        if (!MasterAddress.TryParse(masterText, out var master, out var error)) return CliErrors.Fail(error);
        try
        {
            using var client = await ServicesClient.FindAsync(master, cancel);
            return await action(client);
        }
        catch (FrameworkApiException e)
        {
            return CliErrors.Fail(e.Message);
        }
    }
}
