using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsultBot.Cards;

public static class CardsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ICardRenderer"/> (singleton: templates are parsed once and cached),
    /// bound to the <c>Cards</c> section of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddCards(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CardOptions>().Bind(configuration.GetSection(CardOptions.SectionName));
        services.TryAddSingleton<ICardRenderer, CardRenderer>();
        return services;
    }
}
