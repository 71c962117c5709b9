using System.Net.Http.Headers;

namespace ConsultBot.Admin.Tests;

/// <summary>Small HTTP helpers so the tests read like scripts.</summary>
internal static class Api
{
    public static StringContent JsonBody(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, JsonNode? Body, EntityTagHeaderValue? ETag)> SendAsync(
        this HttpClient http, HttpMethod method, string url, CancellationToken cancellationToken, JsonNode? body = null, EntityTagHeaderValue? ifMatch = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content ?? (body is null ? null : JsonBody(body)) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.Length == 0 || !(text.StartsWith('{') || text.StartsWith('[')) ? null : JsonNode.Parse(text), response.Headers.ETag);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body, EntityTagHeaderValue? ETag)> ReadAsync(this HttpClient http, string url, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Get, url, cancellationToken);

    /// <summary>The id of the entry the open search endpoint answers with, or null when it does not answer.</summary>
    public static async Task<string?> AnsweredByAsync(this HttpClient http, string question, CancellationToken cancellationToken)
    {
        var body = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/faq/search?q=" + Uri.EscapeDataString(question) + "&top=3&locale=pl", UriKind.Relative), cancellationToken))!;
        return body["decision"]!.GetValue<string>() == "answer" ? body["results"]![0]!["id"]!.GetValue<string>() : null;
    }

    public static JsonObject NewEntry(string id, string question, string answer, params string[] alternatives) => new()
    {
        ["id"] = id,
        ["question"] = question,
        ["alternatives"] = new JsonArray([.. alternatives.Select(a => (JsonNode)JsonValue.Create(a))]),
        ["answer"] = answer,
        ["category"] = "test",
        ["source"] = "Centrum Konsultacyjne",
        ["language"] = "pl",
    };
}
