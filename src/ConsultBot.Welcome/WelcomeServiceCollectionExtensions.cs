using ConsultBot.Protocol.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsultBot.Welcome;

public static class WelcomeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the welcome and help card: <see cref="WelcomeFeature"/> as an <see cref="IBotFeature"/>, its state and
    /// its personal data (the "welcomed" marker). Needs from the host: <c>ConversationState</c>, <c>IStorage</c>,
    /// <c>ICardRenderer</c> (<c>AddCards</c>), logging; uses <see cref="IWelcomeFacts"/> when registered.
    /// </summary>
    public static IServiceCollection AddWelcome(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<WelcomeStore>();
        services.TryAddSingleton<WelcomeCards>();
        services.TryAddSingleton<WelcomeHandlers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPersonalDataSource, WelcomePersonalData>());
        services.TryAddSingleton(sp => new WelcomeFeature(sp.GetRequiredService<WelcomeHandlers>()));
        services.AddSingleton<IBotFeature>(sp => sp.GetRequiredService<WelcomeFeature>());
        return services;
    }
}
