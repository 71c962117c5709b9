using ConsultBot.Protocol.State;
using ConsultBot.Storage.Postgres;
using ConsultBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsultBot.Storage.Tests;

public sealed class MemoryStorageContractTests : StorageContractTests
{
    private MemoryStorage? _shared;

    protected override Task<IStorage> CreateStorageAsync(TimeProvider timeProvider) =>
        Task.FromResult<IStorage>(_shared = new MemoryStorage(timeProvider));

    // One process, one memory: the "second host" is the same store.
    protected override Task<IStorage> CreateSecondInstanceAsync(TimeProvider timeProvider) => Task.FromResult<IStorage>(_shared!);
}

public sealed class SqliteStorageContractTests : SqlStorageTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("consultbot-storage-").FullName;

    private string MainPath => Path.Combine(_directory, "main", "consultbot.db");

    private string DiPath => Path.Combine(_directory, "di", "consultbot.db");

    protected override async Task<IStorage> CreateStorageAsync(TimeProvider timeProvider)
    {
        var storage = Resources.Add(new SqliteStorage(MainPath, 5000, timeProvider, NullLogger.Instance));
        await storage.ApplyMigrationsAsync(StorageMigration.Plan([]), Ct);
        return storage;
    }

    protected override async Task<IStorage> CreateSecondInstanceAsync(TimeProvider timeProvider)
    {
        var storage = Resources.Add(new SqliteStorage(MainPath, 5000, timeProvider, NullLogger.Instance));
        await storage.ApplyMigrationsAsync(StorageMigration.Plan([]), Ct);
        return storage;
    }

    protected override Dictionary<string, string?> FreshStoreConfiguration() => new()
    {
        ["Storage:Provider"] = "sqlite",
        ["Storage:Sqlite:Path"] = DiPath,
    };

    protected override Task<long> ScalarAsync(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DiPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [Fact]
    public async Task The_file_and_its_directory_are_created_in_wal_mode()
    {
        Assert.True(File.Exists(MainPath));
        await WriteAsync(Storage, "k", "{}");

        using var connection = new SqliteConnection($"Data Source={MainPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }
}

public sealed class PostgresStorageContractTests : SqlStorageTests
{
    private readonly List<string> _schemas = [];
    private string? _mainConnectionString;
    private string? _diConnectionString;

    protected override async Task<IStorage> CreateStorageAsync(TimeProvider timeProvider)
    {
        var (schema, connectionString) = await PostgresTestServer.CreateSchemaAsync(Ct);
        _schemas.Add(schema);
        _mainConnectionString = connectionString;
        (schema, _diConnectionString) = await PostgresTestServer.CreateSchemaAsync(Ct);
        _schemas.Add(schema);
        var storage = Resources.Add(new PostgresStorage(connectionString, timeProvider, NullLogger.Instance));
        await storage.ApplyMigrationsAsync(StorageMigration.Plan([]), Ct);
        return storage;
    }

    protected override Task<IStorage> CreateSecondInstanceAsync(TimeProvider timeProvider) =>
        Task.FromResult<IStorage>(Resources.Add(new PostgresStorage(_mainConnectionString!, timeProvider, NullLogger.Instance)));

    protected override Dictionary<string, string?> FreshStoreConfiguration() => new()
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = _diConnectionString,
    };

    protected override async Task<long> ScalarAsync(string sql) =>
        Convert.ToInt64(await PostgresTestServer.ScalarAsync(_diConnectionString!, sql, Ct), System.Globalization.CultureInfo.InvariantCulture);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var schema in _schemas)
        {
            await PostgresTestServer.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task Keys_sort_byte_wise_whatever_the_database_collation()
    {
        foreach (var key in new[] { "o/b", "o/B", "o/a", "o/ä", "o/Z", "o/_" })
        {
            await WriteAsync(Storage, key, "{}");
        }

        var keys = (await Storage.ListAsync("o/", 10, Ct)).Select(kv => kv.Key).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }
}
