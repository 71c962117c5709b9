namespace ConsultBot.Admin.Cards;

// The data bound to each admin template ($root), serialised camelCase; the locale's texts live in
// cards/<name>.texts.json. Strings are never null ("" instead): an unresolved ${...} would stay in the card.
// Text shown in TextBlocks is escaped (CardText.Escape); input values are not, they go back to the store as typed.

internal static class AdminCardNames
{
    public const string Home = "admin-home";
    public const string Entry = "admin-entry";
    public const string History = "admin-history";
    public const string Review = "admin-review";
}

internal sealed record AdminHomeRow(string Id, string Question, string State);

/// <param name="Total">All entries, drafts included; <paramref name="Rows"/> holds at most ten.</param>
internal sealed record AdminHomeCardData(string Query, IReadOnlyList<AdminHomeRow> Rows, bool NoResults, int Total, int ReviewCount, string Message);

internal sealed record AdminWarningRow(string Text);

/// <param name="Etag">The version the form was filled from: a save against a newer one is refused.</param>
internal sealed record AdminEntryCardData(
    string Id,
    string Etag,
    string Title,
    string State,
    string Question,
    string Alternatives,
    string Answer,
    string EnQuestion,
    string EnAnswer,
    IReadOnlyList<AdminWarningRow> Warnings,
    bool CanPublish,
    string Message);

internal sealed record AdminRevisionRow(long Revision, string Action, string By, string At, string Changed, string Note, bool Restorable);

internal sealed record AdminHistoryCardData(string Id, string Title, IReadOnlyList<AdminRevisionRow> Revisions);

internal sealed record AdminReviewGroupRow(string Group, int Count, string Representative, string Questions, string Entry, string EntryQuestion, bool HasEntry);

internal sealed record AdminReviewCardData(IReadOnlyList<AdminReviewGroupRow> Groups, bool Empty, string Message);
