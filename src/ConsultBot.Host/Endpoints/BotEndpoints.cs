using ConsultBot.Host.Bot;
using ConsultBot.Protocol.Hosting;
using ConsultBot.Knowledge.Store;
using ConsultBot.Storage;

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
        app.MapGet("/readyz", async (IStorageHealth health, IKnowledgeReadiness knowledge, CancellationToken cancellationToken) =>
        {
            var (storageHealthy, detail) = await health.CheckAsync(cancellationToken).ConfigureAwait(false);
            var ready = storageHealthy && knowledge.IsReady;
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["status"] = ready ? "ready" : "unavailable",
                ["storage"] = detail,
                ["knowledge"] = knowledge.IsReady ? $"{knowledge.IndexedEntries} entries indexed (version {knowledge.IndexedVersion})" : "index not built yet",
            };
            return Results.Text(body.ToJsonString(), "application/json", statusCode: ready ? 200 : 503);
        });

        app.MapFeatureEndpoints();
        return app;
    }
}
