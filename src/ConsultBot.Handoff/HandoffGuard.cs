using ConsultBot.Handoff.Consultants;
using ConsultBot.Handoff.Resources;
using ConsultBot.Handoff.Storage;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff;

/// <summary>
/// Answers the router's questions for the handoff table (<see cref="HandoffFeature"/>): a ticket's owner is its
/// asker; a form id is the caller's when it is new or made their ticket; a consultant is a member (or configured
/// id) acting in the consultants' conversation. Refusals say what the caller may do, never what the ticket holds.
/// </summary>
internal sealed class HandoffGuard(
    TicketStore tickets,
    ConsultantDirectory consultants,
    IOptions<HandoffOptions> options,
    ILogger<HandoffGuard> logger) : ICardActionGuard
{
    private readonly HandoffOptions _options = options.Value;

    public async ValueTask<bool> IsOwnerAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(request);
        var from = turnContext.Activity.From;
        if (from?.Id is not { Length: > 0 } userId)
        {
            return false;
        }

        if (string.Equals(request.Verb, HandoffVerbs.Submit, StringComparison.OrdinalIgnoreCase))
        {
            // A form id is a handle on a ticket: a second submit shows the ticket it made, so only to its asker.
            return request.GetString("formId") is not { Length: > 0 } formId
                || await tickets.FindByFormAsync(formId, cancellationToken) is not { } existing
                || existing.Asker.Is(userId, from.AadObjectId);
        }

        var number = request.GetString("ticket");
        var ticket = string.IsNullOrWhiteSpace(number) ? null : await tickets.GetAsync(number, cancellationToken);
        return ticket is not null && ticket.Asker.Is(userId, from.AadObjectId);
    }

    public async ValueTask<bool> IsConsultantAsync(ITurnContext turnContext, CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(request);
        var activity = turnContext.Activity;

        // The consultants' card shows the asker's name and question: it is answered only where consultants sit.
        if (IsConsultantsConversation(_options, activity) && await consultants.IsConsultantAsync(activity.From, cancellationToken))
        {
            return true;
        }

        logger.NotConsultant(request.Verb, Cut(request.GetString("ticket") ?? "-"), Cut(activity.From?.Id ?? "(none)"));
        return false;
    }

    public AdaptiveCardInvokeResponse? Refusal(ITurnContext turnContext, CardActionRequest request, CardActionAccess access)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var locale = TurnLanguage.FromLocale(turnContext.Activity.Locale);
        if (access == CardActionAccess.Consultant)
        {
            return AdaptiveCardInvokeResponse.Message(HandoffTexts.Get(nameof(HandoffStrings.NotConsultant), _options.ConsultantsLocale));
        }

        return turnContext.Activity.IsSharedConversation()
            ? AdaptiveCardInvokeResponse.Message(HandoffTexts.Format(nameof(HandoffStrings.ContinueInPersonalChat), locale, TurnLanguage.IsEnglish(locale) ? "consultant" : "konsultant"))
            : AdaptiveCardInvokeResponse.Message(HandoffTexts.Get(nameof(HandoffStrings.NotAsker), locale));
    }

    /// <summary>True for the consultants' channel itself or one of its threads.</summary>
    internal static bool IsConsultantsConversation(HandoffOptions options, Activity activity) =>
        options.IsChannelConfigured && activity.Conversation?.Id is { } id
        && (id == options.ConsultantsConversationId || id.StartsWith(options.ConsultantsConversationId + ";", StringComparison.Ordinal));

    // Forged data can be anything: keep log lines short.
    private static string Cut(string value) => value.Length <= 64 ? value : value[..64];
}
