using System.Collections.Concurrent;
using ConsultBot.Protocol.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Storage.Sqlite;

/// <summary>
/// The connections of one SQLite file: small sessions that keep their prepared statements, rented for one
/// operation at a time. A session that saw an error is dropped, so a file that comes back is reopened instead of
/// reused broken. "Cannot reach the file" becomes <see cref="StorageUnavailableException"/> here, in one place.
/// </summary>
internal sealed class SqliteSessionPool : IDisposable
{
    private const int MaxIdleSessions = 16;

    private readonly string _connectionString;
    private readonly string _directory;
    private readonly int _busyTimeoutMilliseconds;
    private readonly ILogger _logger;
    private readonly ConcurrentStack<SqliteSession> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public SqliteSessionPool(string filePath, int busyTimeoutMilliseconds, ILogger logger)
    {
        FilePath = filePath;
        _directory = Path.GetDirectoryName(filePath) ?? Directory.GetCurrentDirectory();
        _busyTimeoutMilliseconds = Math.Max(0, busyTimeoutMilliseconds);
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // The sessions are the pool (they keep prepared statements); a second pool underneath would only add work.
            Pooling = false,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until this many seconds have passed.
            DefaultTimeout = Math.Max(1, (_busyTimeoutMilliseconds + 999) / 1000),
        }.ToString();
    }

    public string FilePath { get; }

    public bool IsDisposed => _disposed;

    /// <summary>Runs one operation on a pooled session.</summary>
    public TResult Run<TState, TResult>(TState state, Func<SqliteSession, TState, TResult> operation)
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
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
        finally
        {
            // Only a session that finished cleanly goes back to the pool.
            session?.Dispose();
        }
    }

    /// <summary>Runs one asynchronous operation (the migration runner) on a pooled session.</summary>
    public async Task<TResult> RunAsync<TResult>(Func<SqliteSession, Task<TResult>> operation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        SqliteSession? session = null;
        try
        {
            session = Rent();
            var result = await operation(session).ConfigureAwait(false);
            Return(session);
            session = null;
            return result;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
        finally
        {
            session?.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var session))
        {
            session.Dispose();
        }
    }

    private static bool IsUnavailable(Exception exception) => exception switch
    {
        SqliteException e => SqliteErrors.IsUnavailable(e),
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };

    private StorageUnavailableException Unavailable(Exception exception)
    {
        _logger.StoreUnavailable(SqliteStorage.ProviderName, exception);
        return new StorageUnavailableException($"The SQLite store ({FilePath}) is unavailable: {exception.Message}", exception);
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
