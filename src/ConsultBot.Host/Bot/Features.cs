using ConsultBot.Cards;
using ConsultBot.Handoff;

namespace ConsultBot.Host.Bot;

/// <summary>The features the host runs, and their start-up work.</summary>
internal static class Features
{
    public static IServiceCollection AddConsultBotFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Protocol.Turn.IBotFeature, TeamsLifecycleFeature>();
        services.AddCards(configuration);
        services.AddHandoff(configuration);
        return services;
    }

    public static Task PrepareFeaturesAsync(this IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public static WebApplication MapFeatureEndpoints(this WebApplication app) => app;
}
