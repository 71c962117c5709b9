using ConsultBot.Host.Resources;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Bot;

/// <summary>
/// The bot's routes. Features add theirs (commands, card actions, dialogs) in the order of <see cref="FeatureOrder"/>;
/// what nobody claims falls through to the FAQ feature's last-resort route, or to a short help text when no feature
/// takes it. The whole table, in the order the router tries it: <see cref="BotApplication.RouteTable"/>
/// (checked in as tests/ConsultBot.Host.Tests/RouteTable.expected.txt).
/// </summary>
internal sealed class ConsultBotApp : BotApplication
{
    /// <summary>
    /// The one place that decides which feature's routes come first among routes of the same rank (not the order of
    /// DI registration). Lifecycle before everything; privacy commands before a dialog may take them; the consultants'
    /// channel before the FAQ; the welcome and help commands before the assessment's phrase matchers.
    /// Features not listed (test and benchmark features) follow, in registration order.
    /// </summary>
    public static readonly string[] FeatureOrder = ["TeamsLifecycle", "Privacy", "Handoff", "Knowledge", "Welcome", "Assessment", "Workshop"];

    public ConsultBotApp(IEnumerable<IBotFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        UnknownCardAction = (ctx, _, _) => Task.FromResult(
            Protocol.Schema.AdaptiveCardInvokeResponse.Message(HostTexts.Get(nameof(HostStrings.UnknownAction), ctx.Activity.Locale)));

        // A refused card action whose feature has no refusal of its own: a 403 that names nothing of the resource.
        CardActionRefused = (ctx, _) =>
            Protocol.Schema.AdaptiveCardInvokeResponse.Error(403, "Forbidden", HostTexts.Get(nameof(HostStrings.ActionNotAllowed), ctx.Activity.Locale));

        foreach (var feature in Ordered([.. features]))
        {
            AddFeature(feature);
        }

        // Safety net below every feature's last-resort route.
        OnMessage(
            (ctx, ct) => ctx.SendActivityAsync(HostTexts.Get(nameof(HostStrings.Fallback), ctx.Activity.Locale), ct),
            (RouteRank)int.MaxValue);
    }

    private static IEnumerable<IBotFeature> Ordered(IReadOnlyList<IBotFeature> features)
    {
        foreach (var name in FeatureOrder)
        {
            yield return features.SingleOrDefault(f => f.Name == name)
                ?? throw new InvalidOperationException($"The feature '{name}' of ConsultBotApp.FeatureOrder is not registered; add it (AddX) or remove it from the order.");
        }

        foreach (var extra in features.Where(f => !FeatureOrder.Contains(f.Name)))
        {
            yield return extra;
        }
    }
}
