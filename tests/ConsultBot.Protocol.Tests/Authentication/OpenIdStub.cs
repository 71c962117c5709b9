using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ConsultBot.Protocol.Tests.Authentication;

/// <summary>Serves channel and Emulator OpenID metadata + JWKS (with endorsements) on 127.0.0.1.</summary>
internal sealed class OpenIdStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _channelJwks = """{"keys":[]}""";
    private volatile string _emulatorJwks = """{"keys":[]}""";
    private int _channelKeyRequests;

    private OpenIdStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ChannelMetadataUrl => BaseUrl + "channel/.well-known/openidconfiguration";

    public string EmulatorMetadataUrl => BaseUrl + "emulator/v2.0/.well-known/openid-configuration";

    public int ChannelKeyRequests => Volatile.Read(ref _channelKeyRequests);

    public static async Task<OpenIdStub> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new OpenIdStub(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync(cancellationToken);
        stub.BaseUrl = app.Urls.First().TrimEnd('/') + "/";
        return stub;
    }

    public void SetChannelKeys(params (SecurityKey Key, string[]? Endorsements)[] keys) => _channelJwks = Jwks(keys);

    public void SetEmulatorKeys(params SecurityKey[] keys) => _emulatorJwks = Jwks([.. keys.Select(k => (k, (string[]?)null))]);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public static RsaSecurityKey NewRsaKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        string? body = path switch
        {
            "/channel/.well-known/openidconfiguration" => Metadata("https://api.botframework.com", BaseUrl + "channel/keys"),
            "/channel/keys" => CountAndGet(),
            "/emulator/v2.0/.well-known/openid-configuration" => Metadata("https://login.microsoftonline.com/common/v2.0", BaseUrl + "emulator/keys"),
            "/emulator/keys" => _emulatorJwks,
            _ => null,
        };

        if (body is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private string CountAndGet()
    {
        Interlocked.Increment(ref _channelKeyRequests);
        return _channelJwks;
    }

    private static string Metadata(string issuer, string jwksUri) => new JsonObject
    {
        ["issuer"] = issuer,
        ["jwks_uri"] = jwksUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    }.ToJsonString();

    private static string Jwks((SecurityKey Key, string[]? Endorsements)[] keys)
    {
        var array = new JsonArray();
        foreach (var (key, endorsements) in keys)
        {
            var rsa = (RsaSecurityKey)key;
            var parameters = rsa.Rsa.ExportParameters(includePrivateParameters: false);
            var jwk = new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = rsa.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
            if (endorsements is not null)
            {
                jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode?)e)]);
            }

            array.Add(jwk);
        }

        return new JsonObject { ["keys"] = array }.ToJsonString();
    }
}

/// <summary>Creates signed test tokens.</summary>
internal static class TestTokens
{
    public static string Create(
        SecurityKey key,
        string issuer,
        string? audience,
        IDictionary<string, object> claims,
        DateTimeOffset expires,
        string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires.UtcDateTime.AddHours(-1),
            NotBefore = expires.UtcDateTime.AddHours(-1),
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
