using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Scheduler.Integration.Tests;

/// <summary>
/// Tests that start the real <c>sched</c> binary as separate processes (masters, agents, runs) in a scratch directory:
/// the processes are killed after each test, and their output is shown when it failed or a wait timed out.
/// </summary>
[NonParallelizable]
public abstract class ProcessClusterFixture(string directoryPrefix, TimeSpan patience)
{
    private readonly List<RunningSchedProcess> _processes = [];
    private PostgreSqlTestDatabase? _database;

    protected TimeSpan Patience { get; } = patience;
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(2) };
    protected string ScratchDirectory { get; private set; } = "";

    [SetUp]
    public void CreateDirectory()
    {
        if (!CgroupsAvailable.Check(out var why)) Assert.Ignore(why);
        ScratchDirectory = Directory.CreateTempSubdirectory(directoryPrefix).FullName;
    }

    [TearDown]
    public async Task StopProcesses()
    {
        foreach (var process in _processes)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
                TestContext.Out.WriteLine($"--- {process.Name}\n{process.Output}");
            process.Dispose();
        }
        _processes.Clear();
        if (_database is not null) await _database.DisposeAsync();
        _database = null;
        if (ScratchDirectory.Length > 0) Directory.Delete(ScratchDirectory, recursive: true);
    }

    [OneTimeTearDown]
    public void DisposeHttp() => Http.Dispose();

    protected RunningSchedProcess Started(params string[] arguments) => StartedWith([], arguments);

    /// <summary>A <c>sched</c> process started through <paramref name="launcher"/> (see <see cref="RunningSchedProcess.StartWith"/>).</summary>
    protected RunningSchedProcess StartedWith(IReadOnlyList<string> launcher, params string[] arguments)
    {
        var process = RunningSchedProcess.StartWith(launcher, arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// The <c>sched master</c> arguments of a registry that every master of this test shares: a SQLite file in the
    /// scratch directory, or a PostgreSQL database created for this test and dropped after it.
    /// </summary>
    protected async Task<string[]> SharedRegistryAsync(RegistryStore store)
    {
        string[] dataDirectory = ["--data-dir", Path.Combine(ScratchDirectory, "masters")];
        if (store == RegistryStore.Sqlite) return dataDirectory;
        _database ??= await PostgreSqlTestDatabase.CreateAsync();
        return [.. dataDirectory, "--registry-connection", _database.ConnectionString];
    }

    /// <summary>A shell script that records each start of its process in <paramref name="pidFile"/> and runs until
    /// <paramref name="releaseFile"/> exists (at most a minute), then exits with <paramref name="exitCode"/>.</summary>
    protected static string TaskUntilReleased(string pidFile, string releaseFile, int exitCode) =>
        $"echo $$ >> {pidFile}; i=0; while [ ! -e {releaseFile} ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; exit {exitCode}";

    /// <summary>The master's <c>/master/state</c>, following redirects; null while it does not answer.</summary>
    protected async Task<JsonObject?> StateAsync(Uri master)
    {
        try
        {
            return await Http.GetFromJsonAsync<JsonObject>(new Uri(master, "/master/state"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The first TASK_RUNNING task in the state, with its framework; only of active frameworks if asked.</summary>
    protected static (string Framework, string Task)? RunningTask(JsonObject? state, bool activeFramework = false) =>
        state?["frameworks"]!.AsArray()
            .Where(framework => !activeFramework || framework!["active"]!.GetValue<bool>())
            .SelectMany(framework => framework!["tasks"]!.AsArray()
                .Where(task => task!["state"]!.GetValue<string>() == "TASK_RUNNING")
                .Select(task => (framework!["id"]!.GetValue<string>(), task!["id"]!.GetValue<string>())))
            .Cast<(string, string)?>()
            .FirstOrDefault();

    protected async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {Patience.TotalSeconds:0} s: {what}\n" +
                    string.Join("\n", _processes.Select(process => $"--- {process.Name}\n{process.Output}")));
            }
            await Task.Delay(100);
        }
    }
}
