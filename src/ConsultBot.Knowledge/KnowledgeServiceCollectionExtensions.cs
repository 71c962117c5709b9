using ConsultBot.Handoff;
using ConsultBot.Knowledge.Analysis;
using ConsultBot.Knowledge.Chat;
using ConsultBot.Knowledge.Search;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Knowledge;

public static class KnowledgeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the knowledge base: <see cref="KnowledgeOptions"/> (section <c>Knowledge</c>, validated at
    /// start), the language data and the search engine (singletons, index empty until
    /// <see cref="PrepareKnowledgeAsync"/> or the sync service builds it), <see cref="IFaqStore"/>,
    /// <see cref="IKnowledgeReadiness"/>, the index sync hosted service and the FAQ <see cref="IBotFeature"/>;
    /// <see cref="AddKnowledgeToHandoff"/> plugs it into Handoff. Needs from the host: <c>IStorage</c>,
    /// <c>ICardRenderer</c> (<c>AddCards</c>), <c>IHandoffStarter</c> (<c>AddHandoff</c>), logging.
    /// </summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<KnowledgeOptions>()
            .Bind(configuration.GetSection(KnowledgeOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConversationState>();

        // The embedded seed is parsed once per provider: by the warm-up below, then reused by the store's seeding.
        services.TryAddSingleton<EmbeddedSeed>();
        services.TryAddSingleton(sp =>
        {
            var seed = sp.GetRequiredService<EmbeddedSeed>();
            return KnowledgeLanguageData.LoadEmbedded(partial => FaqSearchEngine.WarmUp(partial, seed.Document.Entries.Take(3)));
        });
        services.TryAddSingleton(sp => new FaqSearchEngine(
            sp.GetRequiredService<KnowledgeLanguageData>(), [], null, sp.GetService<ILogger<FaqSearchEngine>>()));
        services.TryAddSingleton<IFaqSearch>(sp => sp.GetRequiredService<FaqSearchEngine>());
        services.TryAddSingleton<IFaqIndex>(sp => sp.GetRequiredService<FaqSearchEngine>());

        services.TryAddSingleton(sp => new FaqIndexSynchronizer(
            sp.GetRequiredService<IStorage>(), sp.GetRequiredService<IFaqIndex>(), sp.GetRequiredService<ILogger<FaqIndexSynchronizer>>(), sp.GetServices<IFaqSynonymSink>()));
        services.TryAddSingleton<IFaqIndexRefresh>(sp => sp.GetRequiredService<FaqIndexSynchronizer>());
        services.TryAddSingleton<IKnowledgeReadiness>(sp => sp.GetRequiredService<FaqIndexSynchronizer>());
        services.TryAddSingleton<IFaqCatalog>(sp => sp.GetRequiredService<FaqIndexSynchronizer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFaqChangeObserver, FaqIndexSynchronizer>(sp => sp.GetRequiredService<FaqIndexSynchronizer>()));
        services.TryAddSingleton<IFaqStore>(sp => new FaqStore(
            sp.GetRequiredService<IStorage>(), sp.GetRequiredService<TimeProvider>(), sp.GetServices<IFaqChangeObserver>(), sp.GetRequiredService<ILogger<FaqStore>>(),
            () => sp.GetRequiredService<EmbeddedSeed>().Document));
        services.TryAddSingleton(sp => (FaqStore)sp.GetRequiredService<IFaqStore>());
        services.TryAddSingleton<IFaqEditor>(sp => sp.GetRequiredService<FaqStore>());
        services.TryAddSingleton<IFaqSynonyms>(sp => sp.GetRequiredService<FaqStore>());
        services.TryAddSingleton<FaqFeedbackLog>();
        services.AddHostedService<FaqIndexSyncService>();
        services.AddHostedService<KnowledgeRetentionService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPersonalDataSource, KnowledgePersonalData>());

        services.TryAddSingleton<ConversationTranscript>();
        services.TryAddSingleton<ChatMemoryStore>();
        services.TryAddSingleton<FaqCards>();
        services.TryAddSingleton<KnowledgeFeature>();
        services.AddSingleton<IBotFeature>(sp => sp.GetRequiredService<KnowledgeFeature>());
        return services;
    }

    /// <summary>
    /// Plugs the knowledge base into Handoff, replacing Handoff's defaults: proposed FAQ drafts go into the FAQ store
    /// (<see cref="IFaqDraftSink"/>) and a new ticket carries the recent FAQ turns (<see cref="IConversationContextProvider"/>).
    /// The host calls it, so the wiring between the two features is seen where the features are chosen.
    /// Replace (not TryAdd): Handoff registers its defaults with TryAdd, so this wins in either order.
    /// </summary>
    public static IServiceCollection AddKnowledgeToHandoff(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IFaqDraftSink, KnowledgeFaqDraftSink>());
        services.Replace(ServiceDescriptor.Singleton<IConversationContextProvider>(sp => sp.GetRequiredService<ConversationTranscript>()));
        return services;
    }

    /// <summary>
    /// Start-up work, after the storage migrations and before listening: seeds the store from the embedded
    /// <c>faq.pl-en.json</c> when it has no entries (later deployments only add seed ids the store never had),
    /// then builds this instance's index from the store. Idempotent; safe on several instances at once.
    /// </summary>
    public static async Task PrepareKnowledgeAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await services.GetRequiredService<IFaqStore>().SeedIfEmptyAsync(cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<FaqIndexSynchronizer>().SyncAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The seed compiled into the assembly, parsed on first use and shared (read-only records).</summary>
internal sealed class EmbeddedSeed
{
    private readonly Lazy<FaqSeedDocument> _document = new(FaqSeedLoader.LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    public FaqSeedDocument Document => _document.Value;
}
