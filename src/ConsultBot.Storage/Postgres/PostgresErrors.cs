using System.Net.Sockets;
using Npgsql;

namespace ConsultBot.Storage.Postgres;

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
            || p.SqlState == PostgresErrorCodes.InvalidCatalogName

            // The items table is missing: a database reached before this instance's migrations ran (it was down at
            // start, or was replaced by an empty one). Like SQLite's "no such table": not ready yet, not a bug.
            || p.SqlState == PostgresErrorCodes.UndefinedTable,

        // Client side: socket errors, timeouts, a connection broken mid-way, pool exhausted.
        NpgsqlException => true,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The server said it ended the session (shutdown, pg_terminate_backend): the statement did not run.</summary>
    public static bool RefusedBeforeRunning(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow };
}
