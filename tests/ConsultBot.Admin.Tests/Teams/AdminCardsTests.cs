using ConsultBot.Protocol.Schema;

namespace ConsultBot.Admin.Tests.Teams;

/// <summary>The admin cards over /api/messages: the whole lifecycle for an admin, refusals for everyone else.</summary>
public sealed class AdminCardsTests
{
    private const string Entry = "model-operacyjny-lider";
    private const string StrangerOid = "0a0b0c0d-1111-2222-3333-444455556666";

    [Fact]
    public async Task Stranger_typing_admin_gets_a_polite_refusal_and_no_card()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);

        var replies = await host.PersonalChat(StrangerOid).SendAsync("admin", ct);

        Assert.Null(replies.FirstCard());
        Assert.Contains("tylko dla administratorów", replies.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_searches_edits_previews_publishes_and_restores_in_teams()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        var chat = host.PersonalChat(AdminHost.AdminOid);

        var home = (await chat.SendAsync("admin", ct)).FirstCard()!;
        Assert.Contains(home.Actions(), a => a.Verb == "admin.search");

        var found = await CardAsync(chat, "admin.search", new JsonObject { ["q"] = "model operacyjny" }, ct);
        var open = found.Actions().First(a => a.Verb == "admin.open" && a.Data["id"]!.GetValue<string>() == Entry);

        var form = await CardAsync(chat, "admin.open", open.Data, ct);
        var save = form.Actions().Single(a => a.Verb == "admin.save");
        var answer = Input(form, "answer") + "\n\nZmiana z Teams.";
        var inputs = new JsonObject
        {
            ["id"] = Entry,
            ["etag"] = save.Data["etag"]!.GetValue<string>(),
            ["question"] = Input(form, "question"),
            ["alternatives"] = Input(form, "alternatives"),
            ["answer"] = answer,
            ["enQuestion"] = Input(form, "enQuestion"),
            ["enAnswer"] = Input(form, "enAnswer"),
            ["note"] = "z Teams",
        };

        // The preview is the answer card users get, sent into the chat; nothing is saved by it.
        var before = host.Connector.DeliveredActivities.Count;
        await CardAsync(chat, "admin.preview", inputs, ct);
        var preview = host.Connector.DeliveredActivities.Skip(before).SelectMany(a => a.Attachments ?? []).Single().Content!.ToJsonString();
        Assert.Contains("Zmiana z Teams.", preview, StringComparison.Ordinal);
        Assert.Null(await host.Http.AnsweredByAsync("Zmiana z Teams", ct));

        var saved = await CardAsync(chat, "admin.save", inputs, ct);
        Assert.Contains("Szkic zapisany", saved.ToJsonString(), StringComparison.Ordinal);
        var publish = saved.Actions().Single(a => a.Verb == "admin.publish");
        var published = await CardAsync(chat, "admin.publish", publish.Data, ct);
        Assert.Contains("Opublikowano", published.ToJsonString(), StringComparison.Ordinal);

        // Users get the change at once, and the history names the admin by the Entra id Teams sent.
        var search = JsonNode.Parse(await host.Http.GetStringAsync(new Uri("/api/faq/search?q=" + Uri.EscapeDataString("kto jest liderem w modelu operacyjnym"), UriKind.Relative), ct))!;
        Assert.EndsWith("Zmiana z Teams.", search["results"]![0]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        var history = await CardAsync(chat, "admin.history", new JsonObject { ["id"] = Entry }, ct);
        Assert.Contains("entra:" + AdminHost.AdminOid, history.ToJsonString(), StringComparison.Ordinal);

        // A stale form (the etag it was filled from) is refused and shows the current version.
        var stale = await CardAsync(chat, "admin.save", inputs, ct);
        Assert.Contains("aktualna wersja", stale.ToJsonString(), StringComparison.Ordinal);

        // Restore the first revision (the draft saved above): it comes back as the draft.
        var restore = history.Actions().Where(a => a.Verb == "admin.restore").Last();
        var restored = await CardAsync(chat, "admin.restore", restore.Data, ct);
        Assert.Contains("jako szkic", restored.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("published-with-draft", (await host.Http.ReadAsync($"/api/admin/faq/{Entry}", ct)).Body!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Strangers_forged_admin_verbs_are_refused_and_change_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        var read = await host.Http.ReadAsync($"/api/admin/faq/{Entry}", ct);
        var etag = read.ETag!.Tag.Trim('"');
        var stranger = host.PersonalChat(StrangerOid, userId: "29:user-obcy", userName: "Obcy");

        var forged = new (string Verb, JsonObject Data)[]
        {
            ("admin.search", new JsonObject { ["q"] = "model" }),
            ("admin.open", new JsonObject { ["id"] = Entry }),
            ("admin.save", new JsonObject { ["id"] = Entry, ["etag"] = etag, ["question"] = "Przejęte?", ["alternatives"] = "a\nb\nc", ["answer"] = "Przejęte." }),
            ("admin.preview", new JsonObject { ["id"] = Entry, ["etag"] = etag, ["answer"] = "x" }),
            ("admin.publish", new JsonObject { ["id"] = Entry, ["etag"] = etag }),
            ("admin.history", new JsonObject { ["id"] = Entry }),
            ("admin.restore", new JsonObject { ["id"] = Entry, ["revision"] = 1 }),
            ("admin.review", new JsonObject()),
            ("admin.review.phrasings", new JsonObject { ["group"] = "x", ["entry"] = Entry }),
            ("admin.review.entry", new JsonObject { ["group"] = "x" }),
            ("admin.review.dismiss", new JsonObject { ["group"] = "x" }),
        };
        foreach (var (verb, data) in forged)
        {
            var (status, body) = await stranger.ExecuteAsync(verb, data, ct);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(ContentTypes.Message, body!["type"]!.GetValue<string>());
            Assert.Contains("tylko dla administratorów", body["value"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var after = await host.Http.ReadAsync($"/api/admin/faq/{Entry}", ct);
        Assert.Equal(read.ETag, after.ETag);
        Assert.Equal("published", after.Body!["state"]!.GetValue<string>());
    }

    private static async Task<JsonObject> CardAsync(ConversationDriver chat, string verb, JsonObject data, CancellationToken cancellationToken)
    {
        var (status, body) = await chat.ExecuteAsync(verb, (JsonObject)data.DeepClone(), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["type"]!.GetValue<string>() == ContentTypes.AdaptiveCard, $"{verb} answered {body.ToJsonString()}");
        return body["value"]!.AsObject();
    }

    private static string Input(JsonNode card, string id) => Find(card, id)?["value"]?.GetValue<string>() ?? string.Empty;

    private static JsonObject? Find(JsonNode? node, string id) => node switch
    {
        JsonObject o when o["id"]?.GetValue<string>() == id && o["type"]?.GetValue<string>()?.StartsWith("Input.", StringComparison.Ordinal) == true => o,
        JsonObject o => o.Select(kv => Find(kv.Value, id)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(n => Find(n, id)).FirstOrDefault(f => f is not null),
        _ => null,
    };
}
