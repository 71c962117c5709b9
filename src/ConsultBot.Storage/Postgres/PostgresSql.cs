namespace ConsultBot.Storage.Postgres;

/// <summary>All SQL of the PostgreSQL provider: the statements of the items table ($1 key, $2 json, $3 etag, $4 expires, $5 now) and the migration journal.</summary>
internal static class PostgresSql
{
    // pg_advisory_xact_lock key serialising migrations of every instance on the database ("CnsltBot").
    public const long MigrationLockKey = 0x436E736C74426F74;

    public static readonly string LockMigrations = $"SELECT pg_advisory_xact_lock({MigrationLockKey})";

    public const string Upsert =
        "INSERT INTO items (key, json, etag, expires_at, updated_at) VALUES ($1, $2, $3, $4, $5) " +
        "ON CONFLICT (key) DO UPDATE SET json = excluded.json, etag = excluded.etag, expires_at = excluded.expires_at, updated_at = excluded.updated_at";

    // Create-only behaves as ON CONFLICT DO NOTHING, except that an expired item (which reads as missing) is replaced.
    public const string CreateOnly = Upsert + " WHERE items.expires_at IS NOT NULL AND items.expires_at <= $5";

    public const string Update =
        "UPDATE items SET json = $2, etag = $3, expires_at = $4, updated_at = $5 " +
        "WHERE key = $1 AND etag = $6 AND (expires_at IS NULL OR expires_at > $5)";

    public const string Read = "SELECT key, json, etag, expires_at FROM items WHERE key = ANY($1) AND (expires_at IS NULL OR expires_at > $2)";
    public const string Delete = "DELETE FROM items WHERE key = ANY($1)";
    public const string ListRange = "SELECT key, json, etag, expires_at FROM items WHERE key >= $1 AND key < $4 AND (expires_at IS NULL OR expires_at > $2) ORDER BY key LIMIT $3";
    public const string ListOpen = "SELECT key, json, etag, expires_at FROM items WHERE key >= $1 AND starts_with(key, $1) AND (expires_at IS NULL OR expires_at > $2) ORDER BY key LIMIT $3";
    public const string Purge = "DELETE FROM items WHERE expires_at <= $1";

    public const string CreateJournal = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            owner       text        NOT NULL,
            version     integer     NOT NULL,
            description text        NOT NULL,
            applied_at  timestamptz NOT NULL,
            PRIMARY KEY (owner, version)
        )
        """;

    public const string ReadJournal = "SELECT owner, version FROM schema_migrations";

    public const string RecordInJournal = "INSERT INTO schema_migrations (owner, version, description, applied_at) VALUES ($1, $2, $3, $4)";

    public const string Probe = "SELECT 1";
}
