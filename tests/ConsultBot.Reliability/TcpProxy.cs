using System.Net;
using System.Net.Sockets;

namespace ConsultBot.Reliability;

/// <summary>
/// A TCP proxy between the host and PostgreSQL that can be cut (every open connection reset, new ones refused) and
/// restored, so the shared PostgreSQL server never has to be stopped to play a store outage.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly object _gate = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    public TcpProxy(IPEndPoint target)
    {
        _target = target;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    /// <summary>Accepts and pipes connections.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _stop = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _accepting = AcceptAsync(_listener, _stop.Token);
        }
    }

    /// <summary>The store is gone: open connections are reset and new ones refused.</summary>
    public async Task CutAsync()
    {
        TcpListener? listener;
        List<(TcpClient Client, TcpClient Server)> open;
        lock (_gate)
        {
            listener = _listener;
            _listener = null;
            open = [.. _open];
            _open.Clear();
        }

        if (listener is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        foreach (var (client, server) in open)
        {
            // Linger 0: an RST, as when the server's machine goes away.
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            server.Dispose();
        }

        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    public async ValueTask DisposeAsync() => await CutAsync().ConfigureAwait(false);

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_gate)
            {
                _open.Add((client, server));
            }

            _ = PipeAsync(client, server);
        }
    }

    private async Task PipeAsync(TcpClient client, TcpClient server)
    {
        try
        {
            var up = client.GetStream().CopyToAsync(server.GetStream());
            var down = server.GetStream().CopyToAsync(client.GetStream());
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // Cut.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove((client, server));
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
