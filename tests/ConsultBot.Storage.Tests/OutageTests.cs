using System.Net;
using System.Net.Sockets;
using ConsultBot.Protocol.State;
using ConsultBot.Storage.Postgres;
using ConsultBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ConsultBot.Storage.Tests;

internal static class OutageAssertions
{
    public static async Task AllOperationsUnavailableAsync(IStorage storage, CancellationToken ct)
    {
        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadAsync(["k"], ct));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new("{}") }, ct));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.DeleteAsync(["k"], ct));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ListAsync("k", 10, ct));
    }

    public static ServiceProvider Host(Dictionary<string, string?> configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConsultBotStorage(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        return services.BuildServiceProvider();
    }
}

public sealed class SqliteOutageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("consultbot-outage-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_path_that_cannot_be_created_is_unavailable_and_unhealthy()
    {
        // A regular file where a directory should be: fails even for root.
        var blocker = Path.Combine(_directory, "blocker");
        await File.WriteAllTextAsync(blocker, "not a directory", Ct);
        var path = Path.Combine(blocker, "data", "consultbot.db");
        using var storage = new SqliteStorage(path, 500, TimeProvider.System, NullLogger.Instance);

        await OutageAssertions.AllOperationsUnavailableAsync(storage, Ct);

        await using var host = OutageAssertions.Host(new() { ["Storage:Provider"] = "sqlite", ["Storage:Sqlite:Path"] = path });
        await Assert.ThrowsAsync<StorageUnavailableException>(() => host.MigrateStorageAsync(Ct));
        var (healthy, detail) = await host.GetRequiredService<IStorageHealth>().CheckAsync(Ct);
        Assert.False(healthy);
        Assert.Contains("unavailable", detail, StringComparison.Ordinal);

        // The location becomes usable: the same instances recover without a restart.
        File.Delete(blocker);
        await host.MigrateStorageAsync(Ct);
        (healthy, detail) = await host.GetRequiredService<IStorageHealth>().CheckAsync(Ct);
        Assert.True(healthy, detail);
        var hostStorage = host.GetRequiredService<IStorage>();
        await hostStorage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new("{}") }, Ct);
        Assert.Single(await hostStorage.ReadAsync(["k"], Ct));
    }

    [Fact]
    public async Task A_database_locked_beyond_the_busy_timeout_is_unavailable_writes_nothing_and_recovers()
    {
        var path = Path.Combine(_directory, "locked.db");
        using var storage = new SqliteStorage(path, 200, TimeProvider.System, NullLogger.Instance);
        await storage.ApplyMigrationsAsync(StorageMigration.Plan([]), Ct);
        var etag = (await storage.WriteAsync(new Dictionary<string, StoreItem> { ["a"] = new("""{"v":1}""") }, Ct))["a"];

        using (var other = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // Another process holding the write lock.
            other.Open();
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();

            await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteAsync(new Dictionary<string, StoreItem>
            {
                ["a"] = new("""{"v":2}""", etag),
                ["b"] = new("""{"v":2}"""),
            }, Ct));

            using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        var items = await storage.ReadAsync(["a", "b"], Ct);
        Assert.Equal(["a"], items.Keys);
        Assert.Equal("""{"v":1}""", items["a"].Json);

        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["a"] = new("""{"v":3}""", etag) }, Ct);
        Assert.Equal("""{"v":3}""", (await storage.ReadAsync(["a"], Ct))["a"].Json);
    }
}

public sealed class PostgresOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task A_closed_port_is_unavailable_and_unhealthy()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { Port = ClosedPort(), Timeout = 2 }.ConnectionString;
        await using var storage = new PostgresStorage(connectionString, TimeProvider.System, NullLogger.Instance);

        await OutageAssertions.AllOperationsUnavailableAsync(storage, Ct);

        await using var host = OutageAssertions.Host(new() { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = connectionString });
        await Assert.ThrowsAsync<StorageUnavailableException>(() => host.MigrateStorageAsync(Ct));
        var (healthy, detail) = await host.GetRequiredService<IStorageHealth>().CheckAsync(Ct);
        Assert.False(healthy);
        Assert.Contains("unavailable", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminated_connections_are_replaced_without_a_new_instance()
    {
        var (schema, connectionString) = await PostgresTestServer.CreateSchemaAsync(Ct);
        try
        {
            var application = "consultbot-terminate-" + schema;
            connectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = application }.ConnectionString;
            await using var storage = new PostgresStorage(connectionString, TimeProvider.System, NullLogger.Instance);
            await storage.ApplyMigrationsAsync(StorageMigration.Plan([]), Ct);

            // Fill the pool with several idle connections.
            await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                storage.WriteAsync(new Dictionary<string, StoreItem> { [$"k{i}"] = new("""{"v":1}""") }, Ct)));
            var etag = (await storage.ReadAsync(["k0"], Ct))["k0"].ETag;

            for (var round = 0; round < 3; round++)
            {
                var terminated = await PostgresTestServer.ScalarAsync(PostgresTestServer.ConnectionString,
                    $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{application}'", Ct);
                Assert.NotEqual(0L, terminated);

                // A write first: the server said it ended the session, so the statement did not run and is retried.
                etag = (await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k0"] = new($$"""{"v":{{round + 2}}}""", etag) }, Ct))["k0"];
                Assert.Equal($$"""{"v":{{round + 2}}}""", (await storage.ReadAsync(["k0"], Ct))["k0"].Json);
            }
        }
        finally
        {
            await PostgresTestServer.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task A_server_stopped_and_started_again_is_unavailable_then_recovers()
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("CONSULTBOT_TEST_POSTGRES_RESTART_PORT"), out var p) ? p : 55433;
        var output = await RepoPaths.PostgresScriptAsync("start", port, Ct);
        Assert.Contains("CONSULTBOT_TEST_POSTGRES=", output, StringComparison.Ordinal);
        var baseConnectionString = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { Port = port, Timeout = 3 }.ConnectionString;
        try
        {
            var (_, connectionString) = await PostgresTestServer.CreateSchemaAsync(baseConnectionString, Ct);
            await using var host = OutageAssertions.Host(new() { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = connectionString });
            await host.MigrateStorageAsync(Ct);
            var storage = host.GetRequiredService<IStorage>();
            var health = host.GetRequiredService<IStorageHealth>();
            var etag = (await storage.WriteAsync(new Dictionary<string, StoreItem> { ["conv"] = new("""{"step":1}""") }, Ct))["conv"];

            await RepoPaths.PostgresScriptAsync("stop", port, Ct);

            await OutageAssertions.AllOperationsUnavailableAsync(storage, Ct);
            var (healthy, detail) = await health.CheckAsync(Ct);
            Assert.False(healthy, detail);

            await RepoPaths.PostgresScriptAsync("start", port, Ct);

            (healthy, detail) = await health.CheckAsync(Ct);
            Assert.True(healthy, detail);
            var item = (await storage.ReadAsync(["conv"], Ct))["conv"];
            Assert.Equal("""{"step":1}""", item.Json);
            Assert.Equal(etag, item.ETag);
            await storage.WriteAsync(new Dictionary<string, StoreItem> { ["conv"] = new("""{"step":2}""", etag) }, Ct);
            Assert.Equal("""{"step":2}""", (await storage.ReadAsync(["conv"], Ct))["conv"].Json);
        }
        finally
        {
            await RepoPaths.PostgresScriptAsync("stop", port, CancellationToken.None);
        }
    }
}
