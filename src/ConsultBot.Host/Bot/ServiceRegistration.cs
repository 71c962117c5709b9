using ConsultBot.Protocol.Connector;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Protocol.State;
using ConsultBot.Storage;
using ConsultBot.Protocol.Turn;
using ConsultBot.Knowledge;
using ConsultBot.Host.Endpoints;
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

        services.AddOptions<StateRetentionOptions>().BindConfiguration(StateRetentionOptions.SectionName).ValidateDataAnnotations()
            .Validate<IOptions<Handoff.HandoffOptions>>(
                static (retention, handoff) => retention.ConversationReferenceDays > handoff.Value.OpenRetentionDays,
                "Retention:ConversationReferenceDays must be longer than Handoff:OpenRetentionDays, or a late consultant answer could not reach the asker.")
            .ValidateOnStart();
        services.AddSingleton(static sp => sp.GetRequiredService<IOptions<StateRetentionOptions>>().Value.ToStateRetention());
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        services.AddSingleton<ConversationReferenceStore>();
        services.AddSingleton<TurnErrorResponder>();
        services.AddSingleton<LanguageMiddleware>();
        services.AddOptions<InputLimitsOptions>().BindConfiguration(InputLimitsOptions.SectionName).ValidateDataAnnotations()
            .Validate(static o => o.Fields.Values.All(static limit => limit is >= 50 and <= 28_000), "InputLimits:Fields: every limit must be between 50 and 28000 characters.")
            .ValidateOnStart();
        services.AddSingleton<InputLimitsMiddleware>();
        services.AddSingleton<OutgoingActivities>();
        services.AddSingleton<IConversationLease>(sp =>
        {
            // Only a store that several hosts share needs a cross-host lease; on SQLite the in-process queue orders turns.
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var bot = sp.GetRequiredService<IOptions<BotAdapterOptions>>().Value;
            return string.Equals(storage.Provider?.Trim(), StorageProviders.Postgres, StringComparison.OrdinalIgnoreCase)
                ? new StoreConversationLease(sp.GetRequiredService<IStorage>(), sp.GetRequiredService<TimeProvider>(), bot.ConversationLeaseDuration, bot.ConversationLeaseWait, bot.CrossHostOrderWindow)
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
        services.AddOpenEndpointRateLimiting();
        services.AddReadiness();
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

        StorageUnavailableException? storeDown = null;
        try
        {
            await services.MigrateStorageAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            storeDown = e;
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
        try
        {
            if (storeDown is null)
            {
                await services.PrepareFeaturesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (StorageUnavailableException e)
        {
            storeDown = e;
        }

        if (storeDown is not null)
        {
            // A store that is down must not keep the host from starting: it listens, reports not ready, and
            // finishes this work in the background (Endpoints/Readiness.cs).
            services.DeferStart(storeDown);
            return;
        }

        services.GetRequiredService<StartupProgress>().Prepared();
        HostLog.Prepared(logger, time.GetElapsedTime(started).TotalMilliseconds, migratedMs, knowledgeDataMs, routerMs, time.GetElapsedTime(begunFeatures).TotalMilliseconds);
    }
}
