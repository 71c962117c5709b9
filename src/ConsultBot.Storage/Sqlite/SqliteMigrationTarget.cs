using ConsultBot.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace ConsultBot.Storage.Sqlite;

/// <summary>SQLite's side of <see cref="StorageMigrationRunner"/>: <c>BEGIN IMMEDIATE</c> on one session (synchronous underneath).</summary>
internal sealed class SqliteMigrationTarget(SqliteSession session, string appliedAt) : IMigrationTarget
{
    private SqliteConnection Connection => session.Connection;

    public string DisplayName => "SQLite";

    public Task BeginExclusiveAsync(CancellationToken cancellationToken) => Execute("BEGIN IMMEDIATE");

    public Task EnsureJournalAsync(CancellationToken cancellationToken) => Execute(SqliteSql.CreateJournal);

    public Task<HashSet<(string Owner, int Version)>> ReadAppliedAsync(CancellationToken cancellationToken)
    {
        var applied = new HashSet<(string Owner, int Version)>();
        using var select = Connection.CreateCommand();
        select.CommandText = SqliteSql.ReadJournal;
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            applied.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return Task.FromResult(applied);
    }

    public Task ExecuteAsync(StorageMigration migration, CancellationToken cancellationToken) => Execute(migration.SqliteSql);

    public Task RecordAsync(StorageMigration migration, CancellationToken cancellationToken)
    {
        using var record = Connection.CreateCommand();
        record.CommandText = SqliteSql.RecordInJournal;
        record.Parameters.AddWithValue("$owner", migration.Owner);
        record.Parameters.AddWithValue("$version", migration.Version);
        record.Parameters.AddWithValue("$description", migration.Description);
        record.Parameters.AddWithValue("$appliedAt", appliedAt);
        record.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken cancellationToken) => Execute("COMMIT");

    public Task RollbackAsync()
    {
        SqliteItems.TryRollback(session);
        return Task.CompletedTask;
    }

    // A missing table inside a migration's own SQL is a bug in the migration, even though elsewhere it means "not migrated yet".
    public bool IsMigrationError(Exception exception) =>
        exception is SqliteException e && (!SqliteErrors.IsUnavailable(e) || SqliteErrors.IsMissingTable(e));

    private Task Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
