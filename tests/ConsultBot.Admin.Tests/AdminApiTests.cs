using System.Net.Http.Headers;

namespace ConsultBot.Admin.Tests;

/// <summary>The admin REST API on the real host: lifecycle, ETags, history/diff/restore, import, review, synonyms, auth.</summary>
public sealed class AdminApiTests
{
    private const string BikeQuestion = "Czy program finansuje rowery miejskie?";

    private static JsonObject BikeEntry() => Api.NewEntry(
        "rowery-miejskie", BikeQuestion, "Nie. Program nie finansuje zakupu rowerów miejskich; wspiera współpracę instytucji w zarządzaniu migracją.",
        "dofinansowanie wypozyczalni rowerow miejskich", "rower miejski z grantu programu", "czy mozna kupic rowery z programu");

    [Fact]
    public async Task Draft_is_invisible_until_published_then_search_answers_with_it_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);

        var created = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, BikeEntry());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("draft", created.Body!["state"]!.GetValue<string>());
        Assert.Null(await host.Http.AnsweredByAsync(BikeQuestion, ct));

        var published = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct);
        Assert.Equal(HttpStatusCode.OK, published.Status);
        Assert.Equal("published", published.Body!["state"]!.GetValue<string>());
        Assert.Equal("rowery-miejskie", await host.Http.AnsweredByAsync(BikeQuestion, ct));

        // A draft of a published entry changes nothing for users until it is published.
        var draft = BikeEntry();
        draft["answer"] = "Nie. Zakup rowerów nie jest kosztem kwalifikowanym programu.";
        var saved = await host.Http.SendAsync(HttpMethod.Put, "/api/admin/faq/rowery-miejskie", ct, draft, published.ETag);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal("published-with-draft", saved.Body!["state"]!.GetValue<string>());
        var search = JsonNode.Parse(await host.Http.GetStringAsync(new Uri("/api/faq/search?q=" + Uri.EscapeDataString(BikeQuestion), UriKind.Relative), ct))!;
        Assert.StartsWith("Nie. Program nie finansuje", search["results"]![0]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);

        await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct, ifMatch: saved.ETag);
        search = JsonNode.Parse(await host.Http.GetStringAsync(new Uri("/api/faq/search?q=" + Uri.EscapeDataString(BikeQuestion), UriKind.Relative), ct))!;
        Assert.Equal("Nie. Zakup rowerów nie jest kosztem kwalifikowanym programu.", search["results"]![0]!["answer"]!.GetValue<string>());

        // And the chat answers with it too.
        var replies = await host.PersonalChat().SendAsync(BikeQuestion, ct);
        Assert.Contains("kosztem kwalifikowanym", replies.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_etag_gets_412_with_the_current_version_and_nothing_is_saved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        var read = await host.Http.ReadAsync("/api/admin/faq/rola-ngo", ct);
        var entry = read.Body!["published"]!.AsObject();

        var first = entry.DeepClone().AsObject();
        first["answer"] = entry["answer"]!.GetValue<string>() + "\n\nPierwsza poprawka.";
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(HttpMethod.Put, "/api/admin/faq/rola-ngo", ct, first, read.ETag)).Status);

        var second = entry.DeepClone().AsObject();
        second["answer"] = "Druga, spóźniona poprawka.";
        var stale = await host.Http.SendAsync(HttpMethod.Put, "/api/admin/faq/rola-ngo", ct, second, read.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Contains("Pierwsza poprawka.", stale.Body!["current"]!["draft"]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("draft-saved", stale.Body!["changedMeanwhile"]!.AsArray().Last()!["action"]!.GetValue<string>());

        var now = await host.Http.ReadAsync("/api/admin/faq/rola-ngo", ct);
        Assert.DoesNotContain("Druga", now.Body!["draft"]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);

        // If-Match is required on PUT and DELETE.
        Assert.Equal((HttpStatusCode)428, (await host.Http.SendAsync(HttpMethod.Put, "/api/admin/faq/rola-ngo", ct, second)).Status);
        Assert.Equal((HttpStatusCode)428, (await host.Http.SendAsync(HttpMethod.Delete, "/api/admin/faq/rola-ngo?reason=test", ct)).Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await host.Http.SendAsync(HttpMethod.Delete, "/api/admin/faq/rola-ngo?reason=test", ct, ifMatch: read.ETag)).Status);
    }

    [Fact]
    public async Task History_shows_who_and_what_a_revision_diffs_against_now_and_restore_brings_it_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, BikeEntry());
        var published = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct);
        var edit = BikeEntry();
        edit["answer"] = "Nie.\nZakup rowerów nie jest kosztem kwalifikowanym.";
        edit["note"] = "krócej";
        var saved = await host.Http.SendAsync(HttpMethod.Put, "/api/admin/faq/rowery-miejskie", ct, edit, published.ETag);
        await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct, ifMatch: saved.ETag);

        var history = (await host.Http.ReadAsync("/api/admin/faq/rowery-miejskie/history", ct)).Body!.AsArray();
        Assert.Equal(["created", "published", "draft-saved", "published"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.All(history, h => Assert.Equal("key:ci", h!["by"]!.GetValue<string>()));
        Assert.Equal("krócej", history[2]!["note"]!.GetValue<string>());
        Assert.Equal(["answer"], history[2]!["changed"]!.AsArray().Select(c => c!.GetValue<string>()));

        var first = history[1]!["revision"]!.GetValue<long>();
        var detail = (await host.Http.ReadAsync($"/api/admin/faq/rowery-miejskie/history/{first}", ct)).Body!;
        var answerDiff = detail["diffToCurrent"]!.AsArray().Single(d => d!["field"]!.GetValue<string>() == "answer")!["lines"]!.AsArray();
        Assert.Contains(answerDiff, l => l!["kind"]!.GetValue<string>() == "-" && l["text"]!.GetValue<string>().StartsWith("Nie. Program nie finansuje", StringComparison.Ordinal));
        Assert.Contains(answerDiff, l => l!["kind"]!.GetValue<string>() == "+" && l["text"]!.GetValue<string>() == "Zakup rowerów nie jest kosztem kwalifikowanym.");

        var restored = await host.Http.SendAsync(HttpMethod.Post, $"/api/admin/faq/rowery-miejskie/restore/{first}", ct);
        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.Equal("published-with-draft", restored.Body!["state"]!.GetValue<string>());
        await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct, ifMatch: restored.ETag);
        var search = JsonNode.Parse(await host.Http.GetStringAsync(new Uri("/api/faq/search?q=" + Uri.EscapeDataString(BikeQuestion), UriKind.Relative), ct))!;
        Assert.StartsWith("Nie. Program nie finansuje", search["results"]![0]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("restored", (await host.Http.ReadAsync("/api/admin/faq/rowery-miejskie/history", ct)).Body!.AsArray()[4]!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Soft_delete_needs_a_reason_hides_the_entry_and_can_be_undone_from_the_history()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, BikeEntry());
        var published = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct);

        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.SendAsync(HttpMethod.Delete, "/api/admin/faq/rowery-miejskie", ct, ifMatch: published.ETag)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.SendAsync(HttpMethod.Delete, "/api/admin/faq/rowery-miejskie?reason=" + Uri.EscapeDataString("temat spoza programu"), ct, ifMatch: published.ETag)).Status);
        Assert.Null(await host.Http.AnsweredByAsync(BikeQuestion, ct));

        var deleted = await host.Http.ReadAsync("/api/admin/faq/rowery-miejskie", ct);
        Assert.Equal("deleted", deleted.Body!["state"]!.GetValue<string>());
        Assert.Equal("temat spoza programu", deleted.Body!["deleted"]!["reason"]!.GetValue<string>());
        Assert.DoesNotContain((await host.Http.ReadAsync("/api/admin/faq", ct)).Body!.AsArray(), e => e!["id"]!.GetValue<string>() == "rowery-miejskie");

        var history = (await host.Http.ReadAsync("/api/admin/faq/rowery-miejskie/history", ct)).Body!.AsArray();
        var restored = await host.Http.SendAsync(HttpMethod.Post, $"/api/admin/faq/rowery-miejskie/restore/{history[1]!["revision"]}", ct);
        await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct, ifMatch: restored.ETag);
        Assert.Equal("rowery-miejskie", await host.Http.AnsweredByAsync(BikeQuestion, ct));
    }

    [Fact]
    public async Task Validation_names_every_problem_and_warns_about_duplicates_competitors_and_missing_english()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        var bad = Api.NewEntry("zly-wpis", " ", "Zobacz http://example.org", "tylko jedno");
        var rejected = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, bad);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.Status);
        Assert.Equal(["answer"], rejected.Body!["errors"]!.AsObject().Select(e => e.Key));

        bad["answer"] = "Poprawna odpowiedź.";
        rejected = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, bad);
        Assert.Equal(["alternatives", "question"], rejected.Body!["errors"]!.AsObject().Select(e => e.Key).Order());

        // A copy of an existing entry's question: saved as a draft, with the other entry named.
        var ngo = (await host.Http.ReadAsync("/api/admin/faq/rola-ngo", ct)).Body!["published"]!;
        var copy = Api.NewEntry("rola-ngo-kopia", ngo["question"]!.GetValue<string>(), "Inna odpowiedź.", [.. ngo["alternatives"]!.AsArray().Select(a => a!.GetValue<string>())]);
        var created = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, copy);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var warnings = created.Body!["warnings"]!.AsArray();
        Assert.Contains(warnings, w => w!["field"]!.GetValue<string>() == "question" && w["otherEntryId"]?.GetValue<string>() == "rola-ngo");
        Assert.Contains(warnings, w => w!["field"]!.GetValue<string>() == "translations");
    }

    [Fact]
    public async Task Invalid_import_changes_nothing_and_reports_every_bad_row_then_a_dry_run_and_apply_work()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        var before = (await host.Http.ReadAsync("/api/admin/faq/export?format=json", ct)).Body!;
        var version = before["version"]!.GetValue<int>();

        var csv = "id,status,language,category,question,alternatives,answer,tags,related,source\r\n"
            + "rowery-miejskie,published,pl,test,Czy program finansuje rowery miejskie?,a rowery | b rowery miejskie | c wypozyczalnia,Nie.,,,Centrum\r\n"
            + "Zle ID,published,pl,test,Pytanie?,a | b | c,Odp.,,,Centrum\r\n"
            + "bez-odpowiedzi,published,pl,test,Pytanie bez odpowiedzi?,a | b | c,,,,Centrum\r\n"
            + "link-http,draft,pl,test,Pytanie z linkiem?,a | b | c,\"Zobacz http://example.org, proszę\",,,Centrum\r\n";
        var report = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/import?apply=true", ct, content: new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, report.Status);
        Assert.False(report.Body!["applied"]!.GetValue<bool>());
        var rows = report.Body!["rejected"]!.AsArray().Select(r => (r!["row"]!.GetValue<int>(), r["field"]!.GetValue<string>())).ToArray();
        Assert.Contains((2, "id"), rows);
        Assert.Contains((3, "answer"), rows);
        Assert.Contains((4, "answer"), rows);
        Assert.DoesNotContain(rows, r => r.Item1 == 1);
        Assert.Equal(version, (await host.Http.ReadAsync("/api/admin/faq/export", ct)).Body!["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.ReadAsync("/api/admin/faq/rowery-miejskie", ct)).Status);

        // The valid row alone: a dry run says what would happen and writes nothing; apply writes it.
        var good = string.Join("\r\n", csv.Split("\r\n").Take(2)) + "\r\n";
        var dry = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/import", ct, content: new StringContent(good, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, dry.Status);
        Assert.True(dry.Body!["dryRun"]!.GetValue<bool>());
        Assert.Equal(["rowery-miejskie"], dry.Body!["added"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.ReadAsync("/api/admin/faq/rowery-miejskie", ct)).Status);

        var applied = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/import?apply=true", ct, content: new StringContent(good, Encoding.UTF8, "text/csv"));
        Assert.True(applied.Body!["applied"]!.GetValue<bool>());
        Assert.Equal("rowery-miejskie", await host.Http.AnsweredByAsync(BikeQuestion, ct));

        // The CSV export holds every entry and reads back as "unchanged".
        var exported = await host.Http.GetStringAsync(new Uri("/api/admin/faq/export?format=csv", UriKind.Relative), ct);
        var again = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/import", ct, content: new StringContent(exported, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Empty(again.Body!["changed"]!.AsArray());
        Assert.Empty(again.Body!["rejected"]!.AsArray());
    }

    [Fact]
    public async Task Review_group_turned_into_phrasings_makes_those_questions_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, BikeEntry());
        await host.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct);

        string[] asked = ["hulajnogi elektryczne dla urzednikow sfinansujecie", "czy sfinansujecie hulajnogi elektryczne dla urzednikow", "hulajnogi elektryczne urzednicy finansowanie"];
        foreach (var question in asked)
        {
            await host.PersonalChat().SendAsync(question, ct);
            Assert.Null(await host.Http.AnsweredByAsync(question, ct));
        }

        var review = (await host.Http.ReadAsync("/api/admin/review", ct)).Body!;
        var group = review["groups"]!.AsArray().Single(g => g!["representative"]!.GetValue<string>().Contains("hulajnogi", StringComparison.Ordinal))!;
        Assert.Equal(3, group["count"]!.GetValue<int>());
        Assert.DoesNotContain("29:user-ewa", review.ToJsonString(), StringComparison.Ordinal);

        var added = await host.Http.SendAsync(HttpMethod.Post, $"/api/admin/review/{group["id"]}/phrasings", ct, new JsonObject { ["entryId"] = "rowery-miejskie" });
        Assert.Equal(HttpStatusCode.OK, added.Status);
        foreach (var question in asked)
        {
            Assert.Equal("rowery-miejskie", await host.Http.AnsweredByAsync(question, ct));
        }

        Assert.DoesNotContain((await host.Http.ReadAsync("/api/admin/review", ct)).Body!["groups"]!.AsArray(), g => g!["id"]!.ToString() == group["id"]!.ToString());
    }

    [Fact]
    public async Task Synonyms_are_data_and_a_change_is_stored_with_an_etag()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        var initial = await host.Http.ReadAsync("/api/admin/synonyms", ct);
        Assert.True(initial.Body!["builtIn"]!.GetValue<bool>());

        var body = new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["terms"] = new JsonArray("rower", "jednoslad", "bicykl") }) };
        var saved = await host.Http.SendAsync(HttpMethod.Put, "/api/admin/synonyms", ct, body);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await host.Http.SendAsync(HttpMethod.Put, "/api/admin/synonyms", ct, body)).Status);
        var again = await host.Http.SendAsync(HttpMethod.Put, "/api/admin/synonyms", ct, body, saved.ETag);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(["rower", "jednoslad", "bicykl"], (await host.Http.ReadAsync("/api/admin/synonyms", ct)).Body!["groups"]![0]!["terms"]!.AsArray().Select(t => t!.GetValue<string>()));

        var invalid = new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["terms"] = new JsonArray("sam") }) };
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.SendAsync(HttpMethod.Put, "/api/admin/synonyms", ct, invalid, again.ETag)).Status);
    }

    [Fact]
    public async Task Anonymous_bad_keys_forged_and_unsigned_tokens_are_refused_and_non_admins_get_403()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.ReadAsync("/api/admin/faq", ct)).Status);

        using var wrongKey = host.Client("ci-personal-key-but-not-the-right-one");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.ReadAsync("/api/admin/faq", ct)).Status);

        using var forged = host.Client(AdminHost.Token(signingKey: new byte[32]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.ReadAsync("/api/admin/faq", ct)).Status);

        var signed = AdminHost.Token();
        var unsigned = signed[..signed.LastIndexOf('.')].Split('.') is [_, var payload]
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}")).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + payload + "."
            : throw new InvalidOperationException();
        using var none = host.Client(unsigned);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.ReadAsync("/api/admin/faq", ct)).Status);

        using var otherAudience = host.Client(AdminHost.Token(audience: "api://someone-else"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherAudience.ReadAsync("/api/admin/faq", ct)).Status);

        using var stranger = host.Client(AdminHost.Token(oid: Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.ReadAsync("/api/admin/faq", ct)).Status);

        // A valid admin token works, and the editor in the history is the token's user, not anything the caller wrote.
        using var admin = host.Client(AdminHost.Token());
        admin.DefaultRequestHeaders.Add("X-Admin-User", "someone-else");
        Assert.Equal(HttpStatusCode.Created, (await admin.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, BikeEntry())).Status);
        var history = (await admin.ReadAsync("/api/admin/faq/rowery-miejskie/history", ct)).Body!.AsArray();
        Assert.Equal("entra:" + AdminHost.AdminOid, history[0]!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Created_personal_key_works_until_revoked_and_is_stored_only_hashed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        var created = await host.Http.SendAsync(HttpMethod.Post, "/api/admin/keys", ct, new JsonObject { ["name"] = "skrypt-eksportu" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var key = created.Body!["key"]!.GetValue<string>();

        using var client = host.Client(key);
        Assert.Equal("key:skrypt-eksportu", (await client.ReadAsync("/api/admin/me", ct)).Body!["editor"]!.GetValue<string>());
        var listed = (await host.Http.ReadAsync("/api/admin/keys", ct)).Body!.ToJsonString();
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[2], listed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.SendAsync(HttpMethod.Delete, "/api/admin/keys/" + created.Body!["id"], ct)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.ReadAsync("/api/admin/me", ct)).Status);
    }

    [Fact]
    public async Task OpenAPI_document_describes_the_admin_api_and_the_reference_page_is_served()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        var document = JsonNode.Parse(await host.Anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), ct))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();
        foreach (var path in new[] { "/api/admin/faq", "/api/admin/faq/{id}", "/api/admin/faq/{id}/publish", "/api/admin/faq/{id}/history", "/api/admin/faq/{id}/restore/{revision}", "/api/admin/faq/export", "/api/admin/faq/import", "/api/admin/review", "/api/admin/synonyms" })
        {
            Assert.Contains(path, paths);
        }

        Assert.DoesNotContain(paths, p => p.StartsWith("/api/faq/entries", StringComparison.Ordinal));
        using var reference = await host.Anonymous.GetAsync(new Uri("/openapi/reference", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var page = await reference.Content.ReadAsStringAsync(ct);
        Assert.Contains("ConsultBot admin API", page, StringComparison.Ordinal);
        Assert.Contains("openapi", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Old_entries_route_redirects_to_the_one_admin_api()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AdminHost.StartAsync(ct);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var response = await noRedirect.GetAsync(new Uri("/api/faq/entries/rola-ngo", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("/api/admin/faq/rola-ngo", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Published_edit_reaches_a_second_host_on_the_same_postgres()
    {
        var ct = TestContext.Current.CancellationToken;
        var postgres = await AdminHost.PostgresAsync(ct);
        await using var first = await AdminHost.StartAsync(ct, postgres);
        await using var second = await AdminHost.StartAsync(ct, postgres);
        Assert.Null(await second.Http.AnsweredByAsync(BikeQuestion, ct));

        await first.Http.SendAsync(HttpMethod.Post, "/api/admin/faq", ct, BikeEntry());
        await first.Http.SendAsync(HttpMethod.Post, "/api/admin/faq/rowery-miejskie/publish", ct);
        Assert.Equal("rowery-miejskie", await first.Http.AnsweredByAsync(BikeQuestion, ct));

        // The second host polls the store version every second (Knowledge:IndexSyncInterval).
        string? answered = null;
        for (var i = 0; i < 40 && answered is null; i++)
        {
            await Task.Delay(250, ct);
            answered = await second.Http.AnsweredByAsync(BikeQuestion, ct);
        }

        Assert.Equal("rowery-miejskie", answered);
    }
}
