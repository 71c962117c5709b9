namespace ConsultBot.Storage.Migrations;

/// <summary>
/// What a SQL provider supplies to <see cref="StorageMigrationRunner"/>: one exclusive transaction on one
/// connection, and its own dialect for the statements. Lives for one run.
/// </summary>
internal interface IMigrationTarget
{
    /// <summary>For error messages: <c>SQLite</c>, <c>PostgreSQL</c>.</summary>
    string DisplayName { get; }

    /// <summary>Starts the transaction so that instances migrating at the same time take turns.</summary>
    Task BeginExclusiveAsync(CancellationToken cancellationToken);

    /// <summary>Creates <c>schema_migrations(owner, version, description, applied_at)</c> when missing.</summary>
    Task EnsureJournalAsync(CancellationToken cancellationToken);

    Task<HashSet<(string Owner, int Version)>> ReadAppliedAsync(CancellationToken cancellationToken);

    /// <summary>Runs the provider's statements of <paramref name="migration"/>.</summary>
    Task ExecuteAsync(StorageMigration migration, CancellationToken cancellationToken);

    Task RecordAsync(StorageMigration migration, CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Undoes everything of this run; never throws (the error that led here is the one to report).</summary>
    Task RollbackAsync();

    /// <summary>True for an error of the migration's own SQL (a bug), false for "the store cannot be reached".</summary>
    bool IsMigrationError(Exception exception);
}

/// <summary>
/// The one migration algorithm of every SQL provider: all pending migrations, in plan order, in one exclusive
/// transaction, each recorded as it is applied, so a failing migration leaves nothing behind.
/// </summary>
internal static class StorageMigrationRunner
{
    public static async Task<IReadOnlyList<StorageMigration>> ApplyAsync(IMigrationTarget target, IReadOnlyList<StorageMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(migrations);
        await target.BeginExclusiveAsync(cancellationToken).ConfigureAwait(false);
        var committed = false;
        try
        {
            await target.EnsureJournalAsync(cancellationToken).ConfigureAwait(false);
            var applied = await target.ReadAppliedAsync(cancellationToken).ConfigureAwait(false);
            var done = new List<StorageMigration>();
            foreach (var migration in migrations)
            {
                if (applied.Contains((migration.Owner, migration.Version)))
                {
                    continue;
                }

                try
                {
                    await target.ExecuteAsync(migration, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (target.IsMigrationError(e))
                {
                    throw new InvalidOperationException($"Storage migration {migration.Owner} v{migration.Version} ({migration.Description}) failed on {target.DisplayName}: {e.Message}", e);
                }

                await target.RecordAsync(migration, cancellationToken).ConfigureAwait(false);
                done.Add(migration);
            }

            await target.CommitAsync(cancellationToken).ConfigureAwait(false);
            committed = true;
            return done;
        }
        finally
        {
            if (!committed)
            {
                await target.RollbackAsync().ConfigureAwait(false);
            }
        }
    }
}
