using ConsultBot.Protocol.State;
using ConsultBot.Storage.Migrations;
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

    public const string ProviderName = StorageProviders.Postgres;

    public string Name => ProviderName;

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
            await using var command = new NpgsqlCommand(PostgresSql.Read, connection);
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
            await using var command = new NpgsqlCommand(PostgresSql.Delete, connection);
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
        var upper = KeyRange.UpperBound(keyPrefix);
        return RunAsync(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(upper is null ? PostgresSql.ListOpen : PostgresSql.ListRange, connection);
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
            await using var command = new NpgsqlCommand(PostgresSql.Purge, connection);
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
            await using var target = new PostgresMigrationTarget(connection, appliedAt);
            return await StorageMigrationRunner.ApplyAsync(target, migrations, ct).ConfigureAwait(false);
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
                await using var command = new NpgsqlCommand(PostgresSql.Probe, connection);
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
            null or StoreItem.Any => PostgresSql.Upsert,
            StoreItem.CreateOnly => PostgresSql.CreateOnly,
            _ => PostgresSql.Update,
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
        if (sql == PostgresSql.Update)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = item.ETag!, NpgsqlDbType = NpgsqlDbType.Text });
        }
    }

    private static StoreItem ReadItem(NpgsqlDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetFieldValue<DateTimeOffset>(first + 2));

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
