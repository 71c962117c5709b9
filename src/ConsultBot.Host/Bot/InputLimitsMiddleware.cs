using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Host.Resources;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Options;

namespace ConsultBot.Host.Bot;

/// <summary>
/// Server-side length limits on what people type (message text and every text field of a submitted card).
/// Card inputs carry <c>maxLength</c> too, but a client is free to ignore it; an over-long text is refused
/// here, before any feature stores it (ticket question, city, consultant answer, follow-up) or shows it
/// to someone else, with a message that says which text and by how much.
/// </summary>
public sealed class InputLimitsOptions
{
    public const string SectionName = "InputLimits";

    /// <summary>Characters of a typed message.</summary>
    [Range(200, 28_000)]
    public int MessageText { get; set; } = 4000;

    /// <summary>Characters of a card field not named in <see cref="Fields"/>.</summary>
    [Range(50, 28_000)]
    public int CardField { get; set; } = 1000;

    /// <summary>Per card field id (e.g. <c>city</c>, <c>question</c>): its own limit.</summary>
    public Dictionary<string, int> Fields { get; set; } = new(StringComparer.Ordinal)
    {
        ["city"] = 100,
        ["topic"] = 200,
        ["question"] = 2000,
        ["followUp"] = 2000,
        ["answer"] = 4000,
    };
}

internal sealed class InputLimitsMiddleware(IOptions<InputLimitsOptions> options) : Protocol.Turn.IMiddleware
{
    private readonly InputLimitsOptions _limits = options.Value;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turnContext.Activity;
        var isMessage = activity.IsType(ActivityTypes.Message);
        if (!isMessage && !activity.IsType(ActivityTypes.Invoke))
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        var overflow = isMessage && activity.Text is { } text && text.Length > _limits.MessageText
            ? new Overflow(null, text.Length, _limits.MessageText)
            : FindOverflow(activity.Value, null);
        if (overflow is null)
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        var notice = overflow.Field is null
            ? HostTexts.Format(nameof(HostStrings.MessageTooLong), activity.Locale, overflow.Length, overflow.Limit)
            : HostTexts.Format(nameof(HostStrings.FieldTooLong), activity.Locale, FieldLabel(overflow.Field, activity.Locale), overflow.Length, overflow.Limit);
        if (isMessage)
        {
            await turnContext.SendActivityAsync(notice, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A card action shows the notice to the clicker and keeps the card (and what they typed in it).
        var cardAction = string.Equals(activity.Name, InvokeNames.AdaptiveCardAction, StringComparison.Ordinal);
        var body = cardAction
            ? JsonSerializer.SerializeToNode(AdaptiveCardInvokeResponse.Message(notice), ProtocolJsonContext.Default.AdaptiveCardInvokeResponse)
            : new JsonObject { ["code"] = "TextTooLong", ["message"] = notice };
        var status = cardAction ? 200 : 400;
        await turnContext.SendActivityAsync(new Activity
        {
            Type = ActivityTypes.InvokeResponse,
            Value = new JsonObject { ["status"] = status, ["body"] = body },
        }, cancellationToken).ConfigureAwait(false);
    }

    // Walks the submitted value: every string is checked against the limit of the property it sits in.
    private Overflow? FindOverflow(JsonNode? node, string? property)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (FindOverflow(child, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (FindOverflow(item, property) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var length = value.GetValue<string>().Length;
                var limit = property is not null && _limits.Fields.TryGetValue(property, out var own) ? own : _limits.CardField;
                return length > limit ? new Overflow(property ?? "?", length, limit) : null;
            default:
                return null;
        }
    }

    private static string FieldLabel(string field, string? locale) => field switch
    {
        "city" => HostTexts.Get(nameof(HostStrings.FieldCity), locale),
        "question" => HostTexts.Get(nameof(HostStrings.FieldQuestion), locale),
        "answer" => HostTexts.Get(nameof(HostStrings.FieldAnswer), locale),
        "followUp" => HostTexts.Get(nameof(HostStrings.FieldFollowUp), locale),
        "topic" => HostTexts.Get(nameof(HostStrings.FieldTopic), locale),
        _ => HostTexts.Get(nameof(HostStrings.FieldOther), locale),
    };

    private sealed record Overflow(string? Field, int Length, int Limit);
}
