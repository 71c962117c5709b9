using ConsultBot.Host.Bot;
using ConsultBot.Protocol.Hosting;

namespace ConsultBot.Host.Endpoints;

/// <summary>HTTP surface: the messaging endpoint, health, and the features' APIs.</summary>
internal static class BotEndpoints
{
    public static WebApplication MapConsultBotEndpoints(this WebApplication app)
    {
        app.UseRateLimiter();

        // Every method reaches the adapter so that it can answer 405 itself, with a problem body.
        app.Map("/api/messages", (HttpContext http, CloudAdapter adapter, ConsultBotApp bot) => adapter.ProcessAsync(http, bot));

        app.MapGet("/healthz", () => Results.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapReadiness();

        app.MapFeatureEndpoints();
        return app;
    }
}
