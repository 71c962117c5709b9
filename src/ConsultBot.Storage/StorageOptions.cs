using Microsoft.Extensions.Options;
using Npgsql;

namespace ConsultBot.Storage;

/// <summary>Storage settings, section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> (default, embedded), <c>postgres</c> (scale-out) or <c>memory</c> (tests, dev).</summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite settings (<c>Storage:Sqlite</c>).</summary>
    public SqliteStorageOptions Sqlite { get; set; } = new();

    /// <summary>How often expired items are deleted.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a hosted service applies schema migrations at start (in addition to an explicit <c>MigrateStorageAsync</c>).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The longest wait between two migration attempts while the store is down at start (the wait doubles from 1 s).</summary>
    public TimeSpan MigrationRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>SQLite settings, section <c>Storage:Sqlite</c>.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The database file; relative paths are resolved against the content root. Its directory is created on first run.</summary>
    public string Path { get; set; } = "data/consultbot.db";

    /// <summary>How long an operation waits for a lock held by another process before the store counts as unavailable.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}

/// <summary>The values of <see cref="StorageOptions.Provider"/>.</summary>
public static class StorageProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Memory = "memory";
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var provider = options.Provider?.Trim() ?? string.Empty;
        if (provider.Equals(StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                errors.Add("Storage:ConnectionString is required when Storage:Provider is 'postgres' (for example 'Host=db;Username=consultbot;Password=...;Database=consultbot').");
            }
            else
            {
                try
                {
                    _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException e)
                {
                    errors.Add($"Storage:ConnectionString is not a valid PostgreSQL connection string: {e.Message}");
                }
            }
        }
        else if (provider.Equals(StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Sqlite?.Path))
            {
                errors.Add("Storage:Sqlite:Path must not be empty when Storage:Provider is 'sqlite'.");
            }

            if (options.Sqlite is { BusyTimeoutMilliseconds: < 0 })
            {
                errors.Add("Storage:Sqlite:BusyTimeoutMilliseconds must not be negative.");
            }
        }
        else if (!provider.Equals(StorageProviders.Memory, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Storage:Provider '{options.Provider}' is not supported; use 'sqlite', 'postgres' or 'memory'.");
        }

        if (options.PurgeInterval <= TimeSpan.Zero)
        {
            errors.Add("Storage:PurgeInterval must be positive (for example '00:05:00').");
        }

        if (options.MigrationRetryMaxDelay <= TimeSpan.Zero)
        {
            errors.Add("Storage:MigrationRetryMaxDelay must be positive (for example '00:00:30').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
