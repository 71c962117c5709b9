namespace ConsultBot.Workshop.Cards;

// The data bound to each template ($root), serialised camelCase; texts that depend only on the locale live in
// cards/<name>.texts.json. Strings are never null ("" instead): an unresolved ${...} would stay in the card.

internal static class WorkshopCardNames
{
    public const string Quiz = "workshop-quiz";
    public const string Poll = "workshop-poll";
    public const string PlanLink = "workshop-plan-link";
}

internal sealed record Choice(string Title, string Value);

/// <param name="State"><c>question</c>, <c>answered</c> or <c>finished</c>.</param>
/// <param name="Progress">Questions answered right at least once, as ten block characters.</param>
internal sealed record QuizCardData(
    string State,
    string QuestionId,
    int Number,
    int Total,
    string Question,
    IReadOnlyList<Choice> Choices,
    bool Correct,
    string YourAnswer,
    string CorrectAnswer,
    string Explanation,
    string EntryId,
    bool Last,
    int Score,
    int Best,
    int Finished,
    int Mastered,
    string Progress);

/// <param name="Bar">The share of votes as block characters: a styled column would be one text line tall in Teams.</param>
internal sealed record PollRow(string Id, string Name, int Count, int Percent, string Bar, bool Mine, bool Leading);

/// <param name="RefreshUserIds">Who gets the card refreshed to their own view when they open the chat (Teams allows 60).</param>
internal sealed record PollCardData(
    string Poll,
    bool Closed,
    int Votes,
    string YourVote,
    IReadOnlyList<PollRow> Rows,
    IReadOnlyList<Choice> Choices,
    IReadOnlyList<string> RefreshUserIds);

internal sealed record PlanLinkCardData(string ModelName, string UrlPl, string UrlEn, string ValidUntil);

internal static class Bars
{
    /// <summary><paramref name="value"/> of <paramref name="max"/> as ten blocks (full and light).</summary>
    public static string Of(int value, int max)
    {
        var full = max <= 0 ? 0 : (int)Math.Round(10.0 * value / max, MidpointRounding.AwayFromZero);
        return new string('█', full) + new string('░', 10 - full);
    }
}
