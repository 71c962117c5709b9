using System.Text.Json;
using ConsultBot.Host.Resources;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Host.Bot;

/// <summary>
/// What the user hears when a turn fails: a store outage and a concurrent change get their own
/// explanation; anything else a short apology. State of a failed turn is not saved.
/// </summary>
internal sealed class TurnErrorResponder
{
    public async Task OnTurnErrorAsync(ITurnContext turnContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var locale = turnContext.Activity.Locale;
        var text = exception switch
        {
            StorageUnavailableException => HostTexts.Get(nameof(HostStrings.StoreUnavailable), locale),
            EtagException => HostTexts.Get(nameof(HostStrings.ConcurrentChange), locale),
            _ => HostTexts.Get(nameof(HostStrings.GenericError), locale),
        };

        if (turnContext.Activity.IsType(ActivityTypes.Invoke))
        {
            // A card click: answer in the invoke response so the card shows the message.
            if (turnContext is TurnContext concrete)
            {
                concrete.SetInvokeResponse(new InvokeResponse(200, JsonSerializer.SerializeToNode(
                    AdaptiveCardInvokeResponse.Message(text), ProtocolJsonContext.Default.AdaptiveCardInvokeResponse)));
            }

            return;
        }

        if (turnContext.Activity.IsType(ActivityTypes.Message))
        {
            await turnContext.SendActivityAsync(text, cancellationToken).ConfigureAwait(false);
        }
    }
}
