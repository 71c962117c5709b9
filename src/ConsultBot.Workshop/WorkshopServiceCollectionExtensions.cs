using System.Security.Cryptography;
using System.Text;
using ConsultBot.Assessment.Plan;
using ConsultBot.Protocol.Privacy;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using ConsultBot.Workshop.Plan;
using ConsultBot.Workshop.Poll;
using ConsultBot.Workshop.Quiz;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Workshop;

public static class WorkshopServiceCollectionExtensions
{
    /// <summary>The workshop tools: options (section <c>Workshop</c>, validated at start), stores, the feature and its personal data.</summary>
    public static IServiceCollection AddWorkshop(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WorkshopOptions>().BindConfiguration(WorkshopOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QuizStore>();
        services.AddSingleton<PollStore>();
        services.AddSingleton<PlanLinks>();
        services.AddSingleton(sp => AssessmentPlans.Create(sp.GetRequiredService<IStorage>()));
        services.AddSingleton<QuizHandlers>();
        services.AddSingleton<PollHandlers>();
        services.AddSingleton<PlanHandlers>();
        services.AddSingleton<WorkshopGuard>();
        services.AddSingleton<IBotFeature>(sp => new WorkshopFeature(
            sp.GetRequiredService<QuizHandlers>(), sp.GetRequiredService<PollHandlers>(), sp.GetRequiredService<PlanHandlers>(), sp.GetRequiredService<WorkshopGuard>()));
        services.AddSingleton<IPersonalDataSource, WorkshopPersonalData>();
        return services;
    }

    /// <summary>After storage migrations: the first set of quiz questions, once.</summary>
    public static async Task PrepareWorkshopAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var seeded = await services.GetRequiredService<QuizStore>().SeedAsync(cancellationToken).ConfigureAwait(false);
        if (seeded > 0)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("ConsultBot.Workshop").QuizSeeded(seeded);
        }
    }

    /// <summary>
    /// <c>GET /workshop/plan/{token}</c> (the signed link is the credential) and the quiz questions for admins
    /// (<c>/api/workshop/quiz/questions</c>, header <c>X-Admin-Key</c> equal to <paramref name="adminKey"/>; without a
    /// configured key those endpoints answer 404).
    /// </summary>
    public static IEndpointRouteBuilder MapWorkshopApi(this IEndpointRouteBuilder endpoints, Func<IServiceProvider, string?> adminKey)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(adminKey);
        endpoints.MapGet(PlanLinks.Path + "{token}", (string token, string? lang, PlanHandlers plan, CancellationToken ct) => plan.OnPageAsync(token, lang, ct))
            .WithName("WorkshopPlan").ExcludeFromDescription();

        var admin = endpoints.MapGroup("/api/workshop/quiz/questions")
            .AddEndpointFilter(async (context, next) => RefuseNonAdmin(context.HttpContext, adminKey) ?? await next(context).ConfigureAwait(false));
        admin.MapGet("/", async (QuizStore store, CancellationToken ct) =>
            TypedResults.Json((await store.ListAsync(ct).ConfigureAwait(false)).Select(q => q.Value).ToArray(), WorkshopJsonContext.Default.IReadOnlyListQuizQuestion));
        admin.MapPut("/{id}", async (string id, HttpRequest request, HttpResponse response, QuizStore store, CancellationToken ct) =>
        {
            QuizQuestion? question;
            try
            {
                question = await request.ReadFromJsonAsync(WorkshopJsonContext.Default.QuizQuestion, ct).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                return Results.Problem("The body is not a quiz question.", statusCode: 400);
            }

            if (question is null || question.Id != id || question.Problem() is { } problem && problem.Length > 0)
            {
                return Results.Problem(question is null ? "Empty body." : question.Id != id ? "'id' must match the address." : question.Problem(), statusCode: 400);
            }

            var ifMatch = request.Headers.IfMatch.ToString();
            try
            {
                var etag = await store.PutAsync(question, ifMatch.Length == 0 ? null : ifMatch.Trim('"'), ct).ConfigureAwait(false);
                response.Headers.ETag = $"\"{etag}\"";
                return Results.NoContent();
            }
            catch (EtagException)
            {
                return Results.StatusCode(StatusCodes.Status412PreconditionFailed);
            }
        });
        admin.MapDelete("/{id}", async (string id, QuizStore store, CancellationToken ct) =>
        {
            await store.DeleteQuestionAsync(id, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        return endpoints;
    }

    private static IResult? RefuseNonAdmin(HttpContext http, Func<IServiceProvider, string?> adminKey)
    {
        var configured = adminKey(http.RequestServices);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Results.NotFound();
        }

        var given = http.Request.Headers["X-Admin-Key"].ToString();
        if (given.Length == 0)
        {
            return Results.Problem("The X-Admin-Key header is required.", statusCode: 401, title: "Admin key required");
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(configured.Trim()))
            ? null
            : Results.Problem("The admin key is not valid.", statusCode: 403, title: "Forbidden");
    }
}
