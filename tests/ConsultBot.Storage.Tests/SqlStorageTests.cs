using ConsultBot.Protocol.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsultBot.Storage.Tests;

/// <summary>What the SQL stores add to the contract: migrations through DI, purge, health.</summary>
public abstract class SqlStorageTests : StorageContractTests
{
    internal static readonly StorageMigration FaqV1 = new(
        "faq", 1, "faq entries",
        "CREATE TABLE faq_entries (id TEXT NOT NULL PRIMARY KEY, question TEXT NOT NULL)",
        "CREATE TABLE faq_entries (id text NOT NULL PRIMARY KEY, question text NOT NULL)");

    internal static readonly StorageMigration FaqV2 = new(
        "faq", 2, "faq answers",
        "ALTER TABLE faq_entries ADD COLUMN answer TEXT NULL",
        "ALTER TABLE faq_entries ADD COLUMN answer text NULL");

    /// <summary>Configuration (<c>Storage:*</c>) for a host on a fresh, empty store; repeated calls give the same store.</summary>
    protected abstract Dictionary<string, string?> FreshStoreConfiguration();

    /// <summary>Runs a scalar query on the store that <see cref="FreshStoreConfiguration"/> points at.</summary>
    protected abstract Task<long> ScalarAsync(string sql);

    internal ServiceProvider BuildHost(Dictionary<string, string?> configuration, params StorageMigration[] migrations)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddConsultBotStorage(config);
        services.AddStorageMigrations(migrations);
        return Resources.Add(services.BuildServiceProvider());
    }

    [Fact]
    public async Task Migrations_are_applied_once_and_recorded_and_a_feature_migration_creates_its_table()
    {
        var configuration = FreshStoreConfiguration();
        var host = BuildHost(configuration, FaqV1);
        var health = host.GetRequiredService<IStorageHealth>();
        var (healthyBefore, detailBefore) = await health.CheckAsync(Ct);
        Assert.False(healthyBefore);
        Assert.Contains("migrations", detailBefore, StringComparison.Ordinal);

        await host.MigrateStorageAsync(Ct);
        await host.MigrateStorageAsync(Ct);

        // A second host on the same database (a restart, or another instance) finds nothing to do.
        var secondHost = BuildHost(configuration, FaqV1);
        await secondHost.MigrateStorageAsync(Ct);

        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM schema_migrations WHERE owner = 'storage' AND version = 1"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM schema_migrations WHERE owner = 'faq' AND version = 1"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM faq_entries"));

        var (healthy, detail) = await health.CheckAsync(Ct);
        Assert.True(healthy, detail);

        var storage = host.GetRequiredService<IStorage>();
        await WriteAsync(storage, "via/di", "{}");
        Assert.NotNull(await ReadAsync(secondHost.GetRequiredService<IStorage>(), "via/di"));

        // A later deployment adds version 2 only.
        var upgraded = BuildHost(configuration, FaqV1, FaqV2);
        await upgraded.MigrateStorageAsync(Ct);
        Assert.Equal(3, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM faq_entries WHERE answer IS NOT NULL"));
    }

    [Fact]
    public async Task Hosts_starting_together_apply_each_migration_once()
    {
        var configuration = FreshStoreConfiguration();
        var hosts = Enumerable.Range(0, 4).Select(_ => BuildHost(configuration, FaqV1, FaqV2)).ToList();

        await Task.WhenAll(hosts.Select(h => Task.Run(() => h.MigrateStorageAsync(Ct), Ct)));

        Assert.Equal(3, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
        foreach (var host in hosts)
        {
            var (healthy, detail) = await host.GetRequiredService<IStorageHealth>().CheckAsync(Ct);
            Assert.True(healthy, detail);
        }
    }

    [Fact]
    public async Task A_failing_migration_leaves_nothing_behind()
    {
        var configuration = FreshStoreConfiguration();
        var broken = new StorageMigration("broken", 1, "typo", "CREATE TABLE ok_table (id TEXT); CREAT TABLE oops (id TEXT)", "CREATE TABLE ok_table (id text); CREAT TABLE oops (id text)");
        var host = BuildHost(configuration, FaqV1, broken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.MigrateStorageAsync(Ct));
        Assert.Contains("broken v1", error.Message, StringComparison.Ordinal);

        var fixedHost = BuildHost(configuration, FaqV1);
        await fixedHost.MigrateStorageAsync(Ct);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM schema_migrations WHERE owner = 'broken'"));
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Conflicting_migration_registrations_are_rejected()
    {
        var host = BuildHost(FreshStoreConfiguration(), FaqV1, FaqV1 with { Description = "other" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.MigrateStorageAsync(Ct));
        Assert.Contains("faq", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_deletes_expired_items()
    {
        var backend = Assert.IsAssignableFrom<IStorageBackend>(Storage);
        await WriteAsync(Storage, "p/expiring", "{}", expiresAt: Time.GetUtcNow().AddSeconds(30));
        await WriteAsync(Storage, "p/later", "{}", expiresAt: Time.GetUtcNow().AddHours(1));
        await WriteAsync(Storage, "p/forever", "{}");

        Assert.Equal(0, await backend.PurgeExpiredAsync(Ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await backend.PurgeExpiredAsync(Ct));

        Assert.Equal(["p/forever", "p/later"], (await Storage.ListAsync("p/", 10, Ct)).Select(kv => kv.Key));
    }

    [Fact]
    public async Task The_purge_service_runs_on_the_time_provider()
    {
        var configuration = FreshStoreConfiguration();
        configuration["Storage:PurgeInterval"] = "00:01:00";
        var host = BuildHost(configuration);
        await host.MigrateStorageAsync(Ct);
        var storage = host.GetRequiredService<IStorage>();
        await WriteAsync(storage, "purge/me", "{}", expiresAt: Time.GetUtcNow().AddSeconds(10));
        var services = host.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToList();
        foreach (var service in services)
        {
            await service.StartAsync(Ct);
        }

        try
        {
            for (var i = 0; i < 50 && await ScalarAsync("SELECT count(*) FROM items WHERE key = 'purge/me'") != 0; i++)
            {
                Time.Advance(TimeSpan.FromMinutes(1));
                await Task.Delay(20, Ct);
            }

            Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM items WHERE key = 'purge/me'"));
        }
        finally
        {
            foreach (var service in services)
            {
                await service.StopAsync(Ct);
            }
        }
    }
}
