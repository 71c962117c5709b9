using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Knowledge.Api;
using ConsultBot.Knowledge.Store;
using ConsultBot.Knowledge.Tests.Chat;
using ConsultBot.Protocol.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Knowledge.Tests.Store;

/// <summary>The HTTP contract, on a minimal Kestrel host that maps only this API.</summary>
public sealed class KnowledgeApiTests(LanguageDataFixture fixture)
{
    private async Task<(WebApplication App, HttpClient Http)> StartAsync(string? adminKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 9, 1, 8, 0, 0, TimeSpan.Zero));
        KnowledgeHarness.AddServices(builder.Services, fixture.Data, new MemoryStorage(time), time,
            adminKey is null ? null : new Dictionary<string, string?> { ["Knowledge:AdminApiKey"] = adminKey });
        var app = builder.Build();
        app.MapKnowledgeApi();
        await app.Services.PrepareKnowledgeAsync(CancellationToken.None);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Fact]
    public async Task Search_returns_exactly_the_contract_shape()
    {
        var (app, http) = await StartAsync(null);
        await using var _ = app;
        using var response = await http.GetAsync(new Uri("/api/faq/search?q=od%20czego%20zaczac%20partnerstwo&top=3&locale=pl", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        Assert.Equal(["decision", "results"], body.Select(kv => kv.Key));
        Assert.Contains(body["decision"]!.GetValue<string>(), new[] { "answer", "suggest" });
        var first = body["results"]!.AsArray()[0]!.AsObject();
        Assert.Equal(["id", "question", "answer", "score", "confidence"], first.Select(kv => kv.Key));
        Assert.Equal("partnerstwo-jak-zaczac", first["id"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, first["score"]!.GetValueKind());
        Assert.InRange(first["confidence"]!.GetValue<double>(), 0, 1);

        var none = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/faq/search?q=pogoda%20jutro%20krakow", UriKind.Relative), TestContext.Current.CancellationToken))!;
        Assert.Equal("""{"decision":"none","results":[]}""", none.ToJsonString());
        var english = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/faq/search?q=role%20of%20NGOs&locale=en", UriKind.Relative), TestContext.Current.CancellationToken))!;
        Assert.Equal("What is the role of NGOs in migrant integration?", english["results"]![0]!["question"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/faq/search")]
    [InlineData("/api/faq/search?q=%20")]
    [InlineData("/api/faq/search?q=ngo&top=0")]
    [InlineData("/api/faq/search?q=ngo&top=21")]
    [InlineData("/api/faq/search?q=ngo&top=abc")]
    [InlineData("/api/faq/search?q=ngo&locale=de")]
    public async Task Bad_search_requests_get_400_problem_details(string url)
    {
        var (app, http) = await StartAsync(null);
        await using var _ = app;
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    // The admin endpoints moved to /api/admin/faq (ConsultBot.Admin); their tests are in ConsultBot.Admin.Tests.
    [Theory]
    [InlineData("/api/faq/entries", "/api/admin/faq")]
    [InlineData("/api/faq/entries/rola-ngo/history", "/api/admin/faq/rola-ngo/history")]
    [InlineData("/api/faq/export", "/api/admin/faq/export")]
    public async Task Old_admin_routes_redirect_permanently_to_the_admin_api(string old, string moved)
    {
        var (app, http) = await StartAsync(null);
        await using var _ = app;
        using var noFollow = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = http.BaseAddress };
        using var response = await noFollow.GetAsync(new Uri(old, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(moved, response.Headers.Location!.OriginalString);
    }
}
