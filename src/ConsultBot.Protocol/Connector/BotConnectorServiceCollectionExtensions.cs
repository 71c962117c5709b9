using ConsultBot.Protocol.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace ConsultBot.Protocol.Connector;

/// <summary>DI registration of authentication and the Bot Connector client.</summary>
public static class BotConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BotAuthenticationOptions"/> (root keys <c>MicrosoftAppId</c>, …) and
    /// <see cref="ConnectorOptions"/> (section <c>Connector</c>), both validated on start;
    /// <see cref="IBotAuthenticator"/>, <see cref="IAccessTokenProvider"/>, <see cref="ITrustedServiceUrls"/>,
    /// <see cref="IUnreachableConversations"/> (in-memory unless one is already registered) and
    /// <see cref="IConnectorClient"/> with its resilience pipeline.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BotAuthenticationOptions>()
            .Bind(configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotAuthenticationOptions>, BotAuthenticationOptionsValidator>());

        services.AddOptions<ConnectorOptions>()
            .Bind(configuration.GetSection(ConnectorOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(BotFrameworkAuthenticator.MetadataHttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddHttpClient(MsalHttpClientFactoryAdapter.HttpClientName);

        services.TryAddSingleton<ITrustedServiceUrls, TrustedServiceUrls>();
        services.TryAddSingleton<IUnreachableConversations, InMemoryUnreachableConversations>();
        services.TryAddSingleton<IBotAuthenticator, BotFrameworkAuthenticator>();
        services.TryAddSingleton<IAccessTokenProvider>(sp => AccessTokenProviderFactory.Create(
            sp.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value,
            new MsalHttpClientFactoryAdapter(sp.GetRequiredService<IHttpClientFactory>()),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<ConnectorRateLimiter>();

        services.AddHttpClient<IConnectorClient, ConnectorClient>(ConnectorClient.HttpClientName, client =>
            {
                // The pipeline's total timeout governs; HttpClient's own 100 s default would cut it short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("ConsultBot.Connector", static (builder, context) =>
            {
                var sp = context.ServiceProvider;
                ConnectorResilience.Configure(
                    builder,
                    sp.GetRequiredService<IOptions<ConnectorOptions>>().Value,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectorClient).FullName!));
            })

            // One circuit per service host: a failing regional endpoint must not block the others.
            .SelectPipelineByAuthority();

        return services;
    }
}
