using Xunit;
using System.Security.Cryptography;
using ConsultBot.Protocol.Authentication;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ConsultBot.Protocol.Tests.Authentication;

public sealed class BotFrameworkAuthenticatorTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private const string ChannelIssuer = "https://api.botframework.com";
    private const string EmulatorIssuerV1 = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";
    private const string EmulatorIssuerV2 = "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0";

    private static readonly RsaSecurityKey _teamsKey = OpenIdStub.NewRsaKey("teams-key");
    private static readonly RsaSecurityKey _webChatKey = OpenIdStub.NewRsaKey("webchat-key");
    private static readonly RsaSecurityKey _bareKey = OpenIdStub.NewRsaKey("bare-key");
    private static readonly RsaSecurityKey _emulatorKey = OpenIdStub.NewRsaKey("emulator-key");
    private readonly ServiceProvider _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private OpenIdStub _stub = null!;
    private TrustedServiceUrls _trusted = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public async ValueTask InitializeAsync()
    {
        _stub = await OpenIdStub.StartAsync(Ct);
        _stub.SetChannelKeys((_teamsKey, ["msteams", "skype"]), (_webChatKey, ["webchat"]), (_bareKey, null));
        _stub.SetEmulatorKeys(_emulatorKey);
    }

    public async ValueTask DisposeAsync()
    {
        await _stub.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Valid_channel_token_is_accepted_and_trusts_the_service_url()
    {
        var authenticator = CreateAuthenticator();
        Assert.False(_trusted.IsTrusted(ServiceUrl));

        var identity = await authenticator.AuthenticateAsync(Bearer(ChannelToken()), TeamsActivity(), Ct);

        Assert.True(identity.IsAuthenticated);
        Assert.Equal(AuthenticationConstants.BotFrameworkAuthType, identity.AuthenticationType);
        Assert.Equal(AppId, identity.FindFirst("aud")?.Value);
        Assert.True(_trusted.IsTrusted(ServiceUrl));
    }

    [Fact]
    public async Task Service_url_comparison_ignores_case_and_trailing_slash()
    {
        var activity = TeamsActivity();
        activity.ServiceUrl = "https://SMBA.trafficmanager.net/amer";
        var identity = await CreateAuthenticator().AuthenticateAsync(Bearer(ChannelToken()), activity, Ct);
        Assert.True(identity.IsAuthenticated);
    }

    [Fact]
    public async Task Token_expired_four_minutes_ago_is_accepted_within_skew()
    {
        var token = ChannelToken(expires: Now.AddMinutes(-4));
        var identity = await CreateAuthenticator().AuthenticateAsync(Bearer(token), TeamsActivity(), Ct);
        Assert.True(identity.IsAuthenticated);
    }

    [Fact]
    public Task Token_expired_six_minutes_ago_is_rejected() =>
        AssertRejected(Bearer(ChannelToken(expires: Now.AddMinutes(-6))), "expired");

    [Fact]
    public Task Wrong_audience_is_rejected() =>
        AssertRejected(Bearer(ChannelToken(audience: "someone-else")), "audience");

    [Fact]
    public Task Wrong_issuer_is_rejected() =>
        AssertRejected(Bearer(ChannelToken(issuer: "https://api.evil.example")), "issuer");

    [Fact]
    public Task Service_url_mismatch_is_rejected() =>
        AssertRejected(Bearer(ChannelToken(serviceUrl: "https://attacker.example/")), "serviceurl claim does not match");

    [Fact]
    public Task Missing_service_url_claim_is_rejected() =>
        AssertRejected(Bearer(ChannelToken(serviceUrl: null)), "no serviceurl claim");

    [Fact]
    public Task Key_not_endorsed_for_the_channel_is_rejected() =>
        AssertRejected(Bearer(ChannelToken(key: _webChatKey)), "not endorsed for channel 'msteams'");

    [Fact]
    public Task Key_without_endorsements_is_rejected() =>
        AssertRejected(Bearer(ChannelToken(key: _bareKey)), "no endorsements");

    [Fact]
    public Task Hs256_token_is_rejected()
    {
        var symmetric = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "teams-key" };
        var token = TestTokens.Create(symmetric, ChannelIssuer, AppId, ChannelClaims(ServiceUrl), Now.AddHours(1), SecurityAlgorithms.HmacSha256);
        return AssertRejected(Bearer(token), "algorithm 'HS256' is not allowed");
    }

    [Fact]
    public Task Token_signed_by_another_key_with_a_known_kid_is_rejected()
    {
        var impostor = OpenIdStub.NewRsaKey("teams-key");
        return AssertRejected(Bearer(ChannelToken(key: impostor)), "signature is invalid");
    }

    [Fact]
    public Task Basic_header_is_rejected() => AssertRejected("Basic dXNlcjpwYXNz", "'Bearer <token>'");

    [Fact]
    public Task Garbage_bearer_is_rejected() => AssertRejected("Bearer not-a-jwt", "well-formed");

    [Fact]
    public Task Missing_header_is_rejected_when_enabled() => AssertRejected(null, "missing");

    [Fact]
    public async Task Missing_header_is_anonymous_when_disabled()
    {
        var authenticator = CreateAuthenticator(appId: null);
        Assert.False(authenticator.IsAuthenticationEnabled);

        var identity = await authenticator.AuthenticateAsync(null, TeamsActivity(), Ct);

        Assert.Equal(AuthenticationConstants.AnonymousAuthType, identity.AuthenticationType);
        Assert.Empty(identity.Claims);
        Assert.False(_trusted.IsTrusted(ServiceUrl));
    }

    [Fact]
    public async Task Header_is_still_validated_when_disabled()
    {
        var authenticator = CreateAuthenticator(appId: null);
        var ex = await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            authenticator.AuthenticateAsync(Bearer(ChannelToken()), TeamsActivity(), Ct));
        Assert.Contains("audience", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => authenticator.AuthenticateAsync("Basic abc", TeamsActivity(), Ct));
    }

    [Fact]
    public async Task Emulator_v1_token_with_appid_is_accepted_without_endorsement_or_serviceurl()
    {
        var token = TestTokens.Create(_emulatorKey, EmulatorIssuerV1, AppId, new Dictionary<string, object> { ["ver"] = "1.0", ["appid"] = AppId }, Now.AddHours(1));
        var activity = EmulatorActivity();

        var identity = await CreateAuthenticator().AuthenticateAsync(Bearer(token), activity, Ct);

        Assert.True(identity.IsAuthenticated);
        Assert.True(_trusted.IsTrusted(activity.ServiceUrl!));
    }

    [Fact]
    public async Task Emulator_v2_token_with_azp_is_accepted()
    {
        var token = TestTokens.Create(_emulatorKey, EmulatorIssuerV2, AppId, new Dictionary<string, object> { ["ver"] = "2.0", ["azp"] = AppId }, Now.AddHours(1));
        var identity = await CreateAuthenticator().AuthenticateAsync(Bearer(token), EmulatorActivity(), Ct);
        Assert.True(identity.IsAuthenticated);
    }

    [Fact]
    public async Task Emulator_token_is_rejected_where_emulator_tokens_are_not_allowed()
    {
        var token = TestTokens.Create(_emulatorKey, EmulatorIssuerV1, AppId, new Dictionary<string, object> { ["ver"] = "1.0", ["appid"] = AppId }, Now.AddHours(1));
        var authenticator = CreateAuthenticator(allowEmulator: false);

        var ex = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => authenticator.AuthenticateAsync(Bearer(token), EmulatorActivity(), Ct));

        Assert.Contains("Emulator tokens are not accepted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task Emulator_token_without_ver_is_rejected()
    {
        var token = TestTokens.Create(_emulatorKey, EmulatorIssuerV1, AppId, new Dictionary<string, object> { ["appid"] = AppId }, Now.AddHours(1));
        return AssertRejected(Bearer(token), "no 'ver' claim", EmulatorActivity());
    }

    [Fact]
    public Task Emulator_token_for_another_app_is_rejected()
    {
        var token = TestTokens.Create(_emulatorKey, EmulatorIssuerV1, "other-app", new Dictionary<string, object> { ["ver"] = "1.0", ["appid"] = "other-app" }, Now.AddHours(1));
        return AssertRejected(Bearer(token), "not the bot's app id", EmulatorActivity());
    }

    [Fact]
    public Task Skill_token_is_rejected()
    {
        var token = TestTokens.Create(_emulatorKey, EmulatorIssuerV2, AppId, new Dictionary<string, object> { ["ver"] = "2.0", ["azp"] = "calling-bot-id" }, Now.AddHours(1));
        return AssertRejected(Bearer(token), "skill");
    }

    [Fact]
    public async Task Unknown_kid_refreshes_the_keys_once_and_then_accepts_the_rotated_key()
    {
        var authenticator = CreateAuthenticator();
        Assert.True((await authenticator.AuthenticateAsync(Bearer(ChannelToken()), TeamsActivity(), Ct)).IsAuthenticated);
        var fetchesBefore = _stub.ChannelKeyRequests;
        Assert.Equal(1, fetchesBefore);

        // The channel rotates to a new key the cached JWKS does not have yet.
        var rotated = OpenIdStub.NewRsaKey("rotated-key");
        _stub.SetChannelKeys((rotated, ["msteams"]));

        var identity = await authenticator.AuthenticateAsync(Bearer(ChannelToken(key: rotated)), TeamsActivity(), Ct);

        Assert.True(identity.IsAuthenticated);
        Assert.Equal(fetchesBefore + 1, _stub.ChannelKeyRequests);
    }

    [Fact]
    public async Task Unknown_kid_that_stays_unknown_is_rejected_and_refresh_is_throttled()
    {
        var authenticator = CreateAuthenticator();
        var stranger = OpenIdStub.NewRsaKey("never-published");

        var first = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => authenticator.AuthenticateAsync(Bearer(ChannelToken(key: stranger)), TeamsActivity(), Ct));
        Assert.Contains("signing key is unknown", first.Message, StringComparison.Ordinal);
        var fetches = _stub.ChannelKeyRequests;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => authenticator.AuthenticateAsync(Bearer(ChannelToken(key: stranger)), TeamsActivity(), Ct));
        Assert.Equal(fetches, _stub.ChannelKeyRequests);
    }

    private async Task AssertRejected(string? header, string reason, Activity? activity = null)
    {
        var authenticator = CreateAuthenticator();
        var ex = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => authenticator.AuthenticateAsync(header, activity ?? TeamsActivity(), Ct));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(_trusted.IsTrusted((activity ?? TeamsActivity()).ServiceUrl!));
    }

    private BotFrameworkAuthenticator CreateAuthenticator(string? appId = AppId, bool allowEmulator = true)
    {
        var options = Options.Create(new BotAuthenticationOptions
        {
            AllowEmulatorTokens = allowEmulator,
            MicrosoftAppId = appId,
            MicrosoftAppPassword = appId is null ? null : "secret",
            ChannelOpenIdMetadataUrl = _stub.ChannelMetadataUrl,
            EmulatorOpenIdMetadataUrl = _stub.EmulatorMetadataUrl,
        });
        _trusted = new TrustedServiceUrls(options, NullLogger<TrustedServiceUrls>.Instance);
        return new BotFrameworkAuthenticator(options, _trusted, _services.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, NullLogger<BotFrameworkAuthenticator>.Instance);
    }

    private string ChannelToken(RsaSecurityKey? key = null, string issuer = ChannelIssuer, string audience = AppId, string? serviceUrl = ServiceUrl, DateTimeOffset? expires = null) =>
        TestTokens.Create(key ?? _teamsKey, issuer, audience, ChannelClaims(serviceUrl), expires ?? Now.AddHours(1));

    private static Dictionary<string, object> ChannelClaims(string? serviceUrl) =>
        serviceUrl is null ? [] : new Dictionary<string, object> { ["serviceurl"] = serviceUrl };

    private static string Bearer(string token) => "Bearer " + token;

    private static Activity TeamsActivity() => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        ServiceUrl = ServiceUrl,
        Conversation = new ConversationAccount { Id = "a:1" },
    };

    private static Activity EmulatorActivity() => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "emulator",
        ServiceUrl = "http://localhost:56789",
        Conversation = new ConversationAccount { Id = "emu-1" },
    };
}
