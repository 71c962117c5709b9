namespace ConsultBot.Knowledge.Store;

/// <summary>
/// The admins' view of the store: drafts beside published versions, soft deletes with a reason, revisions
/// with notes, and restore. Every write is one atomic multi-key write (entry + revision + meta) like
/// <see cref="IFaqStore"/>'s, so every instance's index follows it. Users only ever see published versions.
/// </summary>
public interface IFaqEditor
{
    /// <summary>An entry with its draft and deletion; deleted entries too (null only when the id never existed).</summary>
    Task<FaqEditableEntry?> GetEditableAsync(string id, CancellationToken cancellationToken);

    /// <summary>All entries, ordered by id; deleted ones only when asked.</summary>
    Task<IReadOnlyList<FaqEditableEntry>> ListEditableAsync(bool includeDeleted, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an entry (as a draft; <paramref name="ifMatch"/> must be null and the id new) or saves the draft of an
    /// existing one (<paramref name="ifMatch"/> required). A published entry stays live until <see cref="PublishAsync"/>.
    /// </summary>
    Task<FaqEditResult> SaveDraftAsync(FaqEntry draft, string? ifMatch, string by, string? note, CancellationToken cancellationToken);

    /// <summary>Makes the draft (or a never-published entry) the published version. <paramref name="ifMatch"/> optional.</summary>
    Task<FaqEditResult> PublishAsync(string id, string? ifMatch, string by, string? note, CancellationToken cancellationToken);

    /// <summary>Soft delete: users stop seeing the entry at once; the content stays in the history and can be restored.</summary>
    Task<FaqEditResult> SoftDeleteAsync(string id, string ifMatch, string by, string reason, CancellationToken cancellationToken);

    /// <summary>Brings revision <paramref name="revision"/>'s content back as the draft (undeleting the entry if needed).</summary>
    Task<FaqEditResult> RestoreAsync(string id, long revision, string? ifMatch, string by, CancellationToken cancellationToken);

    Task<FaqHistoryRecord?> GetRevisionAsync(string id, long revision, CancellationToken cancellationToken);
}

/// <summary>Synonyms and abbreviations as data the admins edit; a change bumps the store version, so every instance re-indexes.</summary>
public interface IFaqSynonyms
{
    /// <summary>The stored groups with their ETag, or null when the admins never saved any (the built-in list applies).</summary>
    Task<(FaqSynonymsDocument Document, string ETag)?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the groups. <paramref name="ifMatch"/> null creates them (fails if they exist), else must be the current ETag.</summary>
    /// <returns>The new ETag, or null on a conflict.</returns>
    Task<string?> SaveAsync(IReadOnlyList<FaqSynonymGroup> groups, string? ifMatch, string by, CancellationToken cancellationToken);
}

/// <summary>
/// Hook for the search engine: told the admin-edited synonyms (on every instance, at start and after each change)
/// before the index is rebuilt. Implemented by the search side; none registered means the built-in synonyms only.
/// </summary>
public interface IFaqSynonymSink
{
    void ApplySynonyms(IReadOnlyList<FaqSynonymGroup> groups);
}

/// <summary>"Re-index now": brings this instance's index up to the store at once instead of at the next poll.</summary>
public interface IFaqIndexRefresh
{
    Task RefreshAsync(CancellationToken cancellationToken);
}
