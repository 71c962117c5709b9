using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Protocol.Hosting;

/// <summary>
/// The adapter's outgoing side: a turn's sends, updates and deletes are held in the turn
/// (<see cref="HeldReplies"/>) and delivered through the connector once the turn has committed;
/// outside a held turn (proactive work) they go to the connector at once.
/// </summary>
public sealed class OutgoingActivities(IConnectorClient connector, ILogger<OutgoingActivities> logger)
{
    private const string HeldKey = "ConsultBot.HeldReplies";

    /// <summary>Makes the turn hold what it sends.</summary>
    public static HeldReplies Hold(ITurnContext turnContext, bool expectReplies)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var held = new HeldReplies(expectReplies);
        turnContext.TurnState.Set(HeldKey, held);
        return held;
    }

    public async Task<IReadOnlyList<ResourceResponse?>> SendAsync(ITurnContext turnContext, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activities);
        turnContext.TurnState.TryGet<HeldReplies>(HeldKey, out var held);
        var responses = new List<ResourceResponse?>(activities.Count);
        foreach (var activity in activities)
        {
            if (activity.IsType(ActivityTypes.Trace) && !string.Equals(activity.ChannelId, Channels.Emulator, StringComparison.OrdinalIgnoreCase))
            {
                responses.Add(null);
                continue;
            }

            var serviceUrl = activity.ServiceUrl ?? turnContext.Activity.ServiceUrl ?? string.Empty;
            var conversationId = activity.Conversation?.Id ?? throw new InvalidOperationException("The activity has no conversation id.");
            if (held is not null)
            {
                held.Add(new HeldOperation(HeldOperationKind.Send, serviceUrl, conversationId, activity, null));
                responses.Add(new ResourceResponse { Id = string.Empty });
                continue;
            }

            responses.Add(await SendNowAsync(serviceUrl, conversationId, activity, cancellationToken).ConfigureAwait(false));
        }

        return responses;
    }

    public Task<ResourceResponse?> UpdateAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(activity);
        var serviceUrl = activity.ServiceUrl ?? turnContext.Activity.ServiceUrl ?? string.Empty;
        var conversationId = activity.Conversation?.Id ?? turnContext.Activity.Conversation!.Id!;
        if (turnContext.TurnState.TryGet<HeldReplies>(HeldKey, out var held))
        {
            held.Add(new HeldOperation(HeldOperationKind.Update, serviceUrl, conversationId, activity, activity.Id));
            return Task.FromResult<ResourceResponse?>(new ResourceResponse { Id = activity.Id });
        }

        return UpdateNowAsync(serviceUrl, conversationId, activity, cancellationToken);
    }

    private async Task<ResourceResponse?> UpdateNowAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        await connector.UpdateActivityAsync(serviceUrl, conversationId, activity.Id!, activity, cancellationToken).ConfigureAwait(false);

    public Task DeleteAsync(ITurnContext turnContext, string activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var incoming = turnContext.Activity;
        if (turnContext.TurnState.TryGet<HeldReplies>(HeldKey, out var held))
        {
            held.Add(new HeldOperation(HeldOperationKind.Delete, incoming.ServiceUrl!, incoming.Conversation!.Id!, null, activityId));
            return Task.CompletedTask;
        }

        return connector.DeleteActivityAsync(incoming.ServiceUrl!, incoming.Conversation!.Id!, activityId, cancellationToken);
    }

    /// <summary>
    /// Delivers what a committed turn held, in order. The state is stored by now, so a delivery failure
    /// is logged and the remaining replies still go out rather than failing the whole turn.
    /// </summary>
    public async Task DeliverAsync(HeldReplies held, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (held.ExpectReplies)
        {
            return;
        }

        foreach (var operation in held.Operations)
        {
            try
            {
                switch (operation.Kind)
                {
                    case HeldOperationKind.Send:
                        await SendNowAsync(operation.ServiceUrl, operation.ConversationId, operation.Activity!, cancellationToken).ConfigureAwait(false);
                        break;
                    case HeldOperationKind.Update:
                        await connector.UpdateActivityAsync(operation.ServiceUrl, operation.ConversationId, operation.ActivityId!, operation.Activity!, cancellationToken).ConfigureAwait(false);
                        break;
                    case HeldOperationKind.Delete:
                        await connector.DeleteActivityAsync(operation.ServiceUrl, operation.ConversationId, operation.ActivityId!, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception ex) when (ex is ConnectorException or HttpRequestException or TimeoutException or InvalidOperationException)
            {
                logger.ReplyDeliveryFailed(ex, operation.Kind.ToString(), operation.ConversationId.Length);
            }
        }
    }

    private async Task<ResourceResponse?> SendNowAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(activity.ReplyToId)
            ? await connector.ReplyToActivityAsync(serviceUrl, conversationId, activity.ReplyToId, activity, cancellationToken).ConfigureAwait(false)
            : await connector.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken).ConfigureAwait(false);
}
