namespace ConsultBot.Storage.Sqlite;

/// <summary>
/// All SQL of the SQLite provider: the statements of the items table, by index into <see cref="SqliteSession"/>'s
/// command cache, and the migration journal.
/// </summary>
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

    public const string CreateJournal = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            owner       TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            description TEXT    NOT NULL,
            applied_at  TEXT    NOT NULL,
            PRIMARY KEY (owner, version)
        )
        """;

    public const string ReadJournal = "SELECT owner, version FROM schema_migrations";

    public const string RecordInJournal = "INSERT INTO schema_migrations (owner, version, description, applied_at) VALUES ($owner, $version, $description, $appliedAt)";

    // Reading the schema touches the file itself (header and first page), not just the handle.
    public const string Probe = "SELECT count(*) FROM sqlite_master";
}
