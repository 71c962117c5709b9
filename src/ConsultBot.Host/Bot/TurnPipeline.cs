using ConsultBot.Host.Resources;
using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;

namespace ConsultBot.Host.Bot;

/// <summary>
/// The middleware around every turn, in the order it runs (docs/turn-pipeline.md). Before any of it the
/// adapter has read, authenticated, rate-limited and de-duplicated the activity and the runner has
/// taken the conversation's place in line and read its state; after it the runner commits the state
/// scopes below together with the activity's "processed" marker, then delivers the held replies.
/// </summary>
internal static class TurnPipeline
{
    public static void Configure(CloudAdapter adapter, IServiceProvider services)
    {
        // 1. In group chats and channels, typed messages that do not @mention the bot end here.
        adapter.Use(new SharedConversationMentionMiddleware());

        // 2. Remember where to reach the conversation (proactive replies, ticket relays).
        adapter.Use(new ConversationReferenceMiddleware(services.GetRequiredService<ConversationReferenceStore>()));

        // 3. A conversation the app was removed from is written to again only after it is re-added.
        adapter.Use(new ReachabilityMiddleware(services.GetRequiredService<IUnreachableConversations>()));

        // 4. The reply language: what the user writes wins over the client locale, and is remembered.
        adapter.Use(services.GetRequiredService<LanguageMiddleware>());

        // 5. Over-long texts (a message, a card field) are refused here, before any feature stores or shows them.
        adapter.Use(services.GetRequiredService<InputLimitsMiddleware>());

        // State scopes read before and committed after every turn (no middleware: the runner owns the commit).
        adapter.Runner.UseState(services.GetRequiredService<ConversationState>(), services.GetRequiredService<UserState>());

        adapter.OnTurnError = services.GetRequiredService<TurnErrorResponder>().OnTurnErrorAsync;
        var connector = services.GetRequiredService<IConnectorClient>();
        adapter.OnRateLimited = async (activity, cancellationToken) =>
        {
            var notice = activity.CreateReply(HostTexts.Get(nameof(HostStrings.RateLimited), activity.Locale));
            notice.ReplyToId = null;
            await connector.SendToConversationAsync(activity.ServiceUrl!, activity.Conversation!.Id!, notice, cancellationToken).ConfigureAwait(false);
        };
    }
}
