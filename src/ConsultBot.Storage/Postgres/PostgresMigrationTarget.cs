using ConsultBot.Storage.Migrations;
using Npgsql;
using NpgsqlTypes;

namespace ConsultBot.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of <see cref="StorageMigrationRunner"/>: one transaction holding a transaction-level advisory
/// lock, so instances starting together take turns; DDL is transactional, so a failing migration leaves nothing.
/// </summary>
internal sealed class PostgresMigrationTarget(NpgsqlConnection connection, DateTimeOffset appliedAt) : IMigrationTarget, IAsyncDisposable
{
    private NpgsqlTransaction? _transaction;

    public string DisplayName => "PostgreSQL";

    public async Task BeginExclusiveAsync(CancellationToken cancellationToken)
    {
        _transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(PostgresSql.LockMigrations, cancellationToken).ConfigureAwait(false);
    }

    public Task EnsureJournalAsync(CancellationToken cancellationToken) => ExecuteAsync(PostgresSql.CreateJournal, cancellationToken);

    public async Task<HashSet<(string Owner, int Version)>> ReadAppliedAsync(CancellationToken cancellationToken)
    {
        var applied = new HashSet<(string Owner, int Version)>();
        await using var select = new NpgsqlCommand(PostgresSql.ReadJournal, connection, _transaction);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return applied;
    }

    public Task ExecuteAsync(StorageMigration migration, CancellationToken cancellationToken) => ExecuteAsync(migration.PostgresSql, cancellationToken);

    public async Task RecordAsync(StorageMigration migration, CancellationToken cancellationToken)
    {
        await using var record = new NpgsqlCommand(PostgresSql.RecordInJournal, connection, _transaction);
        record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Owner });
        record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
        record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
        record.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = appliedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction!.CommitAsync(cancellationToken);

    public async Task RollbackAsync()
    {
        // Disposing an open transaction rolls it back; on a broken connection there is nothing left to undo.
        if (_transaction is { } transaction)
        {
            _transaction = null;
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }

    // A missing table inside a migration's own SQL is a bug in the migration, even though elsewhere it means "not migrated yet".
    public bool IsMigrationError(Exception exception) =>
        exception is PostgresException e && (!PostgresErrors.IsUnavailable(e) || e.SqlState == PostgresErrorCodes.UndefinedTable);

    public ValueTask DisposeAsync() => _transaction?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, _transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
