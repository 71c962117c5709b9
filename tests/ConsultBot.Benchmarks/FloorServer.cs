using System.Globalization;
using System.Text.Json;
using ConsultBot.Protocol.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsultBot.Benchmarks;

/// <summary>
/// The floor of docs/benchmarks.md: a minimal ASP.NET Core endpoint that deserialises the activity with
/// System.Text.Json (the same source-generated context the bot uses) and returns one reply as expectReplies would.
/// No middleware, no state, no auth: what any bot on this stack costs at least.
/// </summary>
internal static class FloorServer
{
    public static async Task<int> ServeAsync()
    {
        var port = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "3977", CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSetting("urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var app = builder.Build();
        app.MapGet("/readyz", () => Results.Text("ready"));
        app.MapPost("/api/messages", async (HttpContext http) =>
        {
            var activity = await JsonSerializer.DeserializeAsync(http.Request.Body, ProtocolJsonContext.Default.Activity, http.RequestAborted).ConfigureAwait(false);
            if (activity is null)
            {
                return Results.BadRequest();
            }

            var reply = new Activity
            {
                Type = ActivityTypes.Message,
                Text = "echo: " + activity.Text,
                ReplyToId = activity.Id,
                Conversation = activity.Conversation,
                From = activity.Recipient,
                Recipient = activity.From,
                ChannelId = activity.ChannelId,
                ServiceUrl = activity.ServiceUrl,
            };
            return Results.Json(new ExpectedReplies { Activities = [reply] }, ProtocolJsonContext.Default.ExpectedReplies);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LISTENING http://127.0.0.1:{port}/"));
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
