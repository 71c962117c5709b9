using ConsultBot.Protocol.Turn;

namespace ConsultBot.Protocol.Privacy;

/// <summary>
/// One thing a feature keeps about a person, as the person may read it (Art. 15 GDPR): a category the privacy
/// card titles (see <see cref="PersonalDataCategories"/>), a short line in the user's language, and when.
/// </summary>
public sealed record PersonalDataItem(string Category, string Text, DateTimeOffset? At = null);

/// <summary>The categories the privacy card knows how to title.</summary>
public static class PersonalDataCategories
{
    public const string Tickets = "tickets";
    public const string Assessments = "assessments";
    public const string Feedback = "feedback";
    public const string Unanswered = "unanswered";
    public const string Conversation = "conversation";
    public const string Workshop = "workshop";
}

/// <summary>
/// A feature's personal data about the turn's user, for "moje dane" / "usuń moje dane". Called only in the user's
/// own personal chat, after the router authorized the request; the privacy feature knows nothing of the data itself.
/// </summary>
public interface IPersonalDataSource
{
    /// <summary>What the feature keeps about the turn's user (in the turn's language); empty when nothing.</summary>
    Task<IReadOnlyList<PersonalDataItem>> DescribeAsync(ITurnContext turnContext, CancellationToken cancellationToken);

    /// <summary>Erases it, or anonymises what must be kept as a count (Art. 17); returns how many items were affected.</summary>
    Task<int> EraseAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}
