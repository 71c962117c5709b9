using ConsultBot.Host.Bot;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Storage;

namespace ConsultBot.Host.Endpoints;

/// <summary>HTTP surface: the messaging endpoint, health, and the features' APIs.</summary>
internal static class BotEndpoints
{
    public static WebApplication MapConsultBotEndpoints(this WebApplication app)
    {
        // Every method reaches the adapter so that it can answer 405 itself, with a problem body.
        app.Map("/api/messages", (HttpContext http, CloudAdapter adapter, ConsultBotApp bot) => adapter.ProcessAsync(http, bot));

        app.MapGet("/healthz", () => Results.Text("{\"status\":\"ok\"}", "application/json"));
        app.MapGet("/readyz", async (IStorageHealth health, CancellationToken cancellationToken) =>
        {
            var (healthy, detail) = await health.CheckAsync(cancellationToken).ConfigureAwait(false);
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["status"] = healthy ? "ready" : "unavailable",
                ["storage"] = detail,
            };
            return Results.Text(body.ToJsonString(), "application/json", statusCode: healthy ? 200 : 503);
        });

        app.MapFeatureEndpoints();
        return app;
    }
}
