using ConsultBot.Protocol.State;
using ConsultBot.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsultBot.Storage.Tests;

public sealed class StorageOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Postgres_without_a_connection_string_fails_with_a_clear_message()
    {
        using var host = OutageAssertions.Host(new() { ["Storage:Provider"] = "postgres" });

        var error = Assert.Throws<OptionsValidationException>(() => host.GetRequiredService<IStorage>());
        Assert.Contains("Storage:ConnectionString is required when Storage:Provider is 'postgres'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_or_bad_values_fail_with_clear_messages()
    {
        using var host = OutageAssertions.Host(new()
        {
            ["Storage:Provider"] = "mongo",
            ["Storage:PurgeInterval"] = "00:00:00",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("Storage:Provider 'mongo' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:PurgeInterval must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_postgres_connection_string_is_rejected()
    {
        using var host = OutageAssertions.Host(new() { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = "Hots=x;Nonsense=1" });

        var error = Assert.Throws<OptionsValidationException>(() => host.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("not a valid PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_is_the_default_at_data_consultbot_db()
    {
        using var host = OutageAssertions.Host([]);

        var storage = Assert.IsType<SqliteStorage>(host.GetRequiredService<IStorage>());
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data", "consultbot.db"), storage.FilePath);
    }

    [Fact]
    public async Task The_memory_provider_is_healthy_once_migrated()
    {
        await using var host = OutageAssertions.Host(new() { ["Storage:Provider"] = "Memory" });
        var storage = host.GetRequiredService<IStorage>();
        await host.MigrateStorageAsync(Ct);

        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new("{}") }, Ct);
        Assert.Single(await storage.ReadAsync(["k"], Ct));
        var (healthy, _) = await host.GetRequiredService<IStorageHealth>().CheckAsync(Ct);
        Assert.True(healthy);
    }

    [Fact]
    public void Key_range_upper_bounds()
    {
        Assert.Null(KeyRange.UpperBound(string.Empty));
        Assert.Equal("ab", KeyRange.UpperBound("aa"));
        Assert.Equal("x&", KeyRange.UpperBound("x%"));
        Assert.Null(KeyRange.UpperBound("a\uFFFF"));
        Assert.Null(KeyRange.UpperBound("a\uD83D"));
    }
}
