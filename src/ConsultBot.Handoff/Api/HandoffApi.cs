using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConsultBot.Handoff.Outbox;
using ConsultBot.Handoff.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultBot.Handoff.Api;

/// <summary>
/// The admins' view of the outbox: <c>GET /api/handoff/dead-letters</c> lists the deliveries given up (newest
/// first: ticket number, kind, reason, last error, attempts, times; no personal data) and
/// <c>POST /api/handoff/dead-letters/{id}/retry</c> puts one back into the outbox. Protected like the FAQ admin
/// API: the <c>X-Admin-Key</c> header must equal the key the host passes in; without a configured key the
/// endpoints answer 404, a missing header 401, a wrong key 403.
/// </summary>
public static class HandoffApi
{
    public const string AdminKeyHeader = "X-Admin-Key";
    private const string JsonType = "application/json; charset=utf-8";

    /// <param name="endpoints">The host's routes.</param>
    /// <param name="adminKey">The configured admin key (the host's single one), or null when admin endpoints are off.</param>
    public static IEndpointRouteBuilder MapHandoffApi(this IEndpointRouteBuilder endpoints, Func<IServiceProvider, string?> adminKey)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(adminKey);
        var admin = endpoints.MapGroup("/api/handoff").AddEndpointFilter((context, next) => RequireAdminKeyAsync(context, next, adminKey));
        admin.MapGet("/dead-letters", ListDeadLettersAsync);
        admin.MapPost("/dead-letters/{id}/retry", RetryDeadLetterAsync);
        return endpoints;
    }

    private static async ValueTask<object?> RequireAdminKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, Func<IServiceProvider, string?> adminKey)
    {
        var http = context.HttpContext;
        var configured = adminKey(http.RequestServices);
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

    private static async Task<IResult> ListDeadLettersAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var letters = await http.RequestServices.GetRequiredService<OutboxDeadLetters>().ListAsync(cancellationToken).ConfigureAwait(false);
        return Results.Text(JsonSerializer.Serialize([.. letters], HandoffJsonContext.Default.ListOutboxDeadLetter), JsonType, Encoding.UTF8);
    }

    private static async Task<IResult> RetryDeadLetterAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var requeued = await http.RequestServices.GetRequiredService<OutboxDeadLetters>().RequeueAsync(id, cancellationToken).ConfigureAwait(false);
        return requeued
            ? Results.Accepted()
            : Results.Problem($"No dead letter '{id}' that can be retried.", statusCode: 404, title: "Not found");
    }
}
