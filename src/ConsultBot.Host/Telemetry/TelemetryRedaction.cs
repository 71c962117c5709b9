using System.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace ConsultBot.Host.Telemetry;

/// <summary>Keeps ids, names and typed text out of HTTP span attributes.</summary>
internal static class TelemetryRedaction
{
    // Path segments of the Bot Connector API that are fixed words; everything else (conversation and activity ids) is masked.
    private static readonly HashSet<string> ConnectorWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "v3", "conversations", "activities", "members", "pagedmembers", "attachments", "botsignin", "teams", "channels",
        "botframework.com", "oauth2", "v2.0", "token",
    };

    public static void RedactServerSpan(Activity span, HttpContext http)
    {
        // The route template ("/api/tickets/{number}") instead of the path with its values; never the query.
        var template = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        span.SetTag("url.path", template ?? "(unmatched)");
        span.SetTag("url.query", null);
        span.SetTag("user_agent.original", null);
        span.SetTag("client.address", null);
    }

    public static void RedactClientSpan(Activity span, HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => ConnectorWords.Contains(Uri.UnescapeDataString(s)) ? s : "{id}");
        span.SetTag("url.full", $"{uri.Scheme}://{uri.Authority}/{string.Join('/', segments)}");
    }
}
