using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Cards;

namespace ConsultBot.Welcome.Cards;

/// <summary>The welcome / help card: its data (pure) and the rendered template <c>cards/welcome.json</c>.</summary>
internal sealed class WelcomeCards(ICardRenderer renderer)
{
    /// <summary>The template's name in <c>cards/</c>.</summary>
    public const string Name = "welcome";

    /// <param name="unfinishedStep">1-based number of the question an unfinished assessment waits at, or null.</param>
    public static WelcomeCardData Personal(string? userName, int? unfinishedStep, int total, int pastCount) =>
        new(string.IsNullOrWhiteSpace(userName) ? string.Empty : CardText.Escape(userName),
            unfinishedStep is not null,
            unfinishedStep ?? 0,
            total,
            pastCount,
            Shared: false);

    /// <summary>The welcome of a group chat or channel: the same card without anything personal.</summary>
    public static WelcomeCardData Shared(int total) => new(string.Empty, false, 0, total, 0, Shared: true);

    public JsonObject Render(WelcomeCardData data, string? locale) =>
        renderer.Render(Name, JsonSerializer.SerializeToNode(data, WelcomeJsonContext.Default.WelcomeCardData), locale ?? string.Empty);

    public static Activity Message(JsonObject card)
    {
        var message = Activity.CreateMessageActivity();
        message.Attachments = [Attachment.AdaptiveCard(card)];
        return message;
    }
}
