namespace ConsultBot.Storage;

/// <summary>
/// One versioned schema change of one owner (a feature owns its tables). Applied once per database, in
/// version order within its owner, and recorded in <c>schema_migrations(owner, version, applied_at)</c>.
/// Contribute with <c>services.AddStorageMigrations(...)</c>. Never edit a migration that has shipped: add a new version.
/// </summary>
/// <param name="Owner">The feature that owns the tables, for example <c>faq</c>.</param>
/// <param name="Version">1, 2, 3, … within the owner.</param>
/// <param name="Description">What the migration does (recorded).</param>
/// <param name="SqliteSql">The statements for SQLite (several statements allowed).</param>
/// <param name="PostgresSql">The statements for PostgreSQL (several statements allowed).</param>
public sealed record StorageMigration(string Owner, int Version, string Description, string SqliteSql, string PostgresSql)
{
    /// <summary>The owner of the storage's own tables.</summary>
    public const string StorageOwner = "storage";

    /// <summary>The key/value table behind <see cref="Protocol.State.IStorage"/>.</summary>
    internal static StorageMigration Items { get; } = new(
        StorageOwner,
        1,
        "key/value items with ETag and expiry",
        """
        CREATE TABLE items (
            key        TEXT    NOT NULL PRIMARY KEY,
            json       TEXT    NOT NULL,
            etag       TEXT    NOT NULL,
            expires_at INTEGER NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX items_expires_at ON items (expires_at) WHERE expires_at IS NOT NULL;
        """,
        """
        CREATE TABLE items (
            key        text COLLATE "C" NOT NULL PRIMARY KEY,
            json       json        NOT NULL,
            etag       text        NOT NULL,
            expires_at timestamptz NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX items_expires_at ON items (expires_at) WHERE expires_at IS NOT NULL;
        """);

    /// <summary>The storage's own migrations first, then every owner's in version order; rejects conflicting duplicates.</summary>
    internal static IReadOnlyList<StorageMigration> Plan(IEnumerable<StorageMigration> contributed)
    {
        var byId = new Dictionary<(string Owner, int Version), StorageMigration>();
        foreach (var migration in contributed.Prepend(Items))
        {
            ArgumentNullException.ThrowIfNull(migration);
            if (string.IsNullOrWhiteSpace(migration.Owner) || migration.Version < 1)
            {
                throw new InvalidOperationException($"Storage migration '{migration.Owner}' v{migration.Version}: the owner must not be empty and the version must be 1 or more.");
            }

            if (byId.TryGetValue((migration.Owner, migration.Version), out var existing))
            {
                // The same record registered twice is harmless; two different ones with one id are a bug.
                if (existing != migration)
                {
                    throw new InvalidOperationException($"Two different storage migrations are registered as '{migration.Owner}' v{migration.Version}.");
                }

                continue;
            }

            byId[(migration.Owner, migration.Version)] = migration;
        }

        return [.. byId.Values
            .OrderBy(m => m.Owner == StorageOwner ? 0 : 1)
            .ThenBy(m => m.Owner, StringComparer.Ordinal)
            .ThenBy(m => m.Version)];
    }
}
