using System.Net;
using System.Net.Sockets;

namespace ConsultBot.Host.Tests;

/// <summary>
/// Makes a server reachable on another port from the moment it is started: before that nothing listens there
/// (a store that is down); afterwards every connection is piped to the target (the store came up).
/// </summary>
internal sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private Task _accepting = Task.CompletedTask;

    private TcpForwarder(int port, IPEndPoint target)
    {
        Port = port;
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, port);
    }

    public int Port { get; }

    /// <summary>A port where nothing listens yet.</summary>
    public static TcpForwarder Reserve(IPEndPoint target)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new TcpForwarder(port, target);
    }

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] pumps;
        lock (_pumps)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            lock (_pumps)
            {
                _pumps.Add(PipeAsync(client, cancellationToken));
            }
        }
    }

    private async Task PipeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_target, cancellationToken);
                var a = client.GetStream();
                var b = server.GetStream();
                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(a.CopyToAsync(b, either.Token), b.CopyToAsync(a, either.Token));
                await either.CancelAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // A connection closed by either side or by the test ending.
            }
        }
    }
}
