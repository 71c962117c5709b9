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
    private const string AdminKey = "test-admin-key-0123456789";

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

    [Fact]
    public async Task Admin_endpoints_are_absent_without_a_key_and_need_the_right_header()
    {
        var (app, http) = await StartAsync(null);
        await using (app)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/api/faq/entries", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }

        (app, http) = await StartAsync(AdminKey);
        await using (app)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/api/faq/entries", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
            http.DefaultRequestHeaders.Add(KnowledgeApi.AdminKeyHeader, "wrong-key-wrong-key-wrong");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri("/api/faq/entries", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }
    }

    [Fact]
    public async Task Put_with_etag_saves_returns_the_new_etag_and_a_stale_etag_gets_412()
    {
        var (app, http) = await StartAsync(AdminKey);
        await using var _ = app;
        var ct = TestContext.Current.CancellationToken;
        http.DefaultRequestHeaders.Add(KnowledgeApi.AdminKeyHeader, AdminKey);
        http.DefaultRequestHeaders.Add(KnowledgeApi.AdminUserHeader, "ewa");

        using var get = await http.GetAsync(new Uri("/api/faq/entries/rola-ngo", UriKind.Relative), ct);
        var etag = get.Headers.ETag!;
        var entry = JsonNode.Parse(await get.Content.ReadAsStringAsync(ct))!.AsObject();
        entry["alternatives"]!.AsArray().Add("Czy fundacja pomoze nam dotrzec do migrantow sezonowych");

        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/faq/entries/rola-ngo") { Content = new StringContent(entry.ToJsonString(), Encoding.UTF8, "application/json") };
        put.Headers.IfMatch.Add(etag);
        using var saved = await http.SendAsync(put, ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(etag, saved.Headers.ETag);

        // The local index follows at once.
        var search = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/faq/search?q=fundacja%20dotrzec%20do%20migrantow%20sezonowych", UriKind.Relative), ct))!;
        Assert.Equal("rola-ngo", search["results"]![0]!["id"]!.GetValue<string>());

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/faq/entries/rola-ngo") { Content = new StringContent(entry.ToJsonString(), Encoding.UTF8, "application/json") };
        stale.Headers.IfMatch.Add(etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await http.SendAsync(stale, ct)).StatusCode);

        entry["alternatives"] = new JsonArray("jedno");
        using var invalid = new HttpRequestMessage(HttpMethod.Put, "/api/faq/entries/rola-ngo") { Content = new StringContent(entry.ToJsonString(), Encoding.UTF8, "application/json") };
        using var rejected = await http.SendAsync(invalid, ct);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.NotNull(JsonNode.Parse(await rejected.Content.ReadAsStringAsync(ct))!["errors"]!["alternatives"]);

        var history = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/faq/entries/rola-ngo/history", UriKind.Relative), ct))!.AsArray();
        Assert.Equal(["seeded", "updated"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal("admin:ewa", history[1]!["by"]!.GetValue<string>());

        var export = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/faq/export", UriKind.Relative), ct))!;
        Assert.Equal(FaqSeedLoader.LoadEmbedded().Entries.Count, export["entries"]!.AsArray().Count);
        using var import = await http.PostAsync(new Uri("/api/faq/import", UriKind.Relative), new StringContent(export.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        using var preview = await http.PostAsync(new Uri("/api/faq/preview?q=budzet%20obywatelski%20glosowanie", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(TestEntries.Entry("budzet-obywatelski", "Jak działa budżet obywatelski?", "Mieszkańcy głosują na projekty.") with { Source = "test" }, KnowledgeStoreJsonContext.Default.FaqEntry), Encoding.UTF8, "application/json"), ct);
        var previewBody = JsonNode.Parse(await preview.Content.ReadAsStringAsync(ct))!;
        Assert.True(previewBody["valid"]!.GetValue<bool>());
        Assert.Equal("budzet-obywatelski", previewBody["search"]!["results"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/api/faq/entries/budzet-obywatelski", UriKind.Relative), ct)).StatusCode);
        Assert.Equal("[]", await http.GetStringAsync(new Uri("/api/faq/unanswered", UriKind.Relative), ct));
    }
}
