using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Assessment.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsultBot.Assessment.Api;

/// <summary><c>POST /api/assessment</c>: the recommendation engine over HTTP.</summary>
public static class AssessmentApi
{
    public const string Route = "/api/assessment";

    private const string ProblemType = "https://tools.ietf.org/html/rfc9110#section-15.5.1";
    private static readonly IReadOnlyList<string> Locales = [AssessmentLocales.Polish, AssessmentLocales.English];

    /// <summary>
    /// Maps <c>POST /api/assessment</c>. Body <c>{"answers": {factor: value, …}, "locale": "pl"|"en"}</c>;
    /// answers may leave factors out (or null); an unknown factor or value, or malformed JSON, is a 400 problem.
    /// </summary>
    public static IEndpointRouteBuilder MapAssessmentApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(Route, HandleAsync)
            .WithName("RecommendCooperationModel")
            .WithSummary("Ranks the four cooperation models for a city's answers.");
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(AssessmentApi).FullName!) ?? NullLogger.Instance;

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            Log.AssessmentRequestRejected(logger, "malformed JSON");
            await WriteProblemAsync(context, new AssessmentProblem(ProblemType, "Malformed JSON", 400,
                $"The request body is not valid JSON: {ex.Message}"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var parsed = Parse(body);
        if (parsed.Problem is { } problem)
        {
            Log.AssessmentRequestRejected(logger, problem.Detail);
            await WriteProblemAsync(context, problem, cancellationToken).ConfigureAwait(false);
            return;
        }

        var result = AssessmentEngine.Recommend(parsed.Answers);
        Log.AssessmentComputed(logger, CooperationModels.Key(result.Recommended), result.AnsweredCount);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, AssessmentResponses.From(result, parsed.Locale),
            AssessmentJsonContext.Default.AssessmentResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates a request body; the problem names the bad field and the allowed values.</summary>
    internal static (AssessmentAnswers Answers, string Locale, AssessmentProblem? Problem) Parse(JsonNode? body)
    {
        var answers = AssessmentAnswers.Empty;
        if (body is not JsonObject root)
        {
            return (answers, AssessmentLocales.Polish, Bad("Invalid request", "The body must be a JSON object: {\"answers\": {...}, \"locale\": \"pl\"}.", "body"));
        }

        var locale = AssessmentLocales.Polish;
        if (root["locale"] is { } localeNode)
        {
            if (localeNode is not JsonValue lv || !lv.TryGetValue<string>(out var requested) ||
                !Locales.Contains(requested.Split('-')[0].ToLowerInvariant()))
            {
                return (answers, locale, Bad("Unknown locale", $"Locale '{localeNode.ToJsonString()}' is not supported. Allowed: pl, en.", "locale", localeNode.ToJsonString(), Locales));
            }

            locale = AssessmentLocales.Normalize(requested);
        }

        foreach (var property in root)
        {
            if (property.Key is not ("answers" or "locale"))
            {
                return (answers, locale, Bad("Unknown field", $"Unknown field '{property.Key}'. Allowed: answers, locale.", property.Key, null, ["answers", "locale"]));
            }
        }

        if (root["answers"] is not JsonObject given)
        {
            return (answers, locale, Bad("Missing answers", "The field 'answers' must be an object of factor → value (any factor may be left out).", "answers", null, FactorCatalogue.Keys));
        }

        foreach (var (key, valueNode) in given)
        {
            if (!FactorCatalogue.TryGet(key, out var factor))
            {
                return (answers, locale, Bad("Unknown factor", $"Unknown factor '{key}'. Allowed factors: {string.Join(", ", FactorCatalogue.Keys)}.", key, null, FactorCatalogue.Keys));
            }

            if (valueNode is null)
            {
                continue; // null = not answered
            }

            if (valueNode is not JsonValue jv || !jv.TryGetValue<string>(out var value) || factor.IndexOf(value) < 0)
            {
                var shown = valueNode is JsonValue sv && sv.TryGetValue<string>(out var s) ? s : valueNode.ToJsonString();
                return (answers, locale, Bad("Unknown value", $"Unknown value '{shown}' for factor '{key}'. Allowed values: {string.Join(", ", factor.Values)}.", key, shown, factor.Values));
            }

            answers = answers.WithIndex(factor.Id, factor.IndexOf(value));
        }

        return (answers, locale, null);
    }

    private static AssessmentProblem Bad(string title, string detail, string field, string? value = null, IReadOnlyList<string>? allowed = null) =>
        new(ProblemType, title, StatusCodes.Status400BadRequest, detail, field, value, allowed);

    private static async Task WriteProblemAsync(HttpContext context, AssessmentProblem problem, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, AssessmentJsonContext.Default.AssessmentProblem, cancellationToken).ConfigureAwait(false);
    }
}
