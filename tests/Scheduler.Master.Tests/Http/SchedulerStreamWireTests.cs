using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Scheduler.Protocol.Json;
using Scheduler.Protocol.RecordIo;
using Scheduler.Protocol.V1;
using Task = System.Threading.Tasks.Task;
using Scheduler.Protocol.V1.SchedulerApi;

namespace Scheduler.Master.Tests.Http;

/// <summary>The subscription stream on the wire: protobuf as well as JSON, and one RecordIO record per HTTP chunk.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SchedulerStreamWireTests
{
    private SingleMaster _master = null!;

    [OneTimeSetUp]
    public async Task Start() => _master = await SingleMaster.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _master.DisposeAsync();

    [Test]
    public async Task A_protobuf_subscribe_gets_a_protobuf_stream()
    {
        var call = new Call
        {
            Type = Call.Types.Type.Subscribe,
            Subscribe = new Call.Types.Subscribe { FrameworkInfo = new FrameworkInfo { User = "alice", Name = "proto" } },
        };
        using var http = new HttpClient { BaseAddress = _master.Uri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scheduler") { Content = new ByteArrayContent(call.ToByteArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Headers.Accept.ParseAdd("application/x-protobuf");

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = await new RecordIoReader(body).ReadAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/x-protobuf"));
        var subscribed = Event.Parser.ParseFrom(first);
        Assert.That(subscribed.Type, Is.EqualTo(Event.Types.Type.Subscribed));
        Assert.That(subscribed.Subscribed.FrameworkId.Value, Is.Not.Empty);
    }

    [Test]
    public async Task Each_event_travels_as_exactly_one_http_chunk()
    {
        const string body = """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"bob","name":"raw"}}}""";
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_master.Uri.Host, _master.Uri.Port);
        await using var stream = tcp.GetStream();
        var request = $"POST /api/v1/scheduler HTTP/1.1\r\nHost: {_master.Uri.Authority}\r\nContent-Type: application/json\r\n" +
                      $"Accept: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        var reader = new ChunkedReader(stream);

        var headers = await reader.ReadHeadersAsync();
        var chunk = await reader.ReadChunkAsync();

        Assert.That(headers, Does.StartWith("HTTP/1.1 200").And.Contain("Transfer-Encoding: chunked").And.Contain("Mesos-Stream-Id:"));
        var text = Encoding.UTF8.GetString(chunk);
        var newline = text.IndexOf('\n');
        var length = int.Parse(text[..newline]);
        Assert.That(Encoding.UTF8.GetByteCount(text[(newline + 1)..]), Is.EqualTo(length), "the chunk holds one whole record");
        Assert.That(MesosJson.Parse<Event>(text[(newline + 1)..]).Type, Is.EqualTo(Event.Types.Type.Subscribed));
    }

    /// <summary>Reads an HTTP/1.1 response's headers and its chunks off a raw socket.</summary>
    private sealed class ChunkedReader(Stream stream)
    {
        public async Task<string> ReadHeadersAsync()
        {
            var headers = new StringBuilder();
            string line;
            while ((line = await ReadLineAsync()) != "") headers.Append(line).Append('\n');
            return headers.ToString();
        }

        public async Task<byte[]> ReadChunkAsync()
        {
            var size = Convert.ToInt32((await ReadLineAsync()).Split(';')[0], 16);
            var data = new byte[size];
            await stream.ReadExactlyAsync(data);
            await ReadLineAsync();
            return data;
        }

        private async Task<string> ReadLineAsync()
        {
            var line = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                await stream.ReadExactlyAsync(one);
                if (one[0] == '\n') break;
                if (one[0] != '\r') line.Add(one[0]);
            }
            return Encoding.ASCII.GetString(line.ToArray());
        }
    }
}
