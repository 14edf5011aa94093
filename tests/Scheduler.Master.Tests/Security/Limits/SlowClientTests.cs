using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Scheduler.Master.Security.Limits;
using Scheduler.Master.Tests.Http;

namespace Scheduler.Master.Tests.Security.Limits;

/// <summary>A slow-loris client, sending its headers a byte at a time, is cut off once the headers timeout passes.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SlowClientTests
{
    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(1);
    private SingleMaster _master = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _master = await SingleMaster.StartAsync(settings => settings with
        {
            ApiLimits = ApiLimits.Default with { RequestHeadersTimeout = HeadersTimeout },
        });

    [OneTimeTearDown]
    public async Task Stop() => await _master.DisposeAsync();

    [Test]
    public async Task Headers_sent_a_byte_at_a_time_are_cut_off_within_a_bounded_time()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_master.Uri.Host, _master.Uri.Port);
        var stream = client.GetStream();
        var headers = Encoding.ASCII.GetBytes("POST /api/v1/scheduler HTTP/1.1\r\nHost: master\r\nContent-Type: application/json\r\n" +
            string.Concat(Enumerable.Repeat("X-Slow: loris\r\n", 100)));
        var clock = Stopwatch.StartNew();
        var cutOff = false;
        var answer = new StringBuilder();
        var reading = ReadUntilClosedAsync(stream, answer);
        foreach (var b in headers)
        {
            if (reading.IsCompleted || clock.Elapsed > TimeSpan.FromSeconds(10)) break;
            try
            {
                await stream.WriteAsync(new[] { b });
            }
            catch (IOException)
            {
                break;
            }
            await Task.WhenAny(reading, Task.Delay(100));
        }
        cutOff = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5))) == reading;

        Assert.That(cutOff, Is.True, "the server never closed the connection");
        Assert.That(clock.Elapsed, Is.LessThan(HeadersTimeout + TimeSpan.FromSeconds(4)));
        Assert.That(answer.ToString(), Does.StartWith("HTTP/1.1 408").Or.Empty);
        using var http = new HttpClient { BaseAddress = _master.Uri };
        Assert.That((await http.GetAsync("/master/health")).IsSuccessStatusCode, Is.True);
    }

    private static async Task ReadUntilClosedAsync(NetworkStream stream, StringBuilder answer)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
        }
    }
}
