using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ConsultBot.Host.Endpoints;

/// <summary>Limits of the endpoints anyone may call without a key (<c>/api/faq/search</c>, <c>/api/assessment</c>).</summary>
public sealed class OpenEndpointLimitsOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Requests one client address may make per <see cref="OpenEndpointWindow"/>.</summary>
    [Range(1, 1_000_000)]
    public int OpenEndpointPermits { get; set; } = 300;

    /// <summary>The window of <see cref="OpenEndpointPermits"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OpenEndpointWindow { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// ASP.NET Core's rate limiter on the open endpoints, one fixed window per client address. The messaging
/// endpoint has its own per-user limit after authentication (<c>CloudAdapter</c>), the admin APIs a key.
/// Behind a reverse proxy every caller shares the proxy's address unless forwarded headers are configured.
/// </summary>
internal static class OpenEndpointRateLimiting
{
    private static readonly string[] OpenPaths = ["/api/faq/search", "/api/assessment"];

    public static IServiceCollection AddOpenEndpointRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<OpenEndpointLimitsOptions>().BindConfiguration(OpenEndpointLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<OpenEndpointLimitsOptions>>((limiter, open) =>
        {
            var limits = open.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                IsOpen(http.Request.Path)
                    ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.OpenEndpointPermits,
                        Window = limits.OpenEndpointWindow,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.OpenEndpointWindow;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    title: "Too many requests",
                    detail: $"At most {limits.OpenEndpointPermits} requests per {limits.OpenEndpointWindow.TotalSeconds:F0} s from one address; retry after the Retry-After header's seconds.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        return services;
    }

    private static bool IsOpen(PathString path) =>
        OpenPaths.Any(open => path.StartsWithSegments(open, StringComparison.OrdinalIgnoreCase));
}
