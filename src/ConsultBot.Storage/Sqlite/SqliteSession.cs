using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ConsultBot.Storage.Sqlite;

/// <summary>The statements of the items table, by index into <see cref="SqliteSession"/>'s command cache.</summary>
internal static class SqliteSql
{
    public const int Read = 0;
    public const int Upsert = 1;
    public const int CreateOnly = 2;
    public const int Update = 3;
    public const int Delete = 4;
    public const int ListRange = 5;
    public const int ListOpen = 6;
    public const int Purge = 7;
    public const int Begin = 8;
    public const int BeginImmediate = 9;
    public const int Commit = 10;
    public const int Rollback = 11;
    public const int Savepoint = 12;
    public const int ReleaseSavepoint = 13;
    public const int RollbackToSavepoint = 14;

    private const string UpsertText =
        "INSERT INTO items (key, json, etag, expires_at, updated_at) VALUES ($key, $json, $etag, $expires, $now) " +
        "ON CONFLICT (key) DO UPDATE SET json = excluded.json, etag = excluded.etag, expires_at = excluded.expires_at, updated_at = excluded.updated_at";

    public static readonly (string Text, string[] Parameters)[] Statements =
    [
        ("SELECT json, etag, expires_at FROM items WHERE key = $key", ["$key"]),
        (UpsertText, ["$key", "$json", "$etag", "$expires", "$now"]),
        // Create-only may replace an item that has expired (it reads as missing).
        (UpsertText + " WHERE items.expires_at IS NOT NULL AND items.expires_at <= $now", ["$key", "$json", "$etag", "$expires", "$now"]),
        ("UPDATE items SET json = $json, etag = $etag, expires_at = $expires, updated_at = $now " +
         "WHERE key = $key AND etag = $match AND (expires_at IS NULL OR expires_at > $now)", ["$key", "$json", "$etag", "$expires", "$now", "$match"]),
        ("DELETE FROM items WHERE key = $key", ["$key"]),
        ("SELECT key, json, etag, expires_at FROM items WHERE key >= $prefix AND key < $upper " +
         "AND (expires_at IS NULL OR expires_at > $now) ORDER BY key LIMIT $limit", ["$prefix", "$now", "$limit", "$upper"]),
        ("SELECT key, json, etag, expires_at FROM items WHERE key >= $prefix AND substr(key, 1, length($prefix)) = $prefix " +
         "AND (expires_at IS NULL OR expires_at > $now) ORDER BY key LIMIT $limit", ["$prefix", "$now", "$limit"]),
        ("DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at <= $now", ["$now"]),
        ("BEGIN", []),
        ("BEGIN IMMEDIATE", []),
        ("COMMIT", []),
        ("ROLLBACK", []),
        // Group commit: a multi-item write inside a shared transaction is undone alone through its savepoint.
        ("SAVEPOINT item_write", []),
        ("RELEASE item_write", []),
        ("ROLLBACK TO item_write", []),
    ];
}

/// <summary>An open connection with its prepared statements; used by one operation at a time.</summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly SqliteCommand?[] _commands = new SqliteCommand?[SqliteSql.Statements.Length];

    private SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public static SqliteSession Open(string connectionString, int busyTimeoutMilliseconds)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();

            // WAL: readers do not block the writer; NORMAL sync is durable against a crash of the process
            // (not of the machine) and avoids an fsync per commit.
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
            pragma.ExecuteNonQuery();
            return new SqliteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The command for a statement, prepared on first use and reused afterwards.</summary>
    public SqliteCommand Command(int statement)
    {
        var command = _commands[statement];
        if (command is null)
        {
            var (text, parameters) = SqliteSql.Statements[statement];
            command = Connection.CreateCommand();
            command.CommandText = text;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            command.Prepare();
            _commands[statement] = command;
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command?.Dispose();
        }

        Connection.Dispose();
    }
}
