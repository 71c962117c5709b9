using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Knowledge.Analysis;
using ConsultBot.Knowledge.Search;
using ConsultBot.Knowledge.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsultBot.Knowledge.Api;

/// <summary>
/// HTTP surface of the knowledge base. <c>GET /api/faq/search</c> is open (read-only, a fixed contract).
/// Everything else is for admins keeping the FAQ current and needs the <c>X-Admin-Key</c> header equal
/// to <c>Knowledge:AdminApiKey</c>; without a configured key those endpoints answer 404 (they do not exist),
/// a missing header 401, a wrong key 403. Optional <c>X-Admin-User</c> names the editor in the history.
/// </summary>
public static class KnowledgeApi
{
    public const string AdminKeyHeader = "X-Admin-Key";
    public const string AdminUserHeader = "X-Admin-User";
    private const string JsonType = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/faq/search", Search);

        var admin = endpoints.MapGroup("/api/faq").AddEndpointFilter(RequireAdminKeyAsync);
        admin.MapGet("/entries", ListEntriesAsync);
        admin.MapGet("/entries/{id}", GetEntryAsync);
        admin.MapPut("/entries/{id}", PutEntryAsync);
        admin.MapDelete("/entries/{id}", DeleteEntryAsync);
        admin.MapGet("/entries/{id}/history", HistoryAsync);
        admin.MapGet("/export", ExportAsync);
        admin.MapPost("/import", ImportAsync);
        admin.MapGet("/unanswered", UnansweredAsync);
        admin.MapPost("/preview", PreviewAsync);
        return endpoints;
    }

    /// <summary><c>?q=...&amp;top=5&amp;locale=pl</c> → <c>{"decision","results":[{"id","question","answer","score","confidence"}]}</c>.</summary>
    internal static IResult Search(HttpContext http, IFaqSearch search)
    {
        if (!TryReadSearchQuery(http.Request.Query, out var q, out var top, out var language, out var problem))
        {
            return problem;
        }

        return Results.Text(FaqSearchContract.ToJson(search.Search(q, language, top)), JsonType, Encoding.UTF8);
    }

    private static bool TryReadSearchQuery(IQueryCollection query, out string q, out int top, out string language, out IResult problem)
    {
        q = query["q"].ToString().Trim();
        top = 5;
        language = FaqLocale.Polish;
        problem = Results.Empty;
        if (q.Length == 0)
        {
            problem = Results.Problem("The query parameter 'q' is required.", statusCode: 400, title: "Missing q");
            return false;
        }

        if (q.Length > 500)
        {
            q = q[..500];
        }

        if (query.TryGetValue("top", out var topText) && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 20))
        {
            problem = Results.Problem("'top' must be an integer from 1 to 20.", statusCode: 400, title: "Invalid top");
            return false;
        }

        if (query.TryGetValue("locale", out var localeText))
        {
            language = FaqLocale.Language(localeText);
            if (language is not (FaqLocale.Polish or FaqLocale.English))
            {
                problem = Results.Problem("'locale' must be 'pl' or 'en'.", statusCode: 400, title: "Invalid locale");
                return false;
            }
        }

        return true;
    }

    private static async ValueTask<object?> RequireAdminKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var configured = http.RequestServices.GetRequiredService<IOptions<KnowledgeOptions>>().Value.AdminApiKey;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Results.NotFound();
        }

        var given = http.Request.Headers[AdminKeyHeader].ToString();
        if (given.Length == 0)
        {
            return Results.Problem($"The {AdminKeyHeader} header is required.", statusCode: 401, title: "Admin key required");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(configured.Trim())))
        {
            return Results.Problem("The admin key is not valid.", statusCode: 403, title: "Forbidden");
        }

        return await next(context).ConfigureAwait(false);
    }

    private static async Task<IResult> ListEntriesAsync(IFaqStore store, CancellationToken cancellationToken)
    {
        var entries = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var array = new JsonArray();
        foreach (var e in entries)
        {
            array.Add(new JsonObject
            {
                ["etag"] = e.ETag,
                ["version"] = e.Version,
                ["entry"] = JsonSerializer.SerializeToNode(e.Entry, KnowledgeStoreJsonContext.Default.FaqEntry),
            });
        }

        return Results.Text(array.ToJsonString(), JsonType, Encoding.UTF8);
    }

    private static async Task<IResult> GetEntryAsync(string id, HttpContext http, IFaqStore store, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers.ETag = Quote(stored.ETag);
        return Results.Text(JsonSerializer.Serialize(stored.Entry, KnowledgeStoreJsonContext.Default.FaqEntry), JsonType, Encoding.UTF8);
    }

    private static async Task<IResult> PutEntryAsync(string id, HttpContext http, IFaqStore store, CancellationToken cancellationToken)
    {
        var (entry, parseErrors) = await ReadBodyAsync(http, KnowledgeStoreJsonContext.Default.FaqEntry, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return Invalid(parseErrors);
        }

        if (!string.IsNullOrEmpty(entry.Id) && entry.Id != id)
        {
            return Invalid([new("id", "The id in the body differs from the id in the URL.")]);
        }

        var result = await store.UpsertAsync(entry with { Id = id }, IfMatch(http), Editor(http), cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case FaqWriteStatus.Saved:
                http.Response.Headers.ETag = Quote(result.Entry!.ETag);
                return Results.Text(JsonSerializer.Serialize(result.Entry.Entry, KnowledgeStoreJsonContext.Default.FaqEntry), JsonType, Encoding.UTF8);
            case FaqWriteStatus.Conflict:
                return Results.Problem("The entry was changed by someone else (or does not exist); read it again and retry.", statusCode: 412, title: "ETag mismatch");
            default:
                return Invalid(result.Errors);
        }
    }

    private static async Task<IResult> DeleteEntryAsync(string id, HttpContext http, IFaqStore store, CancellationToken cancellationToken)
    {
        var result = await store.DeleteAsync(id, IfMatch(http), Editor(http), cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            FaqWriteStatus.Saved => Results.NoContent(),
            FaqWriteStatus.NotFound => Results.NotFound(),
            _ => Results.Problem("The entry was changed by someone else; read it again and retry.", statusCode: 412, title: "ETag mismatch"),
        };
    }

    private static async Task<IResult> HistoryAsync(string id, IFaqStore store, CancellationToken cancellationToken)
    {
        var history = await store.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        return history.Count == 0
            ? Results.NotFound()
            : Results.Text(JsonSerializer.Serialize(history, KnowledgeStoreJsonContext.Default.IReadOnlyListFaqHistoryRecord), JsonType, Encoding.UTF8);
    }

    /// <summary>The whole store (drafts included) in the seed file's format, so it can be versioned in the repo or imported elsewhere.</summary>
    private static async Task<IResult> ExportAsync(IFaqStore store, CancellationToken cancellationToken)
    {
        var entries = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var version = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var document = new FaqSeedDocument(
            (int)Math.Min(version, int.MaxValue),
            "ConsultBot knowledge base exported at store version " + version.ToString(CultureInfo.InvariantCulture),
            [.. entries.Select(e => e.Entry)]);
        return Results.Text(JsonSerializer.Serialize(document, KnowledgeStoreJsonContext.Default.FaqSeedDocument), JsonType, Encoding.UTF8);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, IFaqStore store, CancellationToken cancellationToken)
    {
        var (document, parseErrors) = await ReadBodyAsync(http, KnowledgeStoreJsonContext.Default.FaqSeedDocument, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return Invalid(parseErrors);
        }

        var result = await store.ImportAsync(document.Entries ?? [], Editor(http), cancellationToken).ConfigureAwait(false);
        if (!result.Imported)
        {
            return Invalid(result.Errors);
        }

        return Results.Text(new JsonObject { ["imported"] = result.Count }.ToJsonString(), JsonType, Encoding.UTF8);
    }

    private static async Task<IResult> UnansweredAsync(HttpContext http, FaqFeedbackLog log, CancellationToken cancellationToken)
    {
        var limit = int.TryParse(http.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 5000) : 500;
        var items = await log.ListUnansweredAsync(limit, cancellationToken).ConfigureAwait(false);
        return Results.Text(JsonSerializer.Serialize(items, KnowledgeStoreJsonContext.Default.IReadOnlyListUnansweredQuestion), JsonType, Encoding.UTF8);
    }

    /// <summary>
    /// <c>POST /api/faq/preview?q=...&amp;top=5&amp;locale=pl</c> with a candidate entry as the body: validates it and
    /// runs the search on a private copy of the index where the candidate is published (added or replacing
    /// the stored one). Nothing is saved and the live index is untouched.
    /// </summary>
    private static async Task<IResult> PreviewAsync(HttpContext http, IFaqStore store, IFaqCatalog catalog, KnowledgeLanguageData languageData, CancellationToken cancellationToken)
    {
        if (!TryReadSearchQuery(http.Request.Query, out var q, out var top, out var language, out var problem))
        {
            return problem;
        }

        var (entry, parseErrors) = await ReadBodyAsync(http, KnowledgeStoreJsonContext.Default.FaqEntry, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return Invalid(parseErrors);
        }

        var errors = await store.ValidateAsync(entry, cancellationToken).ConfigureAwait(false);
        var candidate = entry with { Status = FaqStatus.Published };
        var entries = catalog.Published.Where(e => e.Id != candidate.Id).Append(candidate);
        FaqSearchResponse response;
        using (var engine = new FaqSearchEngine(languageData, errors.Count == 0 ? entries : catalog.Published))
        {
            response = engine.Search(q, language, top);
        }

        var body = new JsonObject
        {
            ["valid"] = errors.Count == 0,
            ["errors"] = JsonSerializer.SerializeToNode(errors, KnowledgeStoreJsonContext.Default.IReadOnlyListFaqValidationError),
            ["search"] = JsonNode.Parse(FaqSearchContract.ToJson(response)),
        };
        return Results.Text(body.ToJsonString(), JsonType, Encoding.UTF8);
    }

    private static async Task<(T? Value, IReadOnlyList<FaqValidationError> Errors)> ReadBodyAsync<T>(HttpContext http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(http.Request.Body, typeInfo, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, [new("body", "A JSON object is required.")]) : (value, []);
        }
        catch (JsonException ex)
        {
            // "$.status" → "status": the admin pane highlights the field.
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            return (null, [new(field, "Invalid JSON value.")]);
        }
    }

    private static IResult Invalid(IReadOnlyList<FaqValidationError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The entry is not valid; nothing was saved.");

    private static string? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Trim('"');
    }

    private static string Quote(string etag) => "\"" + etag + "\"";

    private static string Editor(HttpContext http)
    {
        var user = http.Request.Headers[AdminUserHeader].ToString().Trim();
        return user.Length is > 0 and <= 100 ? "admin:" + user : "admin-api";
    }
}
