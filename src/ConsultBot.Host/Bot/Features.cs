using ConsultBot.Admin;
using ConsultBot.Assessment;
using ConsultBot.Assessment.Api;
using ConsultBot.Cards;
using ConsultBot.Handoff;
using ConsultBot.Handoff.Api;
using ConsultBot.Knowledge;
using ConsultBot.Knowledge.Api;
using ConsultBot.Knowledge.Store;
using ConsultBot.Welcome;
using ConsultBot.Workshop;
using Microsoft.Extensions.Options;

namespace ConsultBot.Host.Bot;

/// <summary>The features the host runs, and their start-up work.</summary>
internal static class Features
{
    public static IServiceCollection AddConsultBotFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Protocol.Turn.IBotFeature, TeamsLifecycleFeature>();

        // "moje dane" / "usuń moje dane": each feature below adds its IPersonalDataSource.
        services.AddSingleton<Protocol.Turn.IBotFeature, Privacy.PrivacyFeature>();
        services.AddCards(configuration);
        services.AddHandoff(configuration);
        services.AddKnowledge(configuration);

        // Knowledge feeds Handoff: FAQ drafts proposed by consultants go into the FAQ store, and a new ticket carries
        // the asker's recent FAQ turns. Handoff itself knows neither (it has defaults of its own).
        services.AddKnowledgeToHandoff();

        // The welcome and help card offers to resume an unfinished assessment: the assessment tells it what there is.
        services.AddWelcome();
        services.AddAssessment();
        services.AddAssessmentToWelcome();

        // FAQ administration (REST API, /admin page, admin cards in Teams) over the knowledge store.
        services.AddAdmin(configuration);
        services.AddWorkshop();
        return services;
    }

    /// <summary>After storage migrations: seed the knowledge base on first run and build the search index.</summary>
    public static async Task PrepareFeaturesAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.PrepareKnowledgeAsync(cancellationToken);
        await services.PrepareWorkshopAsync(cancellationToken);
    }

    public static WebApplication MapFeatureEndpoints(this WebApplication app)
    {
        app.MapKnowledgeApi();
        app.MapHandoffApi(sp => sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.AdminApiKey);
        app.MapAssessmentApi();
        app.MapAdmin();
        app.MapWorkshopApi(sp => sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.AdminApiKey);
        return app;
    }
}
