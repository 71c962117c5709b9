using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ConsultBot.Testing;
using Npgsql;

namespace ConsultBot.Host.Tests;

/// <summary>
/// Operational defaults: the host starts while its store is down, says "not ready" on /readyz (details only for
/// admins) and "try again shortly" to users, and becomes ready by itself once the store is reachable.
/// </summary>
public sealed class ReadinessTests
{
    private const string AdminKey = "readiness-admin-key-0123456789";
    private const string OutageText = "Spróbuj ponownie za kilka minut";

    [Fact]
    public async Task Host_starts_while_postgres_is_unreachable_and_becomes_ready_once_it_is()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await StoreProviders.SettingsAsync("postgres", ct);
        var real = new NpgsqlConnectionStringBuilder(settings["Storage:ConnectionString"]);
        var address = (await Dns.GetHostAddressesAsync(real.Host!, ct)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        await using var forwarder = TcpForwarder.Reserve(new IPEndPoint(address, real.Port));
        settings["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(real.ConnectionString) { Port = forwarder.Port, Timeout = 2 }.ConnectionString;
        settings["Storage:MigrationRetryMaxDelay"] = "00:00:01";
        settings["Knowledge:AdminApiKey"] = AdminKey;

        // Nothing listens on the store's port: the start neither throws nor waits for it.
        await using var bot = await TestBotHost.StartAsync(ct, settings);

        await AssertDownButAliveAsync(bot, ct);
        Assert.Contains("waiting for the store", (await ReadyzAsync(bot, AdminKey, ct)).Body["startup"]!.GetValue<string>(), StringComparison.Ordinal);

        // The store comes up: migrations run in the background and the host reports ready without a restart.
        forwarder.Start();
        await WaitUntilReadyAsync(bot, ct);

        var migrations = await ScalarAsync(real.ConnectionString, "SELECT count(*) FROM schema_migrations WHERE owner = 'storage'", ct);
        Assert.Equal(1L, migrations);
        var details = (await ReadyzAsync(bot, AdminKey, ct)).Body;
        Assert.Equal("done", details["startup"]!.GetValue<string>());
        Assert.DoesNotContain(" 0 entries", " " + details["knowledge"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertAnswersNormallyAsync(bot, ct);
    }

    [Fact]
    public async Task Host_starts_while_the_sqlite_directory_cannot_be_created_and_becomes_ready_once_it_can()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("consultbot-readiness-").FullName;
        try
        {
            // A regular file where the data directory should be: not writable, even for root.
            var blocker = Path.Combine(directory, "data");
            await File.WriteAllTextAsync(blocker, "not a directory", ct);
            await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
            {
                ["Storage:Sqlite:Path"] = Path.Combine(blocker, "consultbot.db"),
                ["Storage:MigrationRetryMaxDelay"] = "00:00:01",
            });

            await AssertDownButAliveAsync(bot, ct);

            File.Delete(blocker);
            await WaitUntilReadyAsync(bot, ct);
            await AssertAnswersNormallyAsync(bot, ct);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Readyz_tells_anonymous_callers_only_ready_or_not_and_admins_which_check_says_what()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?> { ["Knowledge:AdminApiKey"] = AdminKey });

        var anonymous = await ReadyzAsync(bot, adminKey: null, ct);
        Assert.Equal(HttpStatusCode.OK, anonymous.Status);
        Assert.Equal("""{"status":"ready"}""", anonymous.Body.ToJsonString());

        var wrongKey = await ReadyzAsync(bot, "not-the-admin-key-0123456789", ct);
        Assert.Equal("""{"status":"ready"}""", wrongKey.Body.ToJsonString());

        var admin = await ReadyzAsync(bot, AdminKey, ct);
        Assert.Equal(HttpStatusCode.OK, admin.Status);
        Assert.Equal("ready", admin.Body["status"]!.GetValue<string>());
        Assert.StartsWith("sqlite: ok", admin.Body["storage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("entries indexed", admin.Body["knowledge"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("done", admin.Body["startup"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readyz_details_stay_hidden_when_no_admin_key_is_configured()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);

        var withSomeKey = await ReadyzAsync(bot, AdminKey, ct);

        Assert.Equal("""{"status":"ready"}""", withSomeKey.Body.ToJsonString());
    }

    private static async Task AssertDownButAliveAsync(TestBotHost bot, CancellationToken ct)
    {
        using var health = await bot.Http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var ready = await ReadyzAsync(bot, adminKey: null, ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("""{"status":"unavailable"}""", ready.Body.ToJsonString());

        // A user meanwhile hears the existing outage answer, not an error page or silence.
        var replies = await bot.PersonalChat(conversationId: $"a:down-{Guid.NewGuid():N}").SendAsync("jak zaczac wspolprace z ngo", ct);
        Assert.Contains(OutageText, replies.AllText(), StringComparison.Ordinal);
    }

    private static async Task AssertAnswersNormallyAsync(TestBotHost bot, CancellationToken ct)
    {
        var replies = await bot.PersonalChat(conversationId: $"a:up-{Guid.NewGuid():N}").SendAsync("jak zaczac wspolprace z ngo", ct);
        Assert.NotEmpty(replies);
        Assert.DoesNotContain(OutageText, replies.AllText(), StringComparison.Ordinal);
    }

    private static async Task WaitUntilReadyAsync(TestBotHost bot, CancellationToken ct)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        (HttpStatusCode Status, JsonNode Body) ready = default;
        while (TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(60))
        {
            ready = await ReadyzAsync(bot, adminKey: null, ct);
            if (ready.Status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(200, ct);
        }

        Assert.Fail($"/readyz did not become ready within 60 s: {ready.Status} {ready.Body?.ToJsonString()}");
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> ReadyzAsync(TestBotHost bot, string? adminKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/readyz", UriKind.Relative));
        if (adminKey is not null)
        {
            request.Headers.Add("X-Admin-Key", adminKey);
        }

        using var response = await bot.Http.SendAsync(request, ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!);
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }
}
