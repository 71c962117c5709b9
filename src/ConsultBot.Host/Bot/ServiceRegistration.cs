using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.State;
using ConsultBot.Storage;
using ConsultBot.Protocol.Turn;
using ConsultBot.Knowledge;
using ConsultBot.Host.Telemetry;
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
        services.AddAuthenticationPolicy(configuration);
        services.AddConsultBotStorage(configuration);

        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        services.AddSingleton<ConversationReferenceStore>();
        services.AddSingleton<TurnErrorResponder>();
        services.AddSingleton<LanguageMiddleware>();
        services.AddSingleton<OutgoingActivities>();
        services.AddSingleton<IConversationLease>(sp =>
        {
            // Only a store that several hosts share needs a cross-host lease; on SQLite the in-process queue orders turns.
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var bot = sp.GetRequiredService<IOptions<BotAdapterOptions>>().Value;
            return string.Equals(storage.Provider?.Trim(), StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase)
                ? new StoreConversationLease(sp.GetRequiredService<IStorage>(), sp.GetRequiredService<TimeProvider>(), bot.ConversationLeaseDuration, bot.ConversationLeaseWait)
                : new NoConversationLease();
        });
        services.AddSingleton<TurnRunner>();
        services.AddSingleton(sp =>
        {
            var adapter = ActivatorUtilities.CreateInstance<CloudAdapter>(sp);
            TurnPipeline.Configure(adapter, sp);
            return adapter;
        });
        services.AddSingleton<ConsultBotApp>();
        services.AddConsultBotFeatures(configuration);
        services.AddConsultBotTelemetry(configuration);
        return services;
    }

    /// <summary>Work before listening: schema migrations, seeding, index build.</summary>
    public static async Task PrepareConsultBotAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ConsultBot.Host.Startup");
        var started = time.GetTimestamp();

        // Independent of the database, so built on another core while the migrations run: the knowledge language
        // data and the (empty) search engine, and the router with every feature behind it (a misconfigured route
        // still fails the start, just from this task).
        var independent = Task.Run(() =>
        {
            var begun = time.GetTimestamp();
            _ = services.GetRequiredService<IFaqSearch>();
            var knowledgeMs = time.GetElapsedTime(begun).TotalMilliseconds;
            begun = time.GetTimestamp();
            _ = services.GetRequiredService<ConsultBotApp>();
            _ = services.GetRequiredService<IOptions<BotAdapterOptions>>().Value;
            _ = services.GetRequiredService<CloudAdapter>();
            return (knowledgeMs, time.GetElapsedTime(begun).TotalMilliseconds);
        }, cancellationToken);

        try
        {
            await services.MigrateStorageAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Never leave the task unobserved: its failure (a bad route) matters as much as the storage one.
            if (!independent.IsCompleted)
            {
                await ((Task)independent).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        var migratedMs = time.GetElapsedTime(started).TotalMilliseconds;
        var (knowledgeDataMs, routerMs) = await independent.ConfigureAwait(false);
        var begunFeatures = time.GetTimestamp();
        await services.PrepareFeaturesAsync(cancellationToken).ConfigureAwait(false);
        Log.Prepared(logger, time.GetElapsedTime(started).TotalMilliseconds, migratedMs, knowledgeDataMs, routerMs, time.GetElapsedTime(begunFeatures).TotalMilliseconds);
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Prepared in {TotalMs:F0} ms: storage migrations {MigrationsMs:F0} ms, in parallel knowledge language data {KnowledgeDataMs:F0} ms + router {RouterMs:F0} ms, then knowledge seed/index {FeaturesMs:F0} ms")]
    public static partial void Prepared(ILogger logger, double totalMs, double migrationsMs, double knowledgeDataMs, double routerMs, double featuresMs);
}
