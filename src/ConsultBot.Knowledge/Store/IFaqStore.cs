namespace ConsultBot.Knowledge.Store;

/// <summary>
/// The knowledge base in <c>IStorage</c>: the source of truth once seeded. Every change is validated,
/// written atomically with its history record and a bump of the <c>knowledge/meta</c> change counter
/// (which every instance polls to update its search index), and applied to the local index at once.
/// </summary>
public interface IFaqStore
{
    /// <summary>
    /// First run (no entries at all): writes the embedded seed. Later runs never overwrite stored
    /// entries (edited or deleted ones stay as the admins left them); they only add seed ids the store
    /// has never had, so new content shipped with a deployment appears.
    /// </summary>
    Task<FaqSeedResult> SeedIfEmptyAsync(CancellationToken cancellationToken);

    Task<FaqStoredEntry?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>All entries (draft and published), ordered by id.</summary>
    Task<IReadOnlyList<FaqStoredEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces an entry. <paramref name="ifMatch"/> (an ETag from a read) makes it conditional; null or "*" overwrites.</summary>
    /// <param name="by">Who made the change (stamped into <see cref="FaqEntry.UpdatedBy"/> and the history).</param>
    Task<FaqWriteResult> UpsertAsync(FaqEntry entry, string? ifMatch, string by, CancellationToken cancellationToken);

    Task<FaqWriteResult> DeleteAsync(string id, string? ifMatch, string by, CancellationToken cancellationToken);

    /// <summary>The changes of one entry, oldest first.</summary>
    Task<IReadOnlyList<FaqHistoryRecord>> GetHistoryAsync(string id, CancellationToken cancellationToken);

    /// <summary>Validates every entry (related ids may point into the import or the store); writes all of them or none. Entries not in the import are kept.</summary>
    Task<FaqImportResult> ImportAsync(IReadOnlyList<FaqEntry> entries, string by, CancellationToken cancellationToken);

    /// <summary>Validates without saving (the admin pane's preview).</summary>
    Task<IReadOnlyList<FaqValidationError>> ValidateAsync(FaqEntry entry, CancellationToken cancellationToken);

    /// <summary>The change counter of <c>knowledge/meta</c> (0 before the seed).</summary>
    Task<long> GetVersionAsync(CancellationToken cancellationToken);
}

/// <summary>Told about every change this instance writes, so the local index follows at once.</summary>
internal interface IFaqChangeObserver
{
    void OnChanged(FaqEntryDocument document);
}
