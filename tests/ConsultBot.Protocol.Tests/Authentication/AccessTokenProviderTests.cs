using System.Collections.Concurrent;
using ConsultBot.Protocol.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Identity.Client;
using Xunit;

namespace ConsultBot.Protocol.Tests.Authentication;

/// <summary>
/// MSAL insists on an https authority, so the tests configure <c>https://login.test</c> and route MSAL's
/// HttpClient (through <see cref="IMsalHttpClientFactory"/>) to a local token endpoint.
/// </summary>
public sealed class AccessTokenProviderTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private readonly ConcurrentQueue<(string Path, IFormCollection Form)> _tokenRequests = new();
    private WebApplication _app = null!;
    private string _baseUrl = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            _tokenRequests.Enqueue((context.Request.Path.Value ?? string.Empty, form));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"token_type":"Bearer","expires_in":3600,"ext_expires_in":3600,"access_token":"token-{{_tokenRequests.Count}}"}""",
                context.RequestAborted);
        });
        await _app.StartAsync(Ct);
        _baseUrl = _app.Urls.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MultiTenant_uses_the_botframework_tenant_and_scope_and_caches_the_token()
    {
        var provider = Create(new BotAuthenticationOptions { MicrosoftAppId = AppId, MicrosoftAppPassword = "secret", LoginAuthority = "https://login.test" });

        var first = await provider.GetAccessTokenAsync(Ct);
        var second = await provider.GetAccessTokenAsync(Ct);

        Assert.Equal("token-1", first);
        Assert.Equal(first, second);
        var (path, form) = Assert.Single(_tokenRequests);
        Assert.Equal("/botframework.com/oauth2/v2.0/token", path);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(AppId, form["client_id"]);
        Assert.Equal("secret", form["client_secret"]);
        Assert.Contains("https://api.botframework.com/.default", form["scope"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SingleTenant_uses_the_configured_tenant()
    {
        var provider = Create(new BotAuthenticationOptions
        {
            MicrosoftAppId = AppId,
            MicrosoftAppPassword = "secret",
            MicrosoftAppType = "singletenant",
            MicrosoftAppTenantId = "contoso-tenant-id",
            LoginAuthority = "https://login.test",
        });

        Assert.Equal("token-1", await provider.GetAccessTokenAsync(Ct));
        var (path, form) = Assert.Single(_tokenRequests);
        Assert.Equal("/contoso-tenant-id/oauth2/v2.0/token", path);
        Assert.Contains("https://api.botframework.com/.default", form["scope"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Us_government_uses_its_tenant_and_scope()
    {
        var provider = Create(new BotAuthenticationOptions
        {
            MicrosoftAppId = AppId,
            MicrosoftAppPassword = "secret",
            ChannelService = "https://botframework.azure.us",
            LoginAuthority = "https://login.test",
        });

        await provider.GetAccessTokenAsync(Ct);
        var (path, form) = Assert.Single(_tokenRequests);
        Assert.Equal("/MicrosoftServices.onmicrosoft.us/oauth2/v2.0/token", path, ignoreCase: true);
        Assert.Contains("https://api.botframework.us/.default", form["scope"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_first_calls_request_one_token()
    {
        var provider = Create(new BotAuthenticationOptions { MicrosoftAppId = AppId, MicrosoftAppPassword = "secret", LoginAuthority = "https://login.test" });
        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetAccessTokenAsync(Ct)));
        Assert.All(tokens, t => Assert.Equal("token-1", t));
        Assert.Single(_tokenRequests);
    }

    [Fact]
    public async Task No_app_id_means_no_token()
    {
        var provider = Create(new BotAuthenticationOptions());
        Assert.IsType<NullAccessTokenProvider>(provider);
        Assert.Null(await provider.GetAccessTokenAsync(Ct));
        Assert.Empty(_tokenRequests);
    }

    [Fact]
    public void User_assigned_msi_gets_the_managed_identity_provider()
    {
        var provider = Create(new BotAuthenticationOptions { MicrosoftAppId = AppId, MicrosoftAppType = "UserAssignedMsi", MicrosoftAppTenantId = "t" });
        Assert.IsType<ManagedIdentityAccessTokenProvider>(provider);
    }

    [Theory]
    [InlineData("MultiTenant", "id", null, null, false)]
    [InlineData("SingleTenant", "id", "pw", null, false)]
    [InlineData("UserAssignedMsi", "id", "pw", "tenant", false)]
    [InlineData("UserAssignedMsi", "id", null, "tenant", true)]
    [InlineData("SingleTenant", "id", "pw", "tenant", true)]
    [InlineData("MultiTenant", null, null, null, true)]
    public void Options_validation_catches_incomplete_credentials(string type, string? id, string? password, string? tenant, bool valid)
    {
        var result = new BotAuthenticationOptionsValidator().Validate(null, new BotAuthenticationOptions
        {
            MicrosoftAppType = type,
            MicrosoftAppId = id,
            MicrosoftAppPassword = password,
            MicrosoftAppTenantId = tenant,
        });
        Assert.Equal(valid, result.Succeeded);
    }

    private IAccessTokenProvider Create(BotAuthenticationOptions options) =>
        AccessTokenProviderFactory.Create(options, new RedirectingMsalHttpClientFactory(_baseUrl), NullLoggerFactory.Instance);

    /// <summary>Sends MSAL's https://login.test requests to the local http endpoint.</summary>
    private sealed class RedirectingMsalHttpClientFactory(string target) : IMsalHttpClientFactory
    {
        private readonly HttpClient _client = new(new RedirectHandler(target) { InnerHandler = new HttpClientHandler() });

        public HttpClient GetHttpClient() => _client;
    }

    private sealed class RedirectHandler(string target) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(target + request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
