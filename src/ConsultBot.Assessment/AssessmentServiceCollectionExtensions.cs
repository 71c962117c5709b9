using ConsultBot.Assessment.Chat;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsultBot.Assessment;

public static class AssessmentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the assessment chat: <see cref="WelcomeFeature"/> and <see cref="AssessmentFeature"/> as <see cref="IBotFeature"/>s, its dialog, state
    /// properties and card builder. Needs from the host: <c>UserState</c>, <c>ConversationState</c>, <c>ICardRenderer</c>
    /// (<c>AddCards</c>), logging; <c>TimeProvider</c> defaults to the system clock.
    /// </summary>
    public static IServiceCollection AddAssessment(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AssessmentStore>();
        services.TryAddSingleton<AssessmentCards>();
        services.TryAddSingleton<AssessmentCompletion>();
        services.TryAddSingleton<AssessmentDialog>();
        services.TryAddSingleton<AssessmentChat>();
        services.TryAddSingleton<DialogHandlers>();
        services.TryAddSingleton<CommandHandlers>();
        services.TryAddSingleton<CardActionHandlers>();
        services.TryAddSingleton<WelcomeHandlers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Protocol.Privacy.IPersonalDataSource, AssessmentPersonalData>());
        services.TryAddSingleton(sp => new WelcomeFeature(sp.GetRequiredService<WelcomeHandlers>()));
        services.AddSingleton<IBotFeature>(sp => sp.GetRequiredService<WelcomeFeature>());
        services.TryAddSingleton(sp => new AssessmentFeature(
            sp.GetRequiredService<AssessmentChat>(), sp.GetRequiredService<DialogHandlers>(), sp.GetRequiredService<CommandHandlers>(), sp.GetRequiredService<CardActionHandlers>()));
        services.AddSingleton<IBotFeature>(sp => sp.GetRequiredService<AssessmentFeature>());
        return services;
    }
}
