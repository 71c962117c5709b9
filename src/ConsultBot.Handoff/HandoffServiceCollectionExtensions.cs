using ConsultBot.Handoff.Cards;
using ConsultBot.Handoff.Consultants;
using ConsultBot.Handoff.Outbox;
using ConsultBot.Handoff.Storage;
using ConsultBot.Handoff.Tickets;
using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.Turn;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff;

public static class HandoffServiceCollectionExtensions
{
    /// <summary>
    /// Registers the handoff feature: <see cref="HandoffOptions"/> (section <c>Handoff</c>, validated at
    /// start), <see cref="HandoffFeature"/> as an <see cref="IBotFeature"/>, <see cref="IHandoffStarter"/>,
    /// <see cref="IHandoffMaintenance"/> and the background service that runs it. Defaults (replace by
    /// registering your own before or after): <see cref="IConversationContextProvider"/> returns no context,
    /// <see cref="IFaqDraftSink"/> stores proposals under <c>handoff/faq-proposals/</c>.
    /// Needs from the host: <c>IStorage</c>, <c>IConnectorClient</c>, <c>ICardRenderer</c>, <c>TimeProvider</c>,
    /// logging; uses <c>ConversationReferenceStore</c> and <c>ITrustedServiceUrls</c> when registered.
    /// </summary>
    public static IServiceCollection AddHandoff(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<HandoffOptions>()
            .Bind(configuration.GetSection(HandoffOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HandoffOptions>, HandoffOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConversationContextProvider, NoConversationContext>();
        services.TryAddSingleton<IFaqDraftSink, StoredFaqDraftSink>();

        services.TryAddSingleton<TicketStore>();
        services.TryAddSingleton<HandoffCards>();
        services.TryAddSingleton<ConsultantDirectory>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxProcessor>();
        services.TryAddSingleton<OutboxDeadLetters>();
        services.TryAddSingleton<HandoffMaintenance>();
        services.TryAddSingleton<IHandoffMaintenance>(sp => sp.GetRequiredService<HandoffMaintenance>());
        services.TryAddSingleton<TicketDesk>();
        services.TryAddSingleton<AskerHandlers>();
        services.TryAddSingleton<ConsultantHandlers>();
        services.TryAddSingleton<QueueHandlers>();
        services.TryAddSingleton<IHandoffStarter>(sp => sp.GetRequiredService<AskerHandlers>());
        services.TryAddSingleton<HandoffGuard>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPersonalDataSource, HandoffPersonalData>());
        services.TryAddSingleton(sp => new HandoffFeature(
            sp.GetRequiredService<AskerHandlers>(), sp.GetRequiredService<ConsultantHandlers>(), sp.GetRequiredService<QueueHandlers>(), sp.GetRequiredService<HandoffGuard>()));
        services.AddSingleton<IBotFeature>(sp => sp.GetRequiredService<HandoffFeature>());
        services.AddHostedService<HandoffBackgroundService>();
        return services;
    }
}
