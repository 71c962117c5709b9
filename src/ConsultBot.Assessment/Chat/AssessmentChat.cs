using System.Text.Json.Nodes;
using ConsultBot.Assessment.Cards;
using ConsultBot.Assessment.Content;
using ConsultBot.Assessment.Engine;
using ConsultBot.Assessment.Resources;
using ConsultBot.Cards;
using ConsultBot.Dialogs;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Assessment.Chat;

/// <summary>
/// The assessment's route handlers, one file per kind: AssessmentChat.Dialog.cs (the running assessment and its starts),
/// .Commands.cs (typed commands), .CardActions.cs (card buttons), .Welcome.cs (welcome and help); this file holds what
/// they share. Card actions
/// that touch the caller's assessments are personal-chat only (<see cref="AssessmentFeature"/>'s table); the router
/// enforces that and asks <see cref="Refusal"/> what to say.
/// </summary>
internal sealed partial class AssessmentChat : ICardActionGuard
{
    private readonly AssessmentStore _store;
    private readonly AssessmentCards _cards;
    private readonly AssessmentCompletion _completion;
    private readonly DialogSet _dialogs;
    private readonly ILogger<AssessmentChat> _logger;

    public AssessmentChat(AssessmentStore store, AssessmentCards cards, AssessmentCompletion completion, AssessmentDialog dialog, ILogger<AssessmentChat> logger)
    {
        _store = store;
        _cards = cards;
        _completion = completion;
        _logger = logger;
        _dialogs = new DialogSet(store.Dialogs).Add(dialog);
    }

    private async Task AfterDialogAsync(ITurnContext turn, DialogTurnResult result, CancellationToken cancellationToken)
    {
        if (result.Status == DialogTurnStatus.Cancelled
            && !turn.TurnState.TryGet<bool>(AssessmentDialog.ExplainedKey, out _)
            && await _store.GetProgressAsync(turn, cancellationToken) is { IsComplete: false } progress)
        {
            await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.CancelledKept), progress.Step + 1, FactorCatalogue.All.Count), cancellationToken);
        }
    }

    private async Task RemindAsync(ITurnContext turn, DialogContext dc, CancellationToken cancellationToken)
    {
        var step = dc.ActiveDialog is { } active && AssessmentDialog.ProgressOf(active) is { } p ? p.Step + 1 : 1;
        await turn.SendActivityAsync(Format(turn, nameof(AssessmentStrings.AlreadyRunning), step, FactorCatalogue.All.Count), cancellationToken);
        ConsultBot.Dialogs.DialogInterruptions.ClearPendingCancel(dc);
        await dc.RepromptDialogAsync(cancellationToken);
    }

    private async Task<CooperationModel?> LatestModelAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        // The user's history is personal: a shared conversation never highlights "your" model.
        if (turn.Activity.IsSharedConversation())
        {
            return null;
        }

        return (await _store.GetHistoryAsync(turn, cancellationToken)).Latest?.Recommended;
    }

    private async Task<CooperationModel?> ModelOfAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken) =>
        CooperationModels.TryParse(request.GetString("model"), out var model) ? model : await LatestModelAsync(turn, cancellationToken);

    private static Task<AdaptiveCardInvokeResponse> NoModelAsync(ITurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var key = request.GetString("model");
        return Task.FromResult(AdaptiveCardInvokeResponse.Message(string.IsNullOrEmpty(key)
            ? Text(turn, nameof(AssessmentStrings.NeedAssessment))
            : Format(turn, nameof(AssessmentStrings.UnknownModel), CardText.Escape(key))));
    }

    /// <summary>A card action refused outside a personal chat: where to do it instead.</summary>
    public AdaptiveCardInvokeResponse? Refusal(ITurnContext turnContext, CardActionRequest request, CardActionAccess access)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(request);
        return Refuse(turnContext, request.Verb);
    }

    private AdaptiveCardInvokeResponse Refuse(ITurnContext turn, string verb)
    {
        Log.SharedRefused(_logger, verb);
        return AdaptiveCardInvokeResponse.Message(PersonalOnly(turn, verb));
    }

    private static string PersonalOnly(ITurnContext turn, string what)
    {
        var command = what switch
        {
            "history" or AssessmentVerbs.History or AssessmentVerbs.ShowResult => nameof(AssessmentStrings.HistoryCommand),
            "checklist" or AssessmentVerbs.Checklist or AssessmentVerbs.ChecklistSave or AssessmentVerbs.PartnerMap or AssessmentVerbs.PartnerMapSave => nameof(AssessmentStrings.ChecklistCommand),
            _ => nameof(AssessmentStrings.StartCommand),
        };
        return Format(turn, nameof(AssessmentStrings.PersonalOnly), Text(turn, command));
    }

    private static bool IsOn(JsonNode? node) => node is JsonValue v
        && ((v.TryGetValue<bool>(out var b) && b) || (v.TryGetValue<string>(out var s) && string.Equals(s, "true", StringComparison.OrdinalIgnoreCase)));

    private static Activity Feed(Activity source, string? text, JsonNode? value) => new()
    {
        Type = ActivityTypes.Message,
        Id = source.Id,
        Timestamp = source.Timestamp,
        ServiceUrl = source.ServiceUrl,
        ChannelId = source.ChannelId,
        From = source.From,
        Conversation = source.Conversation,
        Recipient = source.Recipient,
        Locale = source.Locale,
        ChannelData = source.ChannelData?.DeepClone(),
        ReplyToId = source.ReplyToId,
        Text = text,
        Value = value,
    };

    private static string Text(ITurnContext turn, string name) => AssessmentTexts.Get(name, turn.Activity.Locale);

    private static string Format(ITurnContext turn, string name, params object?[] args) => AssessmentTexts.Format(name, turn.Activity.Locale, args);
}
