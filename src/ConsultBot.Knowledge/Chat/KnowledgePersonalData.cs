using ConsultBot.Knowledge.Resources;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Knowledge.Chat;

/// <summary>
/// The user's 👍/👎 feedback and unanswered questions (stored with their Teams id) and the turns remembered in this
/// chat for a consultant's context: listed for "moje dane", deleted for "usuń moje dane".
/// </summary>
internal sealed class KnowledgePersonalData(FaqFeedbackLog feedbackLog, ConversationTranscript transcript) : IPersonalDataSource
{
    public async Task<IReadOnlyList<PersonalDataItem>> DescribeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var locale = turnContext.Activity.Locale;
        var items = new List<PersonalDataItem>();
        if (turnContext.Activity.From?.Id is { Length: > 0 } userId)
        {
            var (feedback, unanswered) = await feedbackLog.ListByUserAsync(userId, cancellationToken);
            items.AddRange(feedback.Select(f => new PersonalDataItem(PersonalDataCategories.Feedback,
                KnowledgeTexts.Format(nameof(KnowledgeStrings.PrivacyFeedback), locale, f.Value.Helpful ? "👍" : "👎", f.Value.EntryId), f.Value.At)));
            items.AddRange(unanswered.Select(u => new PersonalDataItem(PersonalDataCategories.Unanswered,
                KnowledgeTexts.Format(nameof(KnowledgeStrings.PrivacyUnanswered), locale, Shorten(u.Value.Question)), u.Value.At)));
        }

        var turns = await transcript.CountAsync(turnContext, cancellationToken);
        if (turns > 0)
        {
            items.Add(new PersonalDataItem(PersonalDataCategories.Conversation, KnowledgeTexts.Format(nameof(KnowledgeStrings.PrivacyTranscript), locale, turns)));
        }

        return items;
    }

    public async Task<int> EraseAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var erased = await transcript.CountAsync(turnContext, cancellationToken);
        await transcript.ForgetAsync(turnContext, cancellationToken);
        if (turnContext.Activity.From?.Id is { Length: > 0 } userId)
        {
            var (feedback, unanswered) = await feedbackLog.ListByUserAsync(userId, cancellationToken);
            string[] keys = [.. feedback.Select(f => f.Key), .. unanswered.Select(u => u.Key)];
            await feedbackLog.DeleteAsync(keys, cancellationToken);
            erased += keys.Length;
        }

        return erased;
    }

    // The user's own question, shown back only to them.
    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
