using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConsultBot.Assessment.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Assessment.Tests;

/// <summary>The endpoint on a real Kestrel host (127.0.0.1, random port) with only MapAssessmentApi.</summary>
public sealed class AssessmentApiTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapAssessmentApi();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Post_answers_returns_the_recommendation_and_ranking()
    {
        // Arrange
        var body = """
            {"answers": {"migrantScale": "medium", "migrationNovelty": "established", "adminCapacity": "limited",
              "ngoStrength": "strong", "communityActivity": "moderate", "trustLevel": "moderate",
              "problemScope": "several-areas", "timeHorizon": "quick-results", "leaderCandidate": "ngo"},
             "locale": "pl"}
            """;

        // Act
        var (status, json) = await PostAsync(body);

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("operational", (string?)json["recommended"]);
        var ranking = json["ranking"]!.AsArray();
        Assert.Equal(4, ranking.Count);
        Assert.Equal(["functional", "operational", "relational", "strategic"], ranking.Select(static r => (string?)r!["model"]).Order());
        var first = ranking[0]!;
        Assert.Equal("ngo", (string?)first["leader"]);
        Assert.True((int)first["score"]! > (int)ranking[1]!["score"]!);
        Assert.Contains(first["reasons"]!.AsArray(), static r => (string?)r!["code"] == "operational.ngoStrength.strong");
        Assert.Contains("NGO", (string?)first["reasons"]![0]!["text"], StringComparison.Ordinal);
        Assert.NotNull(first["cautions"]);
    }

    [Fact]
    public async Task English_locale_gives_english_texts()
    {
        var (status, json) = await PostAsync("""{"answers": {"leaderCandidate": "residents", "migrationNovelty": "new"}, "locale": "en"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("relational", (string?)json["recommended"]);
        Assert.Equal("Relational model", (string?)json["ranking"]![0]!["name"]);
        Assert.StartsWith("Migration is new", (string?)json["ranking"]![0]!["reasons"]![0]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_factors_and_nulls_are_unknown()
    {
        var (status, json) = await PostAsync("""{"answers": {"problemScope": "single-area", "trustLevel": null}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("functional", (string?)json["recommended"]);
        Assert.Equal(1, (int)json["answered"]!);
        Assert.Equal(8, json["unanswered"]!.AsArray().Count);
    }

    [Fact]
    public async Task Unknown_factor_is_a_400_naming_it_and_the_allowed_factors()
    {
        var (status, json) = await PostAsync("""{"answers": {"budget": "large"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("budget", (string?)json["field"]);
        Assert.Contains("budget", (string?)json["detail"], StringComparison.Ordinal);
        Assert.Contains("migrantScale", json["allowed"]!.AsArray().Select(static a => (string?)a));
        Assert.Equal(400, (int)json["status"]!);
    }

    [Fact]
    public async Task Unknown_value_is_a_400_naming_it_and_the_allowed_values()
    {
        var (status, json) = await PostAsync("""{"answers": {"problemScope": "everything"}, "locale": "en"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("problemScope", (string?)json["field"]);
        Assert.Equal("everything", (string?)json["value"]);
        Assert.Equal(["single-area", "several-areas", "whole-policy"], json["allowed"]!.AsArray().Select(static a => (string?)a));
        Assert.Contains("single-area, several-areas, whole-policy", (string?)json["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"answers\": {\"migrantScale\": ")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400(string body)
    {
        var (status, json) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Malformed JSON", (string?)json["title"]);
    }

    [Theory]
    [InlineData("[]", "body")]
    [InlineData("{\"locale\": \"pl\"}", "answers")]
    [InlineData("{\"answers\": [\"large\"]}", "answers")]
    [InlineData("{\"answers\": {}, \"locale\": \"de\"}", "locale")]
    [InlineData("{\"answers\": {\"migrantScale\": 3}}", "migrantScale")]
    [InlineData("{\"answers\": {}, \"extra\": 1}", "extra")]
    public async Task Wrong_shapes_are_a_400_naming_the_field(string body, string field)
    {
        var (status, json) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, (string?)json["field"]);
    }

    private async Task<(HttpStatusCode Status, JsonNode Json)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri(AssessmentApi.Route, UriKind.Relative), content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text)!);
    }
}
