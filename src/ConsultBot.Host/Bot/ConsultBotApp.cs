using ConsultBot.Host.Resources;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Bot;

/// <summary>
/// The bot's routes. Features add theirs (commands, card actions, dialogs); what nobody claims falls
/// through to the FAQ feature's last-resort route, or to a short help text when no feature takes it.
/// </summary>
internal sealed class ConsultBotApp : BotApplication
{
    public ConsultBotApp(IEnumerable<IBotFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        UnknownCardAction = (ctx, _, _) => Task.FromResult(
            Protocol.Schema.AdaptiveCardInvokeResponse.Message(HostTexts.Get(nameof(HostStrings.UnknownAction), ctx.Activity.Locale)));

        // A refused card action whose feature has no refusal of its own: a 403 that names nothing of the resource.
        CardActionRefused = (ctx, _) =>
            Protocol.Schema.AdaptiveCardInvokeResponse.Error(403, "Forbidden", HostTexts.Get(nameof(HostStrings.ActionNotAllowed), ctx.Activity.Locale));

        foreach (var feature in features)
        {
            feature.Register(this);
        }

        // Safety net below every feature's last-resort route.
        OnMessage(
            (ctx, ct) => ctx.SendActivityAsync(HostTexts.Get(nameof(HostStrings.Fallback), ctx.Activity.Locale), ct),
            (RouteRank)int.MaxValue);
    }
}
