using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.State;
using ConsultBot.Storage;
using Microsoft.Extensions.Options;

namespace ConsultBot.Host.Bot;

/// <summary>Service registration of the whole bot: protocol, storage, state, features.</summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddConsultBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<BotAdapterOptions>().BindConfiguration("Bot").ValidateDataAnnotations().ValidateOnStart();

        // Registered before AddBotConnector, which only adds its in-memory default when none exists.
        services.AddSingleton<IUnreachableConversations, StoredUnreachableConversations>();
        services.AddBotConnector(configuration);
        services.AddConsultBotStorage(configuration);

        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        services.AddSingleton<ConversationReferenceStore>();
        services.AddSingleton<TurnErrorResponder>();
        services.AddSingleton<LanguageMiddleware>();
        services.AddSingleton(sp =>
        {
            var adapter = ActivatorUtilities.CreateInstance<CloudAdapter>(sp);
            adapter.Use(new SharedConversationMentionMiddleware());
            adapter.Use(new ConversationReferenceMiddleware(sp.GetRequiredService<ConversationReferenceStore>()));
            adapter.Use(new ReachabilityMiddleware(sp.GetRequiredService<IUnreachableConversations>()));
            adapter.Use(sp.GetRequiredService<LanguageMiddleware>());
            adapter.Use(new AutoSaveStateMiddleware(sp.GetRequiredService<ConversationState>(), sp.GetRequiredService<UserState>()));
            adapter.OnTurnError = sp.GetRequiredService<TurnErrorResponder>().OnTurnErrorAsync;
            return adapter;
        });
        services.AddSingleton<ConsultBotApp>();
        services.AddConsultBotFeatures(configuration);
        return services;
    }

    /// <summary>Work before listening: schema migrations, seeding, index build.</summary>
    public static async Task PrepareConsultBotAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.MigrateStorageAsync(cancellationToken).ConfigureAwait(false);
        await services.PrepareFeaturesAsync(cancellationToken).ConfigureAwait(false);

        // Build the router now so that a misconfigured route fails at start, not on the first message.
        _ = services.GetRequiredService<ConsultBotApp>();
        _ = services.GetRequiredService<IOptions<BotAdapterOptions>>().Value;
    }
}
