using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The real host on Kestrel (127.0.0.1, a free port) with a real store; only the Teams cloud is a fake
/// (<see cref="FakeConnector"/>, whose URL is the activities' serviceUrl).
/// </summary>
public sealed class TestBotHost : IAsyncDisposable
{
    private readonly List<string> _cleanup = [];
    private bool _ownsConnector;

    private TestBotHost(WebApplication app, FakeConnector connector, Uri baseAddress, string? databasePath)
    {
        App = app;
        Connector = connector;
        BaseAddress = baseAddress;
        DatabasePath = databasePath;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public FakeConnector Connector { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string? DatabasePath { get; }

    public Uri MessagesEndpoint => new(BaseAddress, "/api/messages");

    public IServiceProvider Services => App.Services;

    /// <summary>
    /// Starts a host. By default on a fresh SQLite file; pass <paramref name="settings"/> to override any
    /// configuration key (e.g. <c>Storage:Provider=postgres</c>), <paramref name="databasePath"/> to
    /// reopen an existing database (a restart), <paramref name="connector"/> to share one fake Teams.
    /// </summary>
    public static async Task<TestBotHost> StartAsync(
        CancellationToken cancellationToken,
        IDictionary<string, string?>? settings = null,
        string? databasePath = null,
        FakeConnector? connector = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? services = null)
    {
        var ownsConnector = connector is null;
        connector ??= await FakeConnector.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Development",
            ["Storage:Provider"] = "sqlite",
            ["Bot:AcknowledgeAfter"] = "00:00:10",
            ["Connector:RetryBaseDelay"] = "00:00:00.050",
            ["Connector:MaxRetryDelay"] = "00:00:00.500",
            ["Connector:MaxRetryAfter"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var createdDatabase = false;
        if (databasePath is null && (settings is null || !settings.ContainsKey("Storage:Sqlite:Path")))
        {
            databasePath = Path.Combine(Path.GetTempPath(), "consultbot-tests", $"{Guid.NewGuid():N}.db");
            createdDatabase = true;
        }

        if (databasePath is not null)
        {
            values["Storage:Sqlite:Path"] = databasePath;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var args = values.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        var app = ConsultBotHost.Build(args, builder =>
        {
            if (timeProvider is not null)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton(timeProvider));
            }

            services?.Invoke(builder.Services);
        });
        await app.StartConsultBotAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new TestBotHost(app, connector, new Uri(address), databasePath) { _ownsConnector = ownsConnector };
        if (createdDatabase && databasePath is not null)
        {
            host._cleanup.Add(databasePath);
        }

        return host;
    }

    /// <summary>A 1:1 chat between a user and the bot.</summary>
    public ConversationDriver PersonalChat(string userId = "29:user-anna", string userName = "Anna Kowalska", string locale = "pl-PL", string? conversationId = null) =>
        new(Http, MessagesEndpoint, Connector.ServiceUrl, conversationId ?? $"a:personal-{Guid.NewGuid():N}", userId, userName, ConversationTypes.Personal, locale);

    /// <summary>A conversation of the given Teams type (groupChat or channel).</summary>
    public ConversationDriver SharedChat(string conversationType, string userId = "29:user-anna", string userName = "Anna Kowalska", string? conversationId = null) =>
        new(Http, MessagesEndpoint, Connector.ServiceUrl, conversationId ?? $"19:{Guid.NewGuid():N}@thread.tacv2", userId, userName, conversationType);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        if (_ownsConnector)
        {
            await Connector.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var file in _cleanup)
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                try
                {
                    File.Delete(file + suffix);
                }
                catch (IOException)
                {
                    // Best effort: a temp file left behind is harmless.
                }
            }
        }
    }
}
