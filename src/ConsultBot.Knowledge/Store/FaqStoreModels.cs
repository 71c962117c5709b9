using System.Text.Json.Serialization;

namespace ConsultBot.Knowledge.Store;

/// <summary>An entry as stored: the entry, the ETag to write it back with, and the store version of its last change.</summary>
public sealed record FaqStoredEntry(FaqEntry Entry, string ETag, long Version);

/// <summary>One change of an entry, kept at <c>knowledge/history/{id}/{version}</c>.</summary>
/// <param name="Action">created, updated, deleted, seeded or imported.</param>
/// <param name="Changed">Names of the fields that changed (JSON names), empty for create/delete.</param>
/// <param name="Entry">The entry after the change (the draft, for draft actions); null after a delete.</param>
/// <param name="Note">The editor's note (a delete's reason, "restored from revision 7").</param>
public sealed record FaqHistoryRecord(string Id, long Version, string Action, string By, DateTimeOffset At, IReadOnlyList<string> Changed, FaqEntry? Entry, string? Note = null);

/// <summary>A field that failed validation (JSON name, e.g. <c>alternatives</c>) and why.</summary>
public sealed record FaqValidationError(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("message")] string Message);

public enum FaqWriteStatus
{
    Saved,

    /// <summary>Validation failed; nothing was saved.</summary>
    Invalid,

    NotFound,

    /// <summary>The If-Match ETag is no longer the stored one; nothing was saved.</summary>
    Conflict,
}

public sealed record FaqWriteResult(FaqWriteStatus Status, FaqStoredEntry? Entry, IReadOnlyList<FaqValidationError> Errors)
{
    public static FaqWriteResult Invalid(IReadOnlyList<FaqValidationError> errors) => new(FaqWriteStatus.Invalid, null, errors);

    public static FaqWriteResult NotFound { get; } = new(FaqWriteStatus.NotFound, null, []);

    public static FaqWriteResult Conflict { get; } = new(FaqWriteStatus.Conflict, null, []);
}

/// <param name="Seeded">True when the store was empty and got the whole seed.</param>
/// <param name="Added">Entries written (all on first run; later only seed ids the store never had).</param>
public sealed record FaqSeedResult(bool Seeded, int Added);

/// <summary>Result of an all-or-nothing import: <see cref="Errors"/> name the entry id and field (<c>id:field</c>).</summary>
public sealed record FaqImportResult(bool Imported, int Count, IReadOnlyList<FaqValidationError> Errors);

/// <summary>One 👍/👎 on an answer card, at <c>knowledge/feedback/{entryId}/{time}</c>.</summary>
public sealed record FaqFeedback(string EntryId, bool Helpful, string Question, string Locale, string? UserId, DateTimeOffset At);

/// <summary>
/// A question the knowledge base could not answer (decision none, or 👎), at <c>knowledge/unanswered/{time}</c>,
/// for admins to turn into entries. Personal data: the user id only.
/// </summary>
/// <param name="Reason"><c>none</c> or <c>not-helpful</c>.</param>
/// <param name="EntryId">The entry that got 👎, if any.</param>
public sealed record UnansweredQuestion(string Question, DateTimeOffset At, string Locale, string? UserId, string Reason, string? EntryId = null);

/// <summary>The stored document of an entry; <see cref="Entry"/> null is a tombstone (deleted, kept so a later seed does not bring it back).</summary>
/// <param name="Entry">What users see when its status is published (a never-published entry is a draft here).</param>
/// <param name="Draft">Pending edits of a published entry; users keep seeing <paramref name="Entry"/> until it is published.</param>
/// <param name="Deleted">Why and by whom a tombstone was made (soft delete); the last content stays in the history.</param>
internal sealed record FaqEntryDocument(string Id, long Version, FaqEntry? Entry, FaqEntry? Draft = null, FaqDeletion? Deleted = null);

/// <summary><c>knowledge/meta</c>: the change counter every instance polls.</summary>
internal sealed record FaqMetaDocument(long Version, int SeedVersion, DateTimeOffset UpdatedAt);

/// <summary>A soft delete: who, when and why.</summary>
public sealed record FaqDeletion(string Reason, string By, DateTimeOffset At);

/// <summary>
/// An entry as the admins see it: the published version users get (if any), the pending draft (if any),
/// the deletion (if deleted), and the ETag every conditional edit must carry.
/// </summary>
public sealed record FaqEditableEntry(string Id, FaqEntry? Published, FaqEntry? Draft, FaqDeletion? Deleted, string ETag, long Version)
{
    /// <summary>What the editor works on: the draft, else the published version.</summary>
    public FaqEntry? Current => Draft ?? Published;

    public bool IsDeleted => Deleted is not null || (Published is null && Draft is null);
}

public sealed record FaqEditResult(FaqWriteStatus Status, FaqEditableEntry? Entry, IReadOnlyList<FaqValidationError> Errors)
{
    public static FaqEditResult Invalid(IReadOnlyList<FaqValidationError> errors) => new(FaqWriteStatus.Invalid, null, errors);

    public static FaqEditResult NotFound { get; } = new(FaqWriteStatus.NotFound, null, []);

    public static FaqEditResult Conflict { get; } = new(FaqWriteStatus.Conflict, null, []);
}

/// <summary>One group of words that mean the same for the search (e.g. <c>ops, mops, ośrodek pomocy społecznej</c>).</summary>
/// <param name="Terms">Lower-case words or phrases; the first is the canonical one.</param>
public sealed record FaqSynonymGroup(IReadOnlyList<string> Terms);

/// <summary><c>knowledge/synonyms</c>: the admin-edited synonyms and abbreviations. <see cref="Version"/> is the store version of the last change.</summary>
public sealed record FaqSynonymsDocument(long Version, IReadOnlyList<FaqSynonymGroup> Groups, string UpdatedBy, DateTimeOffset UpdatedAt);
