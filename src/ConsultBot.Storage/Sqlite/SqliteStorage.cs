using System.Collections.Concurrent;
using System.Globalization;
using ConsultBot.Protocol.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Storage.Sqlite;

/// <summary>
/// <see cref="IStorage"/> on one SQLite file in WAL mode. Writes of this process go through one gate (SQLite has a
/// single writer anyway, and waiting in-process is much cheaper than SQLite's busy back-off); reads run in parallel.
/// Writes are group-committed: a write that finds no writer running commits at once on its own thread; writes that
/// arrive meanwhile queue up and the writer commits them together in one transaction (each keeps its own condition
/// and outcome), so the per-commit cost is shared instead of serialised.
/// Connections live in small sessions that keep their prepared statements; a session that saw an error is dropped,
/// so a file that comes back is reopened instead of reused broken.
/// </summary>
internal sealed class SqliteStorage : IStorageBackend, IDisposable
{
    private const int MaxIdleSessions = 16;

    // Bounds one transaction (and the time the writer lock is held) while the queue is long.
    private const int MaxBatch = 64;

    private readonly string _connectionString;
    private readonly string _directory;
    private readonly int _busyTimeoutMilliseconds;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentStack<SqliteSession> _idle = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentQueue<PendingWrite> _pending = new();
    private readonly List<PendingWrite> _batch = new(MaxBatch);
    private int _draining;
    private int _idleCount;
    private volatile bool _disposed;

    public SqliteStorage(string path, int busyTimeoutMilliseconds, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _directory = Path.GetDirectoryName(FilePath) ?? Directory.GetCurrentDirectory();
        _busyTimeoutMilliseconds = Math.Max(0, busyTimeoutMilliseconds);
        _timeProvider = timeProvider;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // The sessions are the pool (they keep prepared statements); a second pool underneath would only add work.
            Pooling = false,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until this many seconds have passed.
            DefaultTimeout = Math.Max(1, (_busyTimeoutMilliseconds + 999) / 1000),
        }.ToString();
    }

    public string Name => "sqlite";

    public string FilePath { get; }

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        if (keys.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(new Dictionary<string, StoreItem>(StringComparer.Ordinal));
        }

        var now = Now();
        return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(Run((keys, now), static (session, state) => Read(session, state.keys, state.now)));
    }

    public async Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        foreach (var item in changes.Values)
        {
            ArgumentNullException.ThrowIfNull(item);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = new PendingWrite(changes);
        _pending.Enqueue(request);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static (state, token) => ((PendingWrite)state!).Cancel(token), request)
            : default;
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // No writer running: this caller becomes it and commits its own write (plus whatever queued) inline.
            await DrainAsync(request).ConfigureAwait(false);
        }

        return await request.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Commits queued writes batch by batch while it owns <see cref="_draining"/>. A caller that leads stops once its
    /// own write is done and hands any remaining queue to the thread pool, so leading never delays its own turn.
    /// </summary>
    private async Task DrainAsync(PendingWrite? own)
    {
        try
        {
            while (true)
            {
                await _writeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    CommitBatch();
                }
                finally
                {
                    _writeGate.Release();
                }

                if (!_pending.IsEmpty)
                {
                    if (own is not null && own.Task.IsCompleted)
                    {
                        _ = Task.Run(() => DrainAsync(null));
                        return;
                    }

                    continue;
                }

                Volatile.Write(ref _draining, 0);

                // A write enqueued after the emptiness check but before the release found _draining set and did not
                // lead: take the queue back unless someone else already has.
                if (_pending.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception e)
        {
            // Only a disposed gate gets here; nothing queued may wait forever.
            while (_pending.TryDequeue(out var request))
            {
                if (request.TryClaim())
                {
                    request.TrySetException(e);
                }
            }

            Volatile.Write(ref _draining, 0);
        }
    }

    /// <summary>Takes up to <see cref="MaxBatch"/> queued writes and commits them; completes every one of them.</summary>
    private void CommitBatch()
    {
        var batch = _batch;
        while (batch.Count < MaxBatch && _pending.TryDequeue(out var request))
        {
            if (request.TryClaim())
            {
                batch.Add(request);
            }
        }

        try
        {
            if (batch.Count == 1)
            {
                WriteAlone(batch[0]);
                return;
            }

            if (batch.Count == 0)
            {
                return;
            }

            var now = Now();
            try
            {
                Run((batch, now), static (session, state) => WriteBatch(session, state.batch, state.now));
            }
            catch (StorageUnavailableException e)
            {
                foreach (var request in batch)
                {
                    request.TrySetException(e);
                }

                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Something other than a condition failed inside the shared transaction (rolled back): the failing
                // write must not take the others down, so each gets its own transaction and its own outcome.
                foreach (var request in batch)
                {
                    WriteAlone(request);
                }

                return;
            }

            foreach (var request in batch)
            {
                if (request.Error is { } error)
                {
                    request.TrySetException(error);
                }
                else
                {
                    request.TrySetResult(request.ETags!);
                }
            }
        }
        finally
        {
            batch.Clear();
        }
    }

    private void WriteAlone(PendingWrite request)
    {
        try
        {
            var now = Now();
            request.TrySetResult(Run((request.Changes, now), static (session, state) => Write(session, state.Changes, state.now)));
        }
        catch (Exception e)
        {
            request.TrySetException(e);
        }
    }

    /// <summary>
    /// Several callers' writes in one IMMEDIATE transaction. A multi-item write runs inside a savepoint so that its
    /// conflict undoes only its own items; a single-item write that conflicts changed nothing. Outcomes are recorded
    /// on the requests and published by the caller only after COMMIT.
    /// </summary>
    private static int WriteBatch(SqliteSession session, List<PendingWrite> batch, long now)
    {
        session.Command(SqliteSql.BeginImmediate).ExecuteNonQuery();
        var committed = false;
        try
        {
            foreach (var request in batch)
            {
                var savepoint = request.Changes.Count > 1;
                if (savepoint)
                {
                    session.Command(SqliteSql.Savepoint).ExecuteNonQuery();
                }

                try
                {
                    request.ETags = WriteItems(session, request.Changes, now);
                    request.Error = null;
                }
                catch (EtagException e)
                {
                    request.ETags = null;
                    request.Error = e;
                    if (savepoint)
                    {
                        session.Command(SqliteSql.RollbackToSavepoint).ExecuteNonQuery();
                    }
                }

                if (savepoint)
                {
                    session.Command(SqliteSql.ReleaseSavepoint).ExecuteNonQuery();
                }
            }

            session.Command(SqliteSql.Commit).ExecuteNonQuery();
            committed = true;
            return batch.Count;
        }
        finally
        {
            if (!committed)
            {
                TryRollback(session);
            }
        }
    }

    private static void TryRollback(SqliteSession session)
    {
        try
        {
            session.Command(SqliteSql.Rollback).ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back (I/O error, full disk); the original error is the one to report,
            // and the session is dropped because that error escapes Run.
        }
    }

    /// <summary>One caller's write, its result published only once the batch it belongs to has committed.</summary>
    private sealed class PendingWrite(IReadOnlyDictionary<string, StoreItem> changes)
        : TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private const int Queued = 0;
        private const int Claimed = 1;
        private const int Cancelled = 2;
        private int _state;

        public IReadOnlyDictionary<string, StoreItem> Changes { get; } = changes;

        public Dictionary<string, string>? ETags { get; set; }

        public EtagException? Error { get; set; }

        /// <summary>The writer takes the request; from here on it is written or fails, never cancelled.</summary>
        public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Queued) == Queued;

        /// <summary>Cancels only a request the writer has not taken yet (so a cancelled write was never written).</summary>
        public void Cancel(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
            {
                TrySetCanceled(token);
            }
        }
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Run(keys, static (session, keys) => Delete(session, keys));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<IReadOnlyList<KeyValuePair<string, StoreItem>>> ListAsync(string keyPrefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        cancellationToken.ThrowIfCancellationRequested();
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<KeyValuePair<string, StoreItem>>>([]);
        }

        var now = Now();
        return Task.FromResult<IReadOnlyList<KeyValuePair<string, StoreItem>>>(Run((keyPrefix, limit, now), static (session, state) => List(session, state.keyPrefix, state.limit, state.now)));
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = Now();
            return Run(now, static (session, now) =>
            {
                var command = session.Command(SqliteSql.Purge);
                command.Parameters[0].Value = now;
                return command.ExecuteNonQuery();
            });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<StorageMigration>> ApplyMigrationsAsync(IReadOnlyList<StorageMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var appliedAt = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            return Run((migrations, appliedAt), static (session, state) => Migrate(session, state.migrations, state.appliedAt));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<(bool Healthy, string Detail)> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            Run(0, static (session, _) =>
            {
                // Reading the schema touches the file itself (header and first page), not just the handle.
                using var command = session.Connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master";
                return command.ExecuteScalar();
            });
            return Task.FromResult((true, $"sqlite: ok ({FilePath})"));
        }
        catch (StorageUnavailableException e)
        {
            return Task.FromResult((false, $"sqlite: unavailable ({FilePath}): {e.InnerException?.Message ?? e.Message}"));
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var session))
        {
            session.Dispose();
        }

        _writeGate.Dispose();
    }

    private long Now() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static Dictionary<string, StoreItem> Read(SqliteSession session, IReadOnlyCollection<string> keys, long now)
    {
        var result = new Dictionary<string, StoreItem>(keys.Count, StringComparer.Ordinal);
        var command = session.Command(SqliteSql.Read);
        var snapshot = keys.Count > 1;
        if (snapshot)
        {
            // One read transaction so that several keys come from one consistent snapshot.
            session.Command(SqliteSql.Begin).ExecuteNonQuery();
        }

        try
        {
            foreach (var key in keys)
            {
                command.Parameters[0].Value = key;
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    long? expiresAt = reader.IsDBNull(2) ? null : reader.GetInt64(2);
                    if (expiresAt is null || expiresAt > now)
                    {
                        result[key] = new StoreItem(reader.GetString(0), reader.GetString(1), FromUnix(expiresAt));
                    }
                }
            }
        }
        finally
        {
            if (snapshot)
            {
                session.Command(SqliteSql.Commit).ExecuteNonQuery();
            }
        }

        return result;
    }

    private static Dictionary<string, string> Write(SqliteSession session, IReadOnlyDictionary<string, StoreItem> changes, long now)
    {
        // A single statement is atomic on its own; several items need one IMMEDIATE transaction
        // (takes the write lock up front, so the conditions checked stay true until COMMIT).
        var transaction = changes.Count > 1;
        if (transaction)
        {
            session.Command(SqliteSql.BeginImmediate).ExecuteNonQuery();
        }

        var committed = false;
        try
        {
            var etags = WriteItems(session, changes, now);
            if (transaction)
            {
                session.Command(SqliteSql.Commit).ExecuteNonQuery();
            }

            committed = true;
            return etags;
        }
        finally
        {
            if (transaction && !committed)
            {
                session.Command(SqliteSql.Rollback).ExecuteNonQuery();
            }
        }
    }

    /// <summary>The statements of one write, in whatever transaction the caller holds; a failed condition throws.</summary>
    private static Dictionary<string, string> WriteItems(SqliteSession session, IReadOnlyDictionary<string, StoreItem> changes, long now)
    {
        var etags = new Dictionary<string, string>(changes.Count, StringComparer.Ordinal);
        foreach (var (key, item) in changes)
        {
            ArgumentNullException.ThrowIfNull(item);
            var etag = ETags.New();
            SqliteCommand command;
            switch (item.ETag)
            {
                case null or StoreItem.Any:
                    command = session.Command(SqliteSql.Upsert);
                    break;
                case StoreItem.CreateOnly:
                    command = session.Command(SqliteSql.CreateOnly);
                    break;
                default:
                    command = session.Command(SqliteSql.Update);
                    command.Parameters[5].Value = item.ETag;
                    break;
            }

            var parameters = command.Parameters;
            parameters[0].Value = key;
            parameters[1].Value = item.Json;
            parameters[2].Value = etag;
            parameters[3].Value = item.ExpiresAt is { } expiresAt ? expiresAt.ToUnixTimeMilliseconds() : DBNull.Value;
            parameters[4].Value = now;
            if (command.ExecuteNonQuery() == 0)
            {
                throw new EtagException(key);
            }

            etags[key] = etag;
        }

        return etags;
    }

    private static int Delete(SqliteSession session, IReadOnlyCollection<string> keys)
    {
        var transaction = keys.Count > 1;
        if (transaction)
        {
            session.Command(SqliteSql.BeginImmediate).ExecuteNonQuery();
        }

        var committed = false;
        try
        {
            var command = session.Command(SqliteSql.Delete);
            foreach (var key in keys)
            {
                command.Parameters[0].Value = key;
                command.ExecuteNonQuery();
            }

            if (transaction)
            {
                session.Command(SqliteSql.Commit).ExecuteNonQuery();
            }

            committed = true;
        }
        finally
        {
            if (transaction && !committed)
            {
                session.Command(SqliteSql.Rollback).ExecuteNonQuery();
            }
        }

        return keys.Count;
    }

    private static List<KeyValuePair<string, StoreItem>> List(SqliteSession session, string prefix, int limit, long now)
    {
        var upper = KeyRange.UpperBound(prefix);
        var command = session.Command(upper is null ? SqliteSql.ListOpen : SqliteSql.ListRange);
        command.Parameters[0].Value = prefix;
        command.Parameters[1].Value = now;
        command.Parameters[2].Value = limit;
        if (upper is not null)
        {
            command.Parameters[3].Value = upper;
        }
        var result = new List<KeyValuePair<string, StoreItem>>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            long? expiresAt = reader.IsDBNull(3) ? null : reader.GetInt64(3);
            result.Add(new(reader.GetString(0), new StoreItem(reader.GetString(1), reader.GetString(2), FromUnix(expiresAt))));
        }

        return result;
    }

    private static List<StorageMigration> Migrate(SqliteSession session, IReadOnlyList<StorageMigration> migrations, string appliedAt)
    {
        var connection = session.Connection;
        Execute(connection, "BEGIN IMMEDIATE");
        var committed = false;
        try
        {
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    owner       TEXT    NOT NULL,
                    version     INTEGER NOT NULL,
                    description TEXT    NOT NULL,
                    applied_at  TEXT    NOT NULL,
                    PRIMARY KEY (owner, version)
                )
                """);
            var applied = new HashSet<(string, int)>();
            using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT owner, version FROM schema_migrations";
                using var reader = select.ExecuteReader();
                while (reader.Read())
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
                    Execute(connection, migration.SqliteSql);
                }
                catch (SqliteException e) when (!SqliteErrors.IsUnavailable(e))
                {
                    throw new InvalidOperationException($"Storage migration {migration.Owner} v{migration.Version} ({migration.Description}) failed on SQLite: {e.Message}", e);
                }

                using var record = connection.CreateCommand();
                record.CommandText = "INSERT INTO schema_migrations (owner, version, description, applied_at) VALUES ($owner, $version, $description, $appliedAt)";
                record.Parameters.AddWithValue("$owner", migration.Owner);
                record.Parameters.AddWithValue("$version", migration.Version);
                record.Parameters.AddWithValue("$description", migration.Description);
                record.Parameters.AddWithValue("$appliedAt", appliedAt);
                record.ExecuteNonQuery();
                done.Add(migration);
            }

            Execute(connection, "COMMIT");
            committed = true;
            return done;
        }
        finally
        {
            if (!committed)
            {
                Execute(connection, "ROLLBACK");
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static DateTimeOffset? FromUnix(long? milliseconds) =>
        milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>Runs one operation on a pooled session, mapping "cannot reach the file" to <see cref="StorageUnavailableException"/>.</summary>
    private TResult Run<TState, TResult>(TState state, Func<SqliteSession, TState, TResult> operation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SqliteSession? session = null;
        try
        {
            session = Rent();
            var result = operation(session, state);
            Return(session);
            session = null;
            return result;
        }
        catch (EtagException)
        {
            // The transaction was rolled back cleanly: the session is fine.
            if (session is not null)
            {
                Return(session);
                session = null;
            }

            throw;
        }
        catch (SqliteException e) when (SqliteErrors.IsUnavailable(e))
        {
            _logger.StoreUnavailable(Name, e);
            throw new StorageUnavailableException($"The SQLite store ({FilePath}) is unavailable: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.StoreUnavailable(Name, e);
            throw new StorageUnavailableException($"The SQLite store ({FilePath}) is unavailable: {e.Message}", e);
        }
        finally
        {
            // Only a session that finished cleanly goes back to the pool.
            session?.Dispose();
        }
    }

    private SqliteSession Rent()
    {
        if (_idle.TryPop(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }

        // Created here rather than once at start so that a directory that appears later is picked up.
        Directory.CreateDirectory(_directory);
        return SqliteSession.Open(_connectionString, _busyTimeoutMilliseconds);
    }

    private void Return(SqliteSession session)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > MaxIdleSessions)
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }

        _idle.Push(session);
    }
}

/// <summary>Which SQLite errors mean "the store cannot be used right now" rather than a bug.</summary>
internal static class SqliteErrors
{
    public static bool IsUnavailable(SqliteException exception) => exception.SqliteErrorCode switch
    {
        3 or 5 or 6 or 8 or 10 or 11 or 13 or 14 or 15 or 23 or 26 => true, // PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, AUTH, NOTADB
        1 => exception.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase), // a file replaced by an empty one
        _ => false,
    };
}

/// <summary>Key ranges for prefix listing (an index range instead of a scan).</summary>
internal static class KeyRange
{
    /// <summary>The smallest string greater than every key starting with <paramref name="prefix"/>, or null when there is none that is safe to compute.</summary>
    public static string? UpperBound(string prefix)
    {
        if (prefix.Length == 0)
        {
            return null;
        }

        var last = prefix[^1];

        // Stay clear of surrogates: incrementing into or within them would not sort as UTF-8 bytes do.
        if (last >= 0xD7FF && last < 0xE000 || last == char.MaxValue)
        {
            return null;
        }

        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(last + 1)]);
    }
}
