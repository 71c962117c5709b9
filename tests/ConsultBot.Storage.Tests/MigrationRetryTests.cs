using ConsultBot.Protocol.State;
using ConsultBot.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Storage.Tests;

/// <summary>A store that is down when the host starts: the host starts anyway and migrates once the store is back.</summary>
public sealed class MigrationRetryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("consultbot-retry-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Migrations_are_retried_in_the_background_on_the_time_provider_until_the_store_is_reachable()
    {
        // A regular file where the database directory should be: the store is down, even for root.
        var blocker = Path.Combine(_directory, "blocker");
        await File.WriteAllTextAsync(blocker, "not a directory", Ct);
        await using var host = Host(new()
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(blocker, "consultbot.db"),
            ["Storage:MigrationRetryMaxDelay"] = "00:00:04",
        });
        var migrations = host.GetServices<IHostedService>().OfType<Hosting.StorageMigrationHostedService>().Single();
        var health = host.GetRequiredService<IStorageHealth>();

        // The start does not fail and does not wait for the store.
        await migrations.StartAsync(Ct);
        Assert.False((await health.CheckAsync(Ct)).Healthy);

        // Attempts after 1 s, 2 s, 4 s, 4 s (the cap), … of the fake clock; none can succeed while the path is blocked.
        foreach (var wait in new[] { 1, 2, 4, 4 })
        {
            _time.Advance(TimeSpan.FromSeconds(wait));
            await Task.Delay(50, Ct);
        }

        Assert.False((await health.CheckAsync(Ct)).Healthy);

        File.Delete(blocker);
        var (healthy, detail) = (false, string.Empty);
        for (var i = 0; i < 100 && !healthy; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(4));
            await Task.Delay(20, Ct);
            (healthy, detail) = await health.CheckAsync(Ct);
        }

        Assert.True(healthy, detail);
        var storage = host.GetRequiredService<IStorage>();
        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new("{}") }, Ct);
        Assert.Single(await storage.ReadAsync(["k"], Ct));
        await migrations.StopAsync(Ct);
    }

    [Fact]
    public async Task A_host_whose_own_attempt_failed_starts_without_a_second_blocking_attempt()
    {
        var blocker = Path.Combine(_directory, "blocker");
        await File.WriteAllTextAsync(blocker, "not a directory", Ct);
        await using var host = Host(new() { ["Storage:Provider"] = "sqlite", ["Storage:Sqlite:Path"] = Path.Combine(blocker, "consultbot.db") });
        await Assert.ThrowsAsync<StorageUnavailableException>(() => host.MigrateStorageAsync(Ct));
        var migrations = host.GetServices<IHostedService>().OfType<Hosting.StorageMigrationHostedService>().Single();

        // Removing the blocker now would let a blocking attempt succeed at once; the service must defer instead.
        File.Delete(blocker);
        await migrations.StartAsync(Ct);
        Assert.False((await host.GetRequiredService<IStorageHealth>().CheckAsync(Ct)).Healthy);

        _time.Advance(TimeSpan.FromSeconds(1));
        var healthy = false;
        for (var i = 0; i < 100 && !healthy; i++)
        {
            await Task.Delay(20, Ct);
            healthy = (await host.GetRequiredService<IStorageHealth>().CheckAsync(Ct)).Healthy;
        }

        Assert.True(healthy);
        await migrations.StopAsync(Ct);
    }

    [Fact]
    public async Task A_reachable_postgres_database_without_the_items_table_reads_as_unavailable_not_as_a_bug()
    {
        var (schema, connectionString) = await PostgresTestServer.CreateSchemaAsync(Ct);
        try
        {
            await using var storage = new PostgresStorage(connectionString, _time, NullLogger.Instance);

            await OutageAssertions.AllOperationsUnavailableAsync(storage, Ct);

            await storage.ApplyMigrationsAsync(StorageMigration.Plan([]), Ct);
            await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new("{}") }, Ct);
            Assert.Single(await storage.ReadAsync(["k"], Ct));
        }
        finally
        {
            await PostgresTestServer.DropSchemaAsync(schema);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_migration_that_names_a_missing_table_fails_as_a_bug_not_as_an_outage(string provider)
    {
        var broken = new StorageMigration("broken", 1, "alters a table nobody created",
            "ALTER TABLE nowhere ADD COLUMN x TEXT", "ALTER TABLE nowhere ADD COLUMN x text");
        string? schema = null;
        Dictionary<string, string?> configuration;
        if (provider == "sqlite")
        {
            configuration = new() { ["Storage:Provider"] = "sqlite", ["Storage:Sqlite:Path"] = Path.Combine(_directory, "broken.db") };
        }
        else
        {
            (schema, var connectionString) = await PostgresTestServer.CreateSchemaAsync(Ct);
            configuration = new() { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = connectionString };
        }

        try
        {
            await using var host = Host(configuration, broken);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.MigrateStorageAsync(Ct));
            Assert.Contains("broken v1", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (schema is not null)
            {
                await PostgresTestServer.DropSchemaAsync(schema);
            }
        }
    }

    private ServiceProvider Host(Dictionary<string, string?> configuration, params StorageMigration[] migrations)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddConsultBotStorage(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddStorageMigrations(migrations);
        return services.BuildServiceProvider();
    }
}
