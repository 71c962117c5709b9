using ConsultBot.Knowledge;
using ConsultBot.Knowledge.Store;

namespace ConsultBot.Admin.Api;

/// <summary>What an editor sends: the content only. Id (on create), status, time and editor are the server's.</summary>
public sealed record AdminEntryInput(
    string? Id,
    string Question,
    IReadOnlyList<string>? Alternatives,
    string Answer,
    string? Category = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<string>? Related = null,
    string? Source = null,
    string? Language = null,
    IReadOnlyDictionary<string, FaqTranslation>? Translations = null,
    string? Note = null);

/// <summary>A finding that does not block saving: a near-duplicate or competing entry (named), a missing English version.</summary>
public sealed record AdminWarning(string Field, string Message, string? OtherEntryId = null);

/// <param name="State"><c>draft</c> (never published), <c>published</c>, <c>published-with-draft</c> or <c>deleted</c>.</param>
public sealed record AdminEntryView(string Id, string State, FaqEntry? Published, FaqEntry? Draft, FaqDeletion? Deleted, string ETag, long Version, IReadOnlyList<AdminWarning> Warnings);

public sealed record AdminEntrySummary(string Id, string State, string Question, string Category, string Language, bool HasEnglish, DateTimeOffset UpdatedAt, string UpdatedBy, string ETag);

public sealed record AdminRevision(long Revision, string Action, string By, DateTimeOffset At, IReadOnlyList<string> Changed, string? Note);

/// <summary>One revision and how it differs from what the editor works on now.</summary>
public sealed record AdminRevisionDetail(AdminRevision Revision, FaqEntry? Entry, IReadOnlyList<FieldDiff> DiffToCurrent);

/// <param name="Lines">Line diff: <c>Kind</c> is <c>" "</c> (same), <c>"-"</c> (only in the revision) or <c>"+"</c> (only now).</param>
public sealed record FieldDiff(string Field, IReadOnlyList<DiffLine> Lines);

public sealed record DiffLine(string Kind, string Text);

/// <summary>A stale If-Match: what is stored now and which fields changed since the editor's version.</summary>
public sealed record AdminConflict(string Title, string Detail, AdminEntryView? Current, IReadOnlyList<AdminRevision> ChangedMeanwhile);

public sealed record ImportRejection(int Row, string? Id, string Field, string Message);

/// <param name="Applied">True only when the import was written (all of it); a dry run or any rejection writes nothing.</param>
public sealed record ImportReport(bool DryRun, bool Applied, IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Unchanged, IReadOnlyList<ImportRejection> Rejected);

public sealed record ReviewQuestion(string Text, string Reason, string Locale, DateTimeOffset At);

/// <param name="SuggestedEntryId">The entry the search would pick for the group's questions (pre-selected for "add as phrasings").</param>
public sealed record ReviewGroup(string Id, string Representative, int Count, IReadOnlyList<ReviewQuestion> Questions, string? SuggestedEntryId, string? SuggestedEntryQuestion);

/// <summary>A consultant's "propose as FAQ" draft, with personal data removed.</summary>
public sealed record ReviewDraft(string Id, string Question, string Answer, DateTimeOffset ProposedAt, string ETag);

public sealed record ReviewList(IReadOnlyList<ReviewGroup> Groups, IReadOnlyList<ReviewDraft> Drafts);

public sealed record PhrasingsRequest(string EntryId, IReadOnlyList<string>? Questions = null, bool Publish = true);

public sealed record SynonymsView(IReadOnlyList<FaqSynonymGroup> Groups, string? ETag, bool BuiltIn);

public sealed record SynonymsInput(IReadOnlyList<FaqSynonymGroup> Groups);

public sealed record KeyCreateRequest(string Name);

public sealed record AdminMe(string Editor, string DisplayName);

/// <summary>What the search decides for a question (the test pane): the decision and the ranked entries with confidences.</summary>
public sealed record AdminTestResult(string Question, string Decision, IReadOnlyList<AdminTestHit> Results);

public sealed record AdminTestHit(string Id, string Question, double Confidence);
