using System.ComponentModel.DataAnnotations;

namespace ConsultBot.Protocol.Authentication;

/// <summary>
/// Bot identity, bound from the root configuration keys the Bot Framework uses
/// (<c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppTenantId</c>, <c>MicrosoftAppType</c>).
/// Empty app id = authentication off (local development with the Playground or the Emulator).
/// </summary>
public sealed class BotAuthenticationOptions
{
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>MultiTenant (default), SingleTenant or UserAssignedMsi.</summary>
    [RegularExpression("(?i)^(MultiTenant|SingleTenant|UserAssignedMsi)$", ErrorMessage = "MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMsi.")]
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    /// <summary>Empty for the public cloud; <c>https://botframework.azure.us</c> for US Government.</summary>
    public string? ChannelService { get; set; }

    /// <summary>Channel OpenID metadata (overridable for tests).</summary>
    public string ChannelOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Emulator / Entra OpenID metadata (overridable for tests).</summary>
    public string EmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>Token endpoint authority base (overridable for tests).</summary>
    public string LoginAuthority { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Extra hosts outbound tokens may go to, besides those seen in authenticated activities.</summary>
    public List<string> TrustedServiceHosts { get; set; } = [];

    /// <summary>
    /// Accept Bot Framework Emulator tokens (issued by the Emulator's tenants). The host turns this on in
    /// Development; elsewhere only configuration (<c>Bot:AllowEmulatorTokens</c>) does.
    /// </summary>
    public bool AllowEmulatorTokens { get; set; }

    public bool IsAuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}
