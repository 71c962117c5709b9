using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ConsultBot.Host;
using ConsultBot.Protocol.Schema;
using ConsultBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace ConsultBot.Admin.Tests;

/// <summary>
/// The real host (Kestrel, SQLite or PostgreSQL, the real search) with one admin in <c>Admin:Users</c>, a personal key in
/// configuration and a test issuer for Entra-shaped tokens; only the Teams cloud is a fake.
/// </summary>
public sealed class AdminHost : IAsyncDisposable
{
    public const string AdminOid = "6f1c2a4e-8b0d-4c39-9f57-2d3e4a5b6c7d";
    public const string Key = "ci-personal-key-0123456789abcdef";
    public const string Issuer = "https://login.consultbot-tests.example/tenant/v2.0";
    public const string Audience = "api://consultbot-tests/admin";
    public static readonly byte[] SigningKey = SHA256.HashData(Encoding.UTF8.GetBytes("consultbot admin tests signing key"));

    private readonly string? _sqlite;

    private AdminHost(WebApplication app, FakeConnector connector, Uri baseAddress, string? sqlite)
    {
        App = app;
        Connector = connector;
        _sqlite = sqlite;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Anonymous = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public WebApplication App { get; }

    public FakeConnector Connector { get; }

    /// <summary>Authenticated with the configured personal key "ci".</summary>
    public HttpClient Http { get; }

    public HttpClient Anonymous { get; }

    public Uri BaseAddress => Http.BaseAddress!;

    public IServiceProvider Services => App.Services;

    public static async Task<AdminHost> StartAsync(CancellationToken cancellationToken, IDictionary<string, string?>? settings = null)
    {
        var connector = await FakeConnector.StartAsync(cancellationToken: cancellationToken);
        string? sqlite = null;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Development",
            ["Storage:Provider"] = "sqlite",
            ["Bot:AcknowledgeAfter"] = "00:00:10",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Knowledge:IndexSyncInterval"] = "00:00:01",
            ["Admin:Users:0"] = AdminOid,
            ["Admin:Keys:0:Name"] = "ci",
            ["Admin:Keys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
            ["Admin:Entra:Issuer"] = Issuer,
            ["Admin:Entra:Audiences:0"] = Audience,
            ["Admin:Entra:TestSigningKey"] = Convert.ToBase64String(SigningKey),
        };
        if (settings is null || !settings.ContainsKey("Storage:Provider"))
        {
            sqlite = Path.Combine(Path.GetTempPath(), "consultbot-tests", $"admin-{Guid.NewGuid():N}.db");
            values["Storage:Sqlite:Path"] = sqlite;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = ConsultBotHost.Build([.. values.Select(kv => $"--{kv.Key}={kv.Value}")]);
        await app.StartConsultBotAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdminHost(app, connector, new Uri(address), sqlite);
    }

    /// <summary>A fresh PostgreSQL database for two hosts to share.</summary>
    public static async Task<Dictionary<string, string?>> PostgresAsync(CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable("CONSULTBOT_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=consultbot;Password=consultbot;Database=consultbot_test";
        var database = $"cb_admin_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
        };
    }

    /// <summary>An Entra-shaped access token; by default signed with the configured test key for the admin.</summary>
    public static string Token(string oid = AdminOid, byte[]? signingKey = null, string issuer = Issuer, string audience = Audience, string name = "Ewa Admin") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Expires = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(30),
            NotBefore = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1),
            Claims = new Dictionary<string, object> { ["oid"] = oid, ["name"] = name },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });

    public HttpClient Client(string bearer)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public ConversationDriver PersonalChat(string? aadObjectId = null, string userId = "29:user-ewa", string userName = "Ewa Nowak", string locale = "pl-PL")
    {
        var chat = new ConversationDriver(Anonymous, new Uri(BaseAddress, "/api/messages"), Connector.ServiceUrl, $"a:personal-{Guid.NewGuid():N}", userId, userName, ConversationTypes.Personal, locale);
        if (aadObjectId is not null)
        {
            chat.User.AadObjectId = aadObjectId;
        }

        return chat;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        if (_sqlite is not null)
        {
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                try
                {
                    File.Delete(_sqlite + suffix);
                }
                catch (IOException)
                {
                    // A temp file left behind is harmless.
                }
            }
        }
    }
}
