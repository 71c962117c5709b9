using ConsultBot.Assessment.Chat;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ConsultBot.Welcome;

namespace ConsultBot.Assessment;

public static class AssessmentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the assessment chat: <see cref="AssessmentFeature"/> as an <see cref="IBotFeature"/>, its dialog, state
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Protocol.Privacy.IPersonalDataSource, AssessmentPersonalData>());
        services.TryAddSingleton(sp => new AssessmentFeature(
            sp.GetRequiredService<AssessmentChat>(), sp.GetRequiredService<DialogHandlers>(), sp.GetRequiredService<CommandHandlers>(), sp.GetRequiredService<CardActionHandlers>()));
        services.AddSingleton<IBotFeature>(sp => sp.GetRequiredService<AssessmentFeature>());
        return services;
    }

    /// <summary>
    /// The welcome card offers to resume an unfinished assessment and counts the past ones: the assessment answers the
    /// Welcome feature's <see cref="IWelcomeFacts"/>. Called by the host after <c>AddWelcome</c> and <see cref="AddAssessment"/>.
    /// </summary>
    public static IServiceCollection AddAssessmentToWelcome(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IWelcomeFacts, AssessmentWelcomeFacts>());
        return services;
    }
}
