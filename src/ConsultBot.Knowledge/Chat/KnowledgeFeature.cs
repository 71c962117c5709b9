using System.Text.Json.Nodes;
using ConsultBot.Handoff;
using ConsultBot.Knowledge.Resources;
using ConsultBot.Knowledge.Search;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Telemetry;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Knowledge.Chat;

/// <summary>
/// The FAQ in the chat: a last-resort message route (whatever no command or dialog took goes to
/// search), the answer/suggestion/no-answer replies, follow-up and feedback buttons, the welcome
/// card's "Zadaj pytanie", and the search message extension.
/// </summary>
internal sealed class KnowledgeFeature(
    IFaqSearch search,
    IFaqCatalog catalog,
    FaqCards cards,
    IHandoffStarter handoff,
    FaqFeedbackLog feedbackLog,
    ConversationTranscript transcript,
    ChatMemoryStore memory,
    IOptions<KnowledgeOptions> options,
    ILogger<KnowledgeFeature> logger) : IBotFeature
{
    private const int MaxQueryLength = 500;
    private const int ExampleCount = 4;

    // Two questions in a row without an answer: the user is better served by a person than by a third try.
    private const int MissesBeforeConsultant = 2;

    // The engine answers whenever the top entry covers the query, even when the runner-up covers it as
    // well ("kto jest liderem" fits all four models). In the chat a near tie is shown as suggestions:
    // on the evaluation set this turns 8 of 196 answers into suggestions, all with the expected entry
    // among the buttons (and one wrong answer among them). The API keeps the engine's decision.

    public void Register(BotApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.OnMessage(OnMessageAsync, RouteRank.Last);

        // Small talk is a command like any other (so it also works at a dialog's prompt), not a search.
        app.OnActivity(static turn => turn.Activity.IsType(ActivityTypes.Message) && SmallTalk.Recognize(turn.Activity.Text) is not null, OnSmallTalkAsync);

        // Who may press what: the FAQ is public content, and feedback stores only what the caller sends about
        // their own question, so every FAQ action and the search message extension are open to anyone.
        app.OnCardActions(new CardActionTable
        {
            { FaqVerbs.Show, CardActionAccess.Anyone, OnShowAsync },
            { FaqVerbs.Feedback, CardActionAccess.Anyone, OnFeedbackAsync },
            { FaqVerbs.Ask, CardActionAccess.Anyone, OnAskAsync },
        });
        app.OnInvoke(FaqMessageExtension.QueryInvoke, CardActionAccess.Anyone, OnQueryAsync);
    }

    /// <summary>Any message nobody else took: search the knowledge base and answer, suggest, or say honestly that there is no answer.</summary>
    public async Task OnMessageAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var locale = activity.Locale ?? TurnLanguage.Polish;
        var question = activity.Text?.Trim() ?? string.Empty;
        if (question.Length == 0)
        {
            await turnContext.SendActivityAsync(KnowledgeTexts.Get(nameof(KnowledgeStrings.EmptyQuestion), locale), cancellationToken);
            return;
        }

        if (question.Length > MaxQueryLength)
        {
            question = question[..MaxQueryLength];
        }

        var language = FaqCards.Language(locale);
        var remembered = await memory.GetAsync(turnContext, cancellationToken);
        await transcript.RecordAsync(turnContext, ConversationTranscript.UserSpeaker, question, cancellationToken);

        // A short follow-up ("a w operacyjnym?") is resolved against the last answer while it is fresh.
        FaqSearchResponse response;
        if (remembered.ContextEntry(memory.Now, ChatMemoryStore.FollowUpWindow) is { } contextId
            && catalog.Find(contextId) is { Status: FaqStatus.Published } previous
            && FollowUps.Parse(question) is { } request
            && FollowUps.Resolve(request, previous, catalog, search, language) is { } followUp)
        {
            KnowledgeLog.FollowUpResolved(logger, contextId, followUp.Entry?.Id ?? "(search)");
            if (followUp.Entry is { } sibling)
            {
                await AnswerAsync(turnContext, AnswerView.FromEntry(sibling, language), question, locale, cancellationToken);
                return;
            }

            response = followUp.Response!;
        }
        else
        {
            // Near ties already come back as Suggest from the engine, so chat and API agree.
            using var span = ConsultBotTelemetry.Start("consultbot.faq.search");
            response = search.Search(question, language, 5);
            span?.SetTag("consultbot.faq.results", response.Results.Count);
        }

        KnowledgeLog.Searched(logger, response.Decision, response.Results.Count > 0 ? response.Results[0].Id : "-", question.Length);
        KnowledgeTelemetry.RecordDecision(response.Decision, "chat");
        switch (response.Decision)
        {
            case FaqDecision.Answer:
                await AnswerAsync(turnContext, AnswerView.FromHit(response.Results[0]), question, locale, cancellationToken);
                break;

            case FaqDecision.Suggest:
                // The context stays for a click on a suggestion (which then becomes the context); one turn of it is used up.
                await memory.SetAsync(turnContext, remembered with { TurnsLeft = remembered.TurnsLeft - 1, Misses = 0 }, cancellationToken);
                await SendCardAsync(turnContext, cards.RenderSuggest(response.Results, question, locale), cancellationToken);
                await transcript.RecordAsync(turnContext, ConversationTranscript.BotSpeaker,
                    KnowledgeTexts.Format(nameof(KnowledgeStrings.TranscriptSuggest), locale, string.Join("; ", response.Results.Take(3).Select(h => h.Question))), cancellationToken);
                await OfferAssessmentAsync(turnContext, question, locale, cancellationToken);
                break;

            default:
                var misses = remembered.Misses + 1;
                await memory.SetAsync(turnContext, remembered with { TurnsLeft = remembered.TurnsLeft - 1, Misses = misses >= MissesBeforeConsultant ? 0 : misses }, cancellationToken);
                await OnNoAnswerAsync(turnContext, question, response.Considered, locale, misses >= MissesBeforeConsultant, cancellationToken);
                break;
        }
    }

    /// <summary>"dzięki", "kim jesteś", "co umiesz" (and in English): a short friendly answer.</summary>
    public async Task OnSmallTalkAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale ?? TurnLanguage.Polish;
        var text = SmallTalk.Recognize(turnContext.Activity.Text) switch
        {
            SmallTalkKind.Thanks => KnowledgeTexts.Get(nameof(KnowledgeStrings.SmallTalkThanks), locale),
            SmallTalkKind.WhoAreYou => KnowledgeTexts.Get(nameof(KnowledgeStrings.SmallTalkWhoAreYou), locale),
            _ => KnowledgeTexts.Get(nameof(KnowledgeStrings.SmallTalkWhatCanYouDo), locale),
        };
        await turnContext.SendActivityAsync(text, cancellationToken);
    }

    private async Task AnswerAsync(ITurnContext turnContext, AnswerView view, string question, string locale, CancellationToken cancellationToken)
    {
        await SendCardAsync(turnContext, cards.RenderAnswer(view, question, locale), cancellationToken);
        await transcript.RecordAsync(turnContext, ConversationTranscript.BotSpeaker, AnswerTranscript(view, locale), cancellationToken);
        await memory.RememberAsync(turnContext, view.Id, cancellationToken);
        await OfferAssessmentAsync(turnContext, question, locale, cancellationToken);
    }

    // "jaki model, gdy mieszkańcy sami się organizują?": the entry gives the short answer; the assessment gives theirs.
    private static async Task OfferAssessmentAsync(ITurnContext turnContext, string question, string locale, CancellationToken cancellationToken)
    {
        if (!ModelChoice.AsksWhichModel(question))
        {
            return;
        }

        var offer = Activity.CreateMessageActivity(KnowledgeTexts.Get(nameof(KnowledgeStrings.AssessmentOffer), locale));
        offer.SuggestedActions = new SuggestedActions { Actions = [CardAction.ImBack(KnowledgeTexts.Get(nameof(KnowledgeStrings.AssessmentOfferButton), locale), KnowledgeTexts.Get(nameof(KnowledgeStrings.AssessmentOfferCommand), locale))] };
        await turnContext.SendActivityAsync(offer, cancellationToken);
    }

    /// <summary>A follow-up, suggestion or example button: the entry's answer card replaces the clicked card.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnShowAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale ?? TurnLanguage.Polish;
        var id = request.GetString("id") ?? string.Empty;
        if (catalog.Find(id) is not { } entry)
        {
            return AdaptiveCardInvokeResponse.Message(KnowledgeTexts.Get(nameof(KnowledgeStrings.EntryGone), locale));
        }

        var view = AnswerView.FromEntry(entry, FaqCards.Language(locale));
        var asked = request.GetString("question") is { Length: > 0 } q ? q : view.Question;
        KnowledgeLog.EntryShown(logger, id);

        // A clicked suggestion or follow-up is what the conversation is now about.
        await memory.RememberAsync(turnContext, id, cancellationToken);
        await transcript.RecordAsync(turnContext, ConversationTranscript.BotSpeaker, AnswerTranscript(view, locale), cancellationToken);
        return AdaptiveCardInvokeResponse.Card(cards.RenderAnswer(view, asked, locale));
    }

    /// <summary>👍/👎: stored with the question asked; the card is refreshed with thanks; 👎 also offers a consultant.</summary>
    public async Task<AdaptiveCardInvokeResponse> OnFeedbackAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var locale = activity.Locale ?? TurnLanguage.Polish;
        var id = request.GetString("id") ?? string.Empty;
        var helpful = string.Equals(request.GetString("helpful"), "true", StringComparison.OrdinalIgnoreCase);
        var question = request.GetString("question") ?? string.Empty;
        if (!FaqEntryValidator.IsValidId(id))
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing entry id.");
        }

        var entry = catalog.Find(id);

        var language = FaqCards.Language(locale);
        await feedbackLog.RecordFeedbackAsync(id, helpful, question, language, activity.From?.Id, cancellationToken);
        KnowledgeLog.FeedbackGiven(logger, id, helpful);
        if (!helpful)
        {
            await feedbackLog.RecordUnansweredAsync(question, language, activity.From?.Id, "not-helpful", id, cancellationToken);
            IReadOnlyList<ConsideredEntry> considered = entry is null ? [] : [new ConsideredEntry(id, FaqCards.Title(entry, language), 0)];
            await handoff.OfferAsync(turnContext, question, considered, cancellationToken);
        }

        if (entry is null)
        {
            return AdaptiveCardInvokeResponse.Message(KnowledgeTexts.Get(nameof(KnowledgeStrings.EntryGone), locale));
        }

        return AdaptiveCardInvokeResponse.Card(cards.RenderAnswer(AnswerView.FromEntry(entry, language), question, locale, helpful ? "up" : "down"));
    }

    /// <summary>"Zadaj pytanie" (welcome card): a short prompt and a few example questions as buttons.</summary>
    public Task<AdaptiveCardInvokeResponse> OnAskAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        var locale = turnContext.Activity.Locale ?? TurnLanguage.Polish;
        var examples = Popular().Take(ExampleCount);
        return Task.FromResult(AdaptiveCardInvokeResponse.Card(cards.RenderPrompt(examples, locale)));
    }

    /// <summary>
    /// <c>composeExtension/query</c> (command <c>searchFaq</c>, parameter <c>q</c>): answer cards to insert
    /// into any chat. Nothing typed (or <c>initialRun</c>) → popular entries; no hit → an empty list.
    /// </summary>
    public Task<InvokeResponse> OnQueryAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var locale = activity.Locale ?? TurnLanguage.Polish;
        var language = FaqCards.Language(locale);
        var value = activity.Value as JsonObject;
        var query = string.Empty;
        var initialRun = false;
        if (value?["parameters"] is JsonArray parameters)
        {
            foreach (var p in parameters.OfType<JsonObject>())
            {
                var name = p["name"]?.GetValue<string>();
                var text = p["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : p["value"]?.ToJsonString();
                if (name == FaqMessageExtension.QueryParameter)
                {
                    query = text?.Trim() ?? string.Empty;
                }
                else if (name == "initialRun")
                {
                    initialRun = true;
                }
            }
        }

        var count = value?["queryOptions"]?["count"] is JsonValue c && c.TryGetValue<int>(out var n) ? Math.Clamp(n, 1, 10) : 10;
        IReadOnlyList<AnswerView> views;
        if (initialRun || query.Length == 0)
        {
            views = [.. Popular().Take(count).Select(e => AnswerView.FromEntry(e, language))];
        }
        else
        {
            var response = search.Search(query.Length > MaxQueryLength ? query[..MaxQueryLength] : query, language, count);
            views = [.. response.Results.Select(AnswerView.FromHit)];
            KnowledgeLog.ExtensionSearched(logger, response.Decision, views.Count);
            KnowledgeTelemetry.RecordDecision(response.Decision, "extension");
        }

        var attachments = new JsonArray();
        foreach (var view in views)
        {
            attachments.Add(new JsonObject
            {
                ["contentType"] = ContentTypes.AdaptiveCard,
                ["content"] = cards.RenderShare(view, locale),
                ["preview"] = new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.thumbnail",
                    ["content"] = new JsonObject { ["title"] = view.Question, ["text"] = FaqCards.Excerpt(view.Answer, 140) },
                },
            });
        }

        var body = new JsonObject
        {
            ["composeExtension"] = new JsonObject
            {
                ["type"] = "result",
                ["attachmentLayout"] = "list",
                ["attachments"] = attachments,
            },
        };
        return Task.FromResult(InvokeResponse.Ok(body));
    }

    /// <param name="again">The second question in a row without an answer: the consultant's form right away, not only an offer.</param>
    private async Task OnNoAnswerAsync(ITurnContext turnContext, string question, IReadOnlyList<FaqCandidate> candidates, string locale, bool again, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var language = FaqCards.Language(locale);
        await feedbackLog.RecordUnansweredAsync(question, language, activity.From?.Id, "none", null, cancellationToken);
        var text = KnowledgeTexts.Get(nameof(KnowledgeStrings.NoAnswer), locale);
        if (again)
        {
            text += "\n\n" + KnowledgeTexts.Get(nameof(KnowledgeStrings.SecondMiss), locale);
        }
        else if (ModelChoice.IsAbout(question))
        {
            text += "\n\n" + KnowledgeTexts.Get(nameof(KnowledgeStrings.ModelChoiceHint), locale);
        }

        await turnContext.SendActivityAsync(text, cancellationToken);
        await transcript.RecordAsync(turnContext, ConversationTranscript.BotSpeaker, text, cancellationToken);

        // Consultants see what the bot looked at, even though nothing was good enough to show.
        IReadOnlyList<ConsideredEntry> considered = [.. candidates
            .Select(c => (c, Entry: catalog.Find(c.Id)))
            .Where(x => x.Entry is not null)
            .Select(x => new ConsideredEntry(x.c.Id, FaqCards.Title(x.Entry!, language), x.c.Coverage))];
        if (again)
        {
            KnowledgeLog.SecondMiss(logger);
            await handoff.ShowFormAsync(turnContext, question, considered, cancellationToken);
        }
        else
        {
            await handoff.OfferAsync(turnContext, question, considered, cancellationToken);
        }
    }

    /// <summary>Configured popular entries that are published, topped up with other published entries.</summary>
    private IEnumerable<FaqEntry> Popular()
    {
        var configured = options.Value.PopularEntryIds.Select(catalog.Find).OfType<FaqEntry>().ToList();
        return configured.Concat(catalog.Published.Where(e => !configured.Contains(e)));
    }

    private static string AnswerTranscript(AnswerView view, string locale) =>
        KnowledgeTexts.Format(nameof(KnowledgeStrings.TranscriptAnswer), locale, view.Question, FaqCards.Excerpt(view.Answer, 400));

    private static Task<ResourceResponse?> SendCardAsync(ITurnContext turnContext, JsonObject card, CancellationToken cancellationToken)
    {
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(card)];
        return turnContext.SendActivityAsync(message, cancellationToken);
    }
}
