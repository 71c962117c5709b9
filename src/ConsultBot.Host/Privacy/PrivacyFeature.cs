using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Handoff;
using ConsultBot.Host.Bot;
using ConsultBot.Host.Privacy.Cards;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Options;

namespace ConsultBot.Host.Privacy;

/// <summary>
/// "moje dane" / "my data" (Art. 15 GDPR): what every feature keeps about the user, in one card; "usuń moje dane" /
/// "delete my data" (Art. 17): a confirmation card whose button erases it. Only in the user's personal chat, and the
/// confirmation only for the user it was made for (the router checks both). The features' data come through
/// <see cref="IPersonalDataSource"/>; this feature itself removes what the host keeps: user state, the personal
/// chat's conversation state and the conversation references.
/// </summary>
internal sealed partial class PrivacyFeature(
    IEnumerable<IPersonalDataSource> sources,
    UserState userState,
    ConversationState conversationState,
    ConversationReferenceStore references,
    ICardRenderer cards,
    IOptions<HandoffOptions> handoffOptions,
    IOptions<KnowledgeOptions> knowledgeOptions,
    ILogger<PrivacyFeature> logger) : IBotFeature, ICardActionGuard
{
    public const string EraseVerb = "privacy.erase";
    public const string KeepVerb = "privacy.keep";

    private static readonly string[] ShowCommands = ["moje dane", "my data", "pokaż moje dane", "show my data"];
    private static readonly string[] EraseCommands = ["usuń moje dane", "delete my data", "usuń dane", "erase my data"];

    private static readonly (string Category, string Title)[] Sections =
    [
        (PersonalDataCategories.Tickets, nameof(PrivacyStrings.SectionTickets)),
        (PersonalDataCategories.Assessments, nameof(PrivacyStrings.SectionAssessments)),
        (PersonalDataCategories.Feedback, nameof(PrivacyStrings.SectionFeedback)),
        (PersonalDataCategories.Unanswered, nameof(PrivacyStrings.SectionUnanswered)),
        (PersonalDataCategories.Workshop, nameof(PrivacyStrings.SectionWorkshop)),
        (PersonalDataCategories.Conversation, nameof(PrivacyStrings.SectionConversation)),
    ];

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // First: a running assessment must not take "moje dane" for an answer.
        app.OnMessage(ShowCommands, OnShowAsync, RouteRank.First);
        app.OnMessage(EraseCommands, OnAskEraseAsync, RouteRank.First);

        // Who may press what: only the user the confirmation was made for, only in their personal chat.
        app.OnCardActions(new CardActionTable(this)
        {
            { EraseVerb, CardActionAccess.Owner, OnEraseAsync },
            { KeepVerb, CardActionAccess.PersonalChat, OnKeepAsync },
        });
    }

    public ValueTask<bool> IsOwnerAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(request);
        var userId = turnContext.Activity.From?.Id;
        return ValueTask.FromResult(userId is { Length: > 0 } && string.Equals(request.GetString("user"), userId, StringComparison.Ordinal));
    }

    public AdaptiveCardInvokeResponse? Refusal(ITurnContext turnContext, CardActionRequest request, CardActionAccess access)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var locale = turnContext.Activity.Locale;
        return AdaptiveCardInvokeResponse.Message(turnContext.Activity.IsSharedConversation()
            ? PrivacyTexts.Format(nameof(PrivacyStrings.PersonalOnly), locale, EraseCommand(locale))
            : PrivacyTexts.Get(nameof(PrivacyStrings.NotYours), locale));
    }

    private async Task OnShowAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        if (turnContext.Activity.IsSharedConversation())
        {
            await turnContext.SendActivityAsync(PrivacyTexts.Format(nameof(PrivacyStrings.PersonalOnly), locale, TurnLanguage.IsEnglish(TurnLanguage.FromLocale(locale)) ? "my data" : "moje dane"), cancellationToken);
            return;
        }

        var items = new List<PersonalDataItem>();
        foreach (var source in sources)
        {
            items.AddRange(await source.DescribeAsync(turnContext, cancellationToken));
        }

        items.Add(new PersonalDataItem(PersonalDataCategories.Conversation, PrivacyTexts.Get(nameof(PrivacyStrings.StoredAlways), locale)));
        var sections = new List<PrivacySection>();
        foreach (var (category, title) in Sections)
        {
            var lines = new List<PrivacyLine>();
            foreach (var item in items.Where(i => i.Category == category).OrderByDescending(i => i.At))
            {
                var date = item.At is { } at ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " · " : string.Empty;
                lines.Add(new PrivacyLine(CardText.Escape(date + item.Text)));
            }

            if (lines.Count > 0)
            {
                sections.Add(new PrivacySection(PrivacyTexts.Get(title, locale), lines));
            }
        }

        var handoff = handoffOptions.Value;
        var knowledge = knowledgeOptions.Value;
        var data = new PrivacyDataCardData(sections, PrivacyTexts.Format(nameof(PrivacyStrings.Retention), locale, handoff.RetentionDays, handoff.OpenRetentionDays,
            knowledge.TranscriptRetentionDays, knowledge.FeedbackRetentionDays, knowledge.DraftRetentionDays));
        HostLog.PersonalDataShown(logger, items.Count);
        await SendCardAsync(turnContext, cards.Render("privacy-data", JsonSerializer.SerializeToNode(data, HostJsonContext.Default.PrivacyDataCardData), locale ?? TurnLanguage.Polish), cancellationToken);
    }

    private async Task OnAskEraseAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale;
        if (turnContext.Activity.IsSharedConversation() || turnContext.Activity.From?.Id is not { Length: > 0 } userId)
        {
            await turnContext.SendActivityAsync(PrivacyTexts.Format(nameof(PrivacyStrings.PersonalOnly), locale, EraseCommand(locale)), cancellationToken);
            return;
        }

        await SendCardAsync(turnContext, Confirm("ask", userId, string.Empty, locale), cancellationToken);
    }

    private async Task<AdaptiveCardInvokeResponse> OnEraseAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var locale = activity.Locale;
        var erased = 0;
        foreach (var source in sources)
        {
            erased += await source.EraseAsync(turnContext, cancellationToken);
        }

        // What the host keeps: the references (the next message stores a fresh one), then the state of this chat and
        // of the user, deleted now and dropped from the turn so the end-of-turn save cannot write them back.
        if (activity.ChannelId is { } channel && activity.Conversation?.Id is { } conversationId)
        {
            await references.RemoveAsync(channel, conversationId, activity.From?.Id, cancellationToken);
        }

        await conversationState.DeleteAsync(turnContext, cancellationToken);
        await userState.DeleteAsync(turnContext, cancellationToken);
        HostLog.PersonalDataErased(logger, erased);
        return AdaptiveCardInvokeResponse.Card(Confirm("erased", activity.From?.Id ?? string.Empty, PrivacyTexts.Format(nameof(PrivacyStrings.Erased), locale, erased), locale));
    }

    private Task<AdaptiveCardInvokeResponse> OnKeepAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(AdaptiveCardInvokeResponse.Card(Confirm("kept", turnContext.Activity.From?.Id ?? string.Empty, string.Empty, turnContext.Activity.Locale)));

    private JsonObject Confirm(string state, string userId, string summary, string? locale) =>
        cards.Render("privacy-confirm", JsonSerializer.SerializeToNode(new PrivacyConfirmCardData(state, userId, summary), HostJsonContext.Default.PrivacyConfirmCardData), locale ?? TurnLanguage.Polish);

    private static string EraseCommand(string? locale) => TurnLanguage.IsEnglish(TurnLanguage.FromLocale(locale)) ? "delete my data" : "usuń moje dane";

    private static async Task SendCardAsync(ITurnContext turnContext, JsonObject card, CancellationToken cancellationToken)
    {
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(card)];
        await turnContext.SendActivityAsync(message, cancellationToken);
    }
}
