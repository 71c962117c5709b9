namespace ConsultBot.Protocol.Authentication;

/// <summary>Bot Framework authentication constants (public cloud and US Government), docs/protocol.md §2–3.</summary>
public static class AuthenticationConstants
{
    /// <summary>Authentication type of the identity given to unauthenticated requests when auth is off.</summary>
    public const string AnonymousAuthType = "anonymous";

    /// <summary>Authentication type of identities built from a validated Bot Framework JWT.</summary>
    public const string BotFrameworkAuthType = "BotFramework";

    public const string PublicChannelIssuer = "https://api.botframework.com";
    public const string GovernmentChannelIssuer = "https://api.botframework.us";
    public const string PublicChannelOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string GovernmentChannelOpenIdMetadataUrl = "https://login.botframework.azure.us/v1/.well-known/openidconfiguration";
    public const string PublicEmulatorOpenIdMetadataUrl = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";
    public const string GovernmentEmulatorOpenIdMetadataUrl = "https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration";
    public const string PublicLoginAuthority = "https://login.microsoftonline.com";
    public const string GovernmentLoginAuthority = "https://login.microsoftonline.us";
    public const string GovernmentChannelService = "https://botframework.azure.us";

    /// <summary>The multi-tenant token tenant (public cloud).</summary>
    public const string PublicBotFrameworkTenant = "botframework.com";

    /// <summary>The multi-tenant token tenant (US Government).</summary>
    public const string GovernmentBotFrameworkTenant = "MicrosoftServices.onmicrosoft.us";

    public const string PublicBotFrameworkScope = "https://api.botframework.com/.default";
    public const string GovernmentBotFrameworkScope = "https://api.botframework.us/.default";

    public const string PublicCallerId = "urn:botframework:azure";
    public const string GovernmentCallerId = "urn:botframework:azureusgov";

    /// <summary>Lifetime checks tolerate this much clock difference, as the Bot Framework SDK does.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    internal static readonly string[] EmulatorTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];
    internal const string GovernmentEmulatorTenant = "cab8a31a-1906-4287-a0d8-4eef66b95f6e";
}

/// <summary>The endpoints and issuers that apply to the configured cloud (public or US Government).</summary>
internal sealed class BotFrameworkCloud
{
    private BotFrameworkCloud(BotAuthenticationOptions options)
    {
        IsGovernment = string.Equals(options.ChannelService?.TrimEnd('/'), AuthenticationConstants.GovernmentChannelService, StringComparison.OrdinalIgnoreCase);
        ChannelIssuer = IsGovernment ? AuthenticationConstants.GovernmentChannelIssuer : AuthenticationConstants.PublicChannelIssuer;

        // The options carry the public defaults; swap to the Gov ones unless someone overrode them (tests).
        ChannelMetadataUrl = IsGovernment && options.ChannelOpenIdMetadataUrl == AuthenticationConstants.PublicChannelOpenIdMetadataUrl
            ? AuthenticationConstants.GovernmentChannelOpenIdMetadataUrl
            : options.ChannelOpenIdMetadataUrl;
        EmulatorMetadataUrl = IsGovernment && options.EmulatorOpenIdMetadataUrl == AuthenticationConstants.PublicEmulatorOpenIdMetadataUrl
            ? AuthenticationConstants.GovernmentEmulatorOpenIdMetadataUrl
            : options.EmulatorOpenIdMetadataUrl;
        LoginAuthority = (IsGovernment && options.LoginAuthority.TrimEnd('/') == AuthenticationConstants.PublicLoginAuthority
            ? AuthenticationConstants.GovernmentLoginAuthority
            : options.LoginAuthority).TrimEnd('/');
        Scope = IsGovernment ? AuthenticationConstants.GovernmentBotFrameworkScope : AuthenticationConstants.PublicBotFrameworkScope;
        MultiTenantTenant = IsGovernment ? AuthenticationConstants.GovernmentBotFrameworkTenant : AuthenticationConstants.PublicBotFrameworkTenant;

        var issuers = new List<string>();
        foreach (var tenant in AuthenticationConstants.EmulatorTenants)
        {
            issuers.Add($"https://sts.windows.net/{tenant}/");
            issuers.Add($"https://login.microsoftonline.com/{tenant}/v2.0");
        }

        if (IsGovernment)
        {
            issuers.Add($"https://sts.windows.net/{AuthenticationConstants.GovernmentEmulatorTenant}/");
            issuers.Add($"https://login.microsoftonline.us/{AuthenticationConstants.GovernmentEmulatorTenant}/v2.0");
            issuers.Add($"https://login.microsoftonline.us/{AuthenticationConstants.EmulatorTenants[1]}/");
            issuers.Add($"https://login.microsoftonline.us/{AuthenticationConstants.EmulatorTenants[1]}/v2.0");
        }

        // A SingleTenant bot talks to the Emulator with tokens from its own tenant.
        if (!string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            var tenant = options.MicrosoftAppTenantId.Trim();
            issuers.Add($"https://sts.windows.net/{tenant}/");
            issuers.Add($"{(IsGovernment ? AuthenticationConstants.GovernmentLoginAuthority : AuthenticationConstants.PublicLoginAuthority)}/{tenant}/v2.0");
        }

        EmulatorIssuers = issuers;
    }

    public bool IsGovernment { get; }
    public string ChannelIssuer { get; }
    public string ChannelMetadataUrl { get; }
    public string EmulatorMetadataUrl { get; }
    public IReadOnlyList<string> EmulatorIssuers { get; }
    public string LoginAuthority { get; }
    public string Scope { get; }
    public string MultiTenantTenant { get; }

    public static BotFrameworkCloud From(BotAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new BotFrameworkCloud(options);
    }
}
