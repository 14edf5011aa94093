using System.Net;
using System.Net.Sockets;

namespace Scheduler.Agent.Health;

/// <summary>Opens a TCP connection to the task's port on the loopback address; connecting is healthy.</summary>
public sealed class TcpHealthCheck(IPEndPoint endpoint) : IHealthCheck
{
    public IPEndPoint Endpoint { get; } = endpoint;

    public string Kind => "TCP";

    public async Task<HealthCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(Endpoint, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Success;
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Failed($"Failed to connect to {Endpoint}: {e.Message}");
        }
    }
}
