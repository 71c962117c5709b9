using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace ConsultBot.Protocol.Authentication;

/// <summary>No app id configured (development): connector calls go without a token.</summary>
internal sealed class NullAccessTokenProvider : IAccessTokenProvider
{
    public Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>
/// MultiTenant / SingleTenant client-credentials tokens via MSAL (docs/protocol.md §3). MSAL's in-memory app
/// token cache serves repeated calls until shortly before expiry.
/// </summary>
internal sealed class MsalAccessTokenProvider : IAccessTokenProvider, IDisposable
{
    private readonly IConfidentialClientApplication _application;
    private readonly string[] _scopes;
    private readonly string _authority;
    private readonly ILogger _logger;

    // Serialises cache misses so a burst of first sends asks for one token, not one each.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public MsalAccessTokenProvider(BotAuthenticationOptions options, IMsalHttpClientFactory? httpClientFactory, ILogger<MsalAccessTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cloud = BotFrameworkCloud.From(options);
        var singleTenant = string.Equals(options.MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase);
        var tenant = singleTenant ? options.MicrosoftAppTenantId!.Trim() : cloud.MultiTenantTenant;
        _authority = $"{cloud.LoginAuthority}/{tenant}";
        _scopes = [cloud.Scope];
        _logger = logger;

        var builder = ConfidentialClientApplicationBuilder.Create(options.MicrosoftAppId)
            .WithClientSecret(options.MicrosoftAppPassword)
            .WithAuthority(_authority, validateAuthority: false);

        // Known Microsoft login hosts need no discovery call; anything else (a test authority) must not try it.
        if (!IsKnownLoginHost(cloud.LoginAuthority))
        {
            builder = builder.WithInstanceDiscovery(false);
        }

        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        _application = builder.Build();
    }

    public async Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Log.AcquiringToken(_logger, _authority);
            var result = await _application.AcquireTokenForClient(_scopes).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return result.AccessToken;
        }
        catch (MsalException ex)
        {
            Log.TokenAcquisitionFailed(_logger, ex.ErrorCode, ex);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static bool IsKnownLoginHost(string authority) =>
        authority.Equals(AuthenticationConstants.PublicLoginAuthority, StringComparison.OrdinalIgnoreCase)
        || authority.Equals(AuthenticationConstants.GovernmentLoginAuthority, StringComparison.OrdinalIgnoreCase);
}

/// <summary>UserAssignedMsi: tokens from the Azure managed identity whose client id is the app id.</summary>
internal sealed class ManagedIdentityAccessTokenProvider : IAccessTokenProvider
{
    private readonly IManagedIdentityApplication _application;
    private readonly string _resource;
    private readonly ILogger _logger;

    public ManagedIdentityAccessTokenProvider(BotAuthenticationOptions options, IMsalHttpClientFactory? httpClientFactory, ILogger<ManagedIdentityAccessTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cloud = BotFrameworkCloud.From(options);

        // Managed identity takes a resource, not a scope.
        _resource = cloud.Scope[..^"/.default".Length];
        _logger = logger;
        var builder = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(options.MicrosoftAppId));
        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        _application = builder.Build();
    }

    public async Task<string?> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            Log.AcquiringToken(_logger, "managed identity");
            var result = await _application.AcquireTokenForManagedIdentity(_resource).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return result.AccessToken;
        }
        catch (MsalException ex)
        {
            Log.TokenAcquisitionFailed(_logger, ex.ErrorCode, ex);
            throw;
        }
    }
}

/// <summary>Gives MSAL <see cref="HttpClient"/>s from <see cref="IHttpClientFactory"/> (handler pooling, DNS refresh).</summary>
internal sealed class MsalHttpClientFactoryAdapter(IHttpClientFactory factory) : IMsalHttpClientFactory
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client MSAL uses for token requests.</summary>
    public const string HttpClientName = "ConsultBot.Msal";

    public HttpClient GetHttpClient() => factory.CreateClient(HttpClientName);
}

/// <summary>Picks the token provider for <see cref="BotAuthenticationOptions.MicrosoftAppType"/>.</summary>
internal static class AccessTokenProviderFactory
{
    public static IAccessTokenProvider Create(BotAuthenticationOptions options, IMsalHttpClientFactory? httpClientFactory, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsAuthenticationEnabled)
        {
            return new NullAccessTokenProvider();
        }

        return string.Equals(options.MicrosoftAppType, "UserAssignedMsi", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityAccessTokenProvider(options, httpClientFactory, loggerFactory.CreateLogger<ManagedIdentityAccessTokenProvider>())
            : new MsalAccessTokenProvider(options, httpClientFactory, loggerFactory.CreateLogger<MsalAccessTokenProvider>());
    }
}

/// <summary>Cross-field checks of <see cref="BotAuthenticationOptions"/>, run at start-up.</summary>
internal sealed class BotAuthenticationOptionsValidator : IValidateOptions<BotAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, BotAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsAuthenticationEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var type = options.MicrosoftAppType;
        var isMsi = string.Equals(type, "UserAssignedMsi", StringComparison.OrdinalIgnoreCase);
        if (!isMsi && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
        {
            failures.Add($"MicrosoftAppPassword is required when MicrosoftAppId is set and MicrosoftAppType is {type}.");
        }

        if (isMsi && !string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
        {
            failures.Add("MicrosoftAppPassword must be empty when MicrosoftAppType is UserAssignedMsi.");
        }

        if ((isMsi || string.Equals(type, "SingleTenant", StringComparison.OrdinalIgnoreCase)) && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            failures.Add($"MicrosoftAppTenantId is required when MicrosoftAppType is {type}.");
        }

        foreach (var (key, url) in new[]
                 {
                     (nameof(options.ChannelOpenIdMetadataUrl), options.ChannelOpenIdMetadataUrl),
                     (nameof(options.EmulatorOpenIdMetadataUrl), options.EmulatorOpenIdMetadataUrl),
                     (nameof(options.LoginAuthority), options.LoginAuthority),
                 })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback))
            {
                failures.Add($"{key} must be an absolute https URL.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
