using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>Shows options as suggested actions, a numbered list or a small Adaptive Card with Action.Submit buttons.</summary>
internal static class ChoiceRenderer
{
    public static Activity Render(ITurnContext turnContext, Activity activity, IReadOnlyList<Choice> choices, ListStyle style, string? nonce)
    {
        if (style == ListStyle.Auto)
        {
            // Teams shows suggested actions only in personal chats; card buttons work everywhere.
            style = string.Equals(turnContext.Activity.ChannelId, Channels.Msteams, StringComparison.OrdinalIgnoreCase)
                ? ListStyle.HeroCard
                : ListStyle.SuggestedActions;
        }

        switch (style)
        {
            case ListStyle.List:
                var list = new StringBuilder(activity.Text);
                for (var i = 0; i < choices.Count; i++)
                {
                    list.Append(i == 0 ? "\n\n" : "\n").Append(CultureInfo.InvariantCulture, $"{i + 1}. {choices[i].Title}");
                }

                activity.Text = list.ToString();
                break;

            case ListStyle.SuggestedActions:
                activity.SuggestedActions = new SuggestedActions { Actions = [.. choices.Select(c => CardAction.ImBack(c.Title))] };
                break;

            case ListStyle.HeroCard:
                activity.Attachments = [.. activity.Attachments ?? [], Attachment.AdaptiveCard(Card(activity.Text, choices, nonce))];

                // The question lives in the card, next to its buttons.
                activity.Text = null;
                break;
        }

        return activity;
    }

    private static JsonObject Card(string? text, IReadOnlyList<Choice> choices, string? nonce)
    {
        var body = new JsonArray();
        if (!string.IsNullOrWhiteSpace(text))
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true });
        }

        var actions = new JsonArray();
        foreach (var choice in choices)
        {
            var data = new JsonObject { ["choice"] = choice.Value };
            if (nonce is not null)
            {
                data["prompt"] = nonce;
            }

            actions.Add(new JsonObject { ["type"] = "Action.Submit", ["title"] = choice.Title, ["data"] = data });
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["body"] = body,
            ["actions"] = actions,
        };
    }
}
