using System.Net.Sockets;
using ConsultBot.Protocol.State;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace ConsultBot.Storage.Postgres;

/// <summary>
/// <see cref="IStorage"/> on PostgreSQL, safe for several bot instances on one database: every condition is part
/// of the statement that writes (<c>UPDATE … WHERE etag = …</c>, <c>INSERT … ON CONFLICT</c>), so the row lock
/// decides the race and the loser sees zero rows. Several items go in one transaction, locked in key order.
/// </summary>
internal sealed class PostgresStorage : IStorageBackend, IAsyncDisposable, IDisposable
{
    // pg_advisory_xact_lock key serialising migrations of every instance on the database ("CnsltBot").
    private const long MigrationLockKey = 0x436E736C74426F74;

    private const string UpsertSql =
        "INSERT INTO items (key, json, etag, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5) " +
        "ON CONFLICT (key) DO UPDATE SET json = excluded.json, etag = excluded.etag, expires_at = excluded.expires_at, updated_at = excluded.updated_at";

    // Create-only behaves as ON CONFLICT DO NOTHING, except that an expired item (which reads as missing) is replaced.
    private const string CreateOnlySql = UpsertSql + " WHERE items.expires_at IS NOT NULL AND items.expires_at <= $5";

    private const string UpdateSql =
        "UPDATE items SET json = $2, etag = $3, expires_at = $4, updated_at = $5 " +
        "WHERE key = $1 AND etag = $6 AND (expires_at IS NULL OR expires_at > $5)";

    private const string ReadSql = "SELECT key, json, etag, expires_at FROM items WHERE key = ANY($1) AND (expires_at IS NULL OR expires_at > $2)";
    private const string DeleteSql = "DELETE FROM items WHERE key = ANY($1)";
    private const string ListRangeSql = "SELECT key, json, etag, expires_at FROM items WHERE key >= $1 AND key < $4 AND (expires_at IS NULL OR expires_at > $2) ORDER BY key LIMIT $3";
    private const string ListOpenSql = "SELECT key, json, etag, expires_at FROM items WHERE key >= $1 AND starts_with(key, $1) AND (expires_at IS NULL OR expires_at > $2) ORDER BY key LIMIT $3";
    private const string PurgeSql = "DELETE FROM items WHERE expires_at <= $1";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public PostgresStorage(string connectionString, TimeProvider timeProvider, ILogger logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Timeout == 15)
        {
            // Npgsql's default connect timeout; a store that is down should be reported sooner.
            builder.Timeout = 5;
        }

        if (builder.MaxAutoPrepare == 0)
        {
            // The handful of statements above run on every turn: let Npgsql keep them prepared per connection.
            builder.MaxAutoPrepare = 32;
        }

        Location = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string Name => "postgres";

    /// <summary>host:port/database, without credentials.</summary>
    public string Location { get; }

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(new Dictionary<string, StoreItem>(StringComparer.Ordinal));
        }

        var now = _timeProvider.GetUtcNow();
        return RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(ReadSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            var result = new Dictionary<string, StoreItem>(keys.Count, StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result[reader.GetString(0)] = ReadItem(reader, 1);
            }

            return (IReadOnlyDictionary<string, StoreItem>)result;
        }, idempotent: true, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(StringComparer.Ordinal));
        }

        var now = _timeProvider.GetUtcNow().ToUniversalTime();
        return RunAsync(async (connection, ct) =>
        {
            var etags = new Dictionary<string, string>(changes.Count, StringComparer.Ordinal);
            if (changes.Count == 1)
            {
                // One statement is its own transaction: one round trip.
                var (key, item) = changes.First();
                var etag = ETags.New();
                await using var command = new NpgsqlCommand(null, connection);
                Bind(command, command.Parameters, key, item, etag, now);
                if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                {
                    throw new EtagException(key);
                }

                etags[key] = etag;
                return (IReadOnlyDictionary<string, string>)etags;
            }

            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction);

            // Rows are locked in key order, so two multi-item writers cannot deadlock each other.
            var keys = changes.Keys.Order(StringComparer.Ordinal).ToArray();
            foreach (var key in keys)
            {
                var item = changes[key];
                ArgumentNullException.ThrowIfNull(item);
                var etag = ETags.New();
                var batchCommand = new NpgsqlBatchCommand();
                Bind(batchCommand, batchCommand.Parameters, key, item, etag, now);
                batch.BatchCommands.Add(batchCommand);
                etags[key] = etag;
            }

            await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < keys.Length; i++)
            {
                if (batch.BatchCommands[i].RecordsAffected == 0)
                {
                    await transaction.RollbackAsync(ct).ConfigureAwait(false);
                    throw new EtagException(keys[i]);
                }
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return etags;
        }, idempotent: false, cancellationToken);
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return Task.CompletedTask;
        }

        return RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(DeleteSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, idempotent: true, cancellationToken);
    }

    public Task<IReadOnlyList<KeyValuePair<string, StoreItem>>> ListAsync(string keyPrefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<KeyValuePair<string, StoreItem>>>([]);
        }

        var now = _timeProvider.GetUtcNow().ToUniversalTime();
        var upper = Sqlite.KeyRange.UpperBound(keyPrefix);
        return RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(upper is null ? ListOpenSql : ListRangeSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = keyPrefix, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = limit, NpgsqlDbType = NpgsqlDbType.Bigint });
            if (upper is not null)
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = upper, NpgsqlDbType = NpgsqlDbType.Text });
            }

            var result = new List<KeyValuePair<string, StoreItem>>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result.Add(new(reader.GetString(0), ReadItem(reader, 1)));
            }

            return (IReadOnlyList<KeyValuePair<string, StoreItem>>)result;
        }, idempotent: true, cancellationToken);
    }

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow().ToUniversalTime();
        return RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(PurgeSql, connection);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, idempotent: true, cancellationToken);
    }

    public Task<IReadOnlyList<StorageMigration>> ApplyMigrationsAsync(IReadOnlyList<StorageMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var appliedAt = _timeProvider.GetUtcNow().ToUniversalTime();
        return RunAsync(async (connection, ct) =>
        {
            // One transaction holding a transaction-level advisory lock: instances starting together take turns,
            // and a failing migration leaves nothing behind (DDL is transactional in PostgreSQL).
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    owner       text        NOT NULL,
                    version     integer     NOT NULL,
                    description text        NOT NULL,
                    applied_at  timestamptz NOT NULL,
                    PRIMARY KEY (owner, version)
                )
                """, ct).ConfigureAwait(false);

            var applied = new HashSet<(string, int)>();
            await using (var select = new NpgsqlCommand("SELECT owner, version FROM schema_migrations", connection, transaction))
            await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    applied.Add((reader.GetString(0), reader.GetInt32(1)));
                }
            }

            var done = new List<StorageMigration>();
            foreach (var migration in migrations)
            {
                if (applied.Contains((migration.Owner, migration.Version)))
                {
                    continue;
                }

                try
                {
                    await ExecuteAsync(connection, transaction, migration.PostgresSql, ct).ConfigureAwait(false);
                }
                catch (PostgresException e) when (!PostgresErrors.IsUnavailable(e))
                {
                    throw new InvalidOperationException($"Storage migration {migration.Owner} v{migration.Version} ({migration.Description}) failed on PostgreSQL: {e.Message}", e);
                }

                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (owner, version, description, applied_at) VALUES ($1, $2, $3, $4)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Owner });
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
                record.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = appliedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                done.Add(migration);
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<StorageMigration>)done;
        }, idempotent: false, cancellationToken);
    }

    public async Task<(bool Healthy, string Detail)> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await RunAsync(async (connection, ct) =>
            {
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            }, idempotent: true, timeout.Token).ConfigureAwait(false);
            return (true, $"postgres: ok ({Location})");
        }
        catch (StorageUnavailableException e)
        {
            return (false, $"postgres: unavailable ({Location}): {e.InnerException?.Message ?? e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"postgres: no answer within 5 s ({Location})");
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private static void Bind(object command, NpgsqlParameterCollection parameters, string key, StoreItem item, string etag, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        var sql = item.ETag switch
        {
            null or StoreItem.Any => UpsertSql,
            StoreItem.CreateOnly => CreateOnlySql,
            _ => UpdateSql,
        };
        switch (command)
        {
            case NpgsqlCommand c:
                c.CommandText = sql;
                break;
            case NpgsqlBatchCommand b:
                b.CommandText = sql;
                break;
        }

        parameters.Add(new NpgsqlParameter<string> { TypedValue = key, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = item.Json, NpgsqlDbType = NpgsqlDbType.Json });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = etag, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { Value = item.ExpiresAt is { } at ? at.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (sql == UpdateSql)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = item.ETag!, NpgsqlDbType = NpgsqlDbType.Text });
        }
    }

    private static StoreItem ReadItem(NpgsqlDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetFieldValue<DateTimeOffset>(first + 2));

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one operation on a connection from the pool. A failure to reach the server clears the pool (after a
    /// server restart every idle connection is dead) and becomes <see cref="StorageUnavailableException"/>. An
    /// idempotent operation, or one the server refused before running it (it was shutting down or terminated the
    /// session), is tried once more on a fresh connection first.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> operation, bool idempotent, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await operation(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (PostgresException e) when (PostgresErrors.IsConflict(e))
            {
                throw new EtagException($"Etag conflict: a concurrent transaction changed the items first ({e.SqlState}).", e);
            }
            catch (Exception e) when (PostgresErrors.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
            {
                _dataSource.Clear();
                if (attempt == 1 && (idempotent || PostgresErrors.RefusedBeforeRunning(e)))
                {
                    continue;
                }

                _logger.StoreUnavailable(Name, e);
                throw new StorageUnavailableException($"The PostgreSQL store ({Location}) is unavailable: {e.Message}", e);
            }
        }
    }
}

/// <summary>How PostgreSQL and Npgsql failures map onto the storage contract.</summary>
internal static class PostgresErrors
{
    public static bool IsConflict(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // 08 connection, 28 authentication, 53 insufficient resources, 57P operator intervention (shutdown,
        // terminated session, starting up), 58 system error, 3D000 no such database.
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState.StartsWith("28", StringComparison.Ordinal)
            || p.SqlState.StartsWith("53", StringComparison.Ordinal)
            || p.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || p.SqlState.StartsWith("58", StringComparison.Ordinal)
            || p.SqlState == PostgresErrorCodes.InvalidCatalogName,

        // Client side: socket errors, timeouts, a connection broken mid-way, pool exhausted.
        NpgsqlException => true,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The server said it ended the session (shutdown, pg_terminate_backend): the statement did not run.</summary>
    public static bool RefusedBeforeRunning(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow };
}
