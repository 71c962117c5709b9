using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Testing;
using ConsultBot.Workshop;
using ConsultBot.Workshop.Plan;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// The webinar's tools over /api/messages: the team poll in a group chat with two voters and a stranger who cannot
/// close it, the signed plan link (refused when tampered with or expired), and the self-check quiz whose results go
/// with "usuń moje dane".
/// </summary>
public sealed partial class WorkshopEndToEndTests
{
    private const string PlanKey = "test-plan-link-key-0123456789abcdef-0123456789";

    [Fact]
    public async Task Two_team_members_vote_in_a_group_chat_and_only_the_starter_closes_the_poll()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = $"19:{Guid.NewGuid():N}@thread.v2";
        var anna = bot.SharedChat(ConversationTypes.GroupChat, "29:user-anna", "Anna Kowalska", chat);
        var piotr = bot.SharedChat(ConversationTypes.GroupChat, "29:user-piotr", "Piotr Wiśniewski", chat);
        var jan = bot.SharedChat(ConversationTypes.GroupChat, "29:user-jan", "Jan Obcy", chat);

        // Anna starts the poll: the seed's partner types, no votes yet, a refresh action for the live view.
        var card = (await anna.SendAsync("ankieta partnerów", ct)).FirstCard()!;
        var text = CardActionAuthorizationTests.Flatten(card);
        foreach (var partner in new[] { "Miasto", "Biznes lokalny", "Organizacje pozarządowe", "Urzędy pracy i agencje zatrudnienia", "Lokalne media", "wspólnoty mieszkaniowe" })
        {
            Assert.Contains(partner, text, StringComparison.Ordinal);
        }

        Assert.Equal("workshop.poll.refresh", card["refresh"]!["action"]!["verb"]!.GetValue<string>());
        var poll = card.Actions().Single(a => a.Verb == WorkshopVerbs.PollVote).Data["poll"]!.GetValue<string>();

        // Two people vote; Piotr changes his mind: one vote per person, the bars follow.
        var (_, afterPiotr) = await piotr.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "ngo"), ct);
        Assert.Equal(1, Count(afterPiotr, "ngo"));
        var (_, afterAnna) = await anna.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "city"), ct);
        Assert.Equal(1, Count(afterAnna, "city"));
        Assert.Equal(1, Count(afterAnna, "ngo"));
        var (_, changed) = await piotr.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "city"), ct);
        Assert.Equal(2, Count(changed, "city"));
        Assert.Equal(0, Count(changed, "ngo"));
        Assert.Contains("głosów: 2", CardActionAuthorizationTests.Flatten(changed), StringComparison.Ordinal);
        Assert.Contains("Twój głos: Miasto", CardActionAuthorizationTests.Flatten(changed), StringComparison.Ordinal);
        Assert.Equal(["29:user-anna", "29:user-piotr"], Card(changed)["refresh"]!["userIds"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal("█".PadRight(10, '█'), Row(changed, "city")["bar"]);

        // The refresh action gives Jan, who has not voted, the shared view.
        var (_, janView) = await jan.ExecuteAsync(WorkshopVerbs.PollRefresh, new JsonObject { ["poll"] = poll }, ct);
        Assert.Equal(2, Count(janView, "city"));
        Assert.DoesNotContain("Twój głos", CardActionAuthorizationTests.Flatten(janView), StringComparison.Ordinal);

        // Jan cannot close it, neither can Anna from another chat; the poll stays open.
        var (status, refused) = await jan.ExecuteAsync(WorkshopVerbs.PollClose, new JsonObject { ["poll"] = poll }, ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ContentTypes.Message, refused!["type"]!.GetValue<string>());
        Assert.Contains("tylko osoba, która ją rozpoczęła", refused["value"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, elsewhere) = await bot.SharedChat(ConversationTypes.GroupChat, "29:user-anna", "Anna Kowalska").ExecuteAsync(WorkshopVerbs.PollClose, new JsonObject { ["poll"] = poll }, ct);
        Assert.Equal(ContentTypes.Message, elsewhere!["type"]!.GetValue<string>());
        var (_, stillOpen) = await jan.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "media"), ct);
        Assert.Equal(1, Count(stillOpen, "media"));

        // Anna closes it: the final bars, no more voting.
        var (_, closed) = await anna.ExecuteAsync(WorkshopVerbs.PollClose, new JsonObject { ["poll"] = poll }, ct);
        Assert.Contains("Głosowanie zamknięte", CardActionAuthorizationTests.Flatten(closed), StringComparison.Ordinal);
        Assert.DoesNotContain(Card(closed).Actions(), a => a.Verb == WorkshopVerbs.PollVote);
        var (_, late) = await piotr.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "ngo"), ct);
        Assert.Equal(2, Count(late, "city"));
        Assert.Equal(0, Count(late, "ngo"));
    }

    [Fact]
    public async Task Every_vote_replaces_the_posted_poll_card_with_the_shared_bars_in_the_starters_language()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = $"19:{Guid.NewGuid():N}@thread.v2";
        var emma = bot.SharedChat(ConversationTypes.GroupChat, "29:user-emma", "Emma Brown", chat);
        emma.Locale = "en-GB";
        var marek = bot.SharedChat(ConversationTypes.GroupChat, "29:user-marek", "Marek Nowak", chat);
        const string PostedCard = "1733450000001";

        // Emma starts it in English: the seed's partner types in English.
        var card = (await emma.SendAsync("partner poll", ct)).FirstCard()!;
        var text = CardActionAuthorizationTests.Flatten(card);
        foreach (var partner in new[] { "Team poll: partners", "Local business", "Labour offices and employment agencies", "Residents (housing estate councils, housing communities, parishes)" })
        {
            Assert.Contains(partner, text, StringComparison.Ordinal);
        }

        var poll = card.Actions().Single(a => a.Verb == WorkshopVerbs.PollVote).Data["poll"]!.GetValue<string>();

        // Marek votes in Polish: he sees his own view; everyone else's copy of the posted card gets the bars, in English.
        var (_, his) = await marek.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "ngo"), ct, cardActivityId: PostedCard);
        Assert.Contains("Twój głos: Organizacje pozarządowe", CardActionAuthorizationTests.Flatten(his), StringComparison.Ordinal);
        var first = await bot.Connector.WaitForAsync(r => r.Route == FakeConnectorRoute.UpdateActivity && r.ActivityId == PostedCard, TimeSpan.FromSeconds(20), ct);
        Assert.Equal(chat, first.ConversationId);
        Assert.Contains("votes: 1", first.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Your vote", first.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Tw\u00F3j g\u0142os", first.Body, StringComparison.OrdinalIgnoreCase);

        // Emma votes, Marek repeats his vote (nothing changes, nothing is sent), Emma closes: two more updates.
        await emma.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "city"), ct, cardActivityId: PostedCard);
        await marek.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "ngo"), ct, cardActivityId: PostedCard);
        var (_, closed) = await emma.ExecuteAsync(WorkshopVerbs.PollClose, new JsonObject { ["poll"] = poll }, ct, cardActivityId: PostedCard);
        Assert.Contains("Voting closed", CardActionAuthorizationTests.Flatten(closed), StringComparison.Ordinal);
        var last = await bot.Connector.WaitForAsync(r => r.Route == FakeConnectorRoute.UpdateActivity && r.Body.Contains("Voting closed", StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);
        Assert.Contains("votes: 2", last.Body, StringComparison.Ordinal);
        Assert.Equal(3, bot.Connector.Requests.Count(r => r.Route == FakeConnectorRoute.UpdateActivity && r.ActivityId == PostedCard));
    }

    [Fact]
    public async Task A_voter_who_erases_their_data_leaves_the_poll_and_the_starters_poll_is_closed_without_their_id()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var chat = $"19:{Guid.NewGuid():N}@thread.v2";
        var anna = bot.SharedChat(ConversationTypes.GroupChat, "29:user-anna", "Anna Kowalska", chat);
        var piotr = bot.SharedChat(ConversationTypes.GroupChat, "29:user-piotr", "Piotr Wiśniewski", chat);
        var poll = (await anna.SendAsync("ankieta partnerów", ct)).FirstCard()!.Actions().Single(a => a.Verb == WorkshopVerbs.PollVote).Data["poll"]!.GetValue<string>();
        await anna.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "city"), ct);
        await piotr.ExecuteAsync(WorkshopVerbs.PollVote, Vote(poll, "ngo"), ct);

        // Piotr's "moje dane" counts his vote; "usuń moje dane" removes it from the bars.
        var piotrAlone = bot.PersonalChat("29:user-piotr", "Piotr Wiśniewski");
        Assert.Contains("Ankiety partnerów: Twoje głosy 1, rozpoczęte przez Ciebie 0", (await piotrAlone.SendAsync("moje dane", ct)).AllText(), StringComparison.Ordinal);
        await EraseAsync(piotrAlone, ct);
        var (_, afterPiotr) = await anna.ExecuteAsync(WorkshopVerbs.PollRefresh, new JsonObject { ["poll"] = poll }, ct);
        Assert.Equal(0, Count(afterPiotr, "ngo"));
        Assert.Equal(1, Count(afterPiotr, "city"));

        // Anna erases hers: her vote goes, and the poll she started is closed (nobody can be told it was hers).
        await EraseAsync(bot.PersonalChat("29:user-anna", "Anna Kowalska"), ct);
        var (_, afterAnna) = await piotr.ExecuteAsync(WorkshopVerbs.PollRefresh, new JsonObject { ["poll"] = poll }, ct);
        Assert.Contains("Głosowanie zamknięte", CardActionAuthorizationTests.Flatten(afterAnna), StringComparison.Ordinal);
        Assert.Equal(0, Count(afterAnna, "city"));
        var stored = await bot.Services.GetRequiredService<IStorage>().ReadAsync([$"workshop/polls/{poll}"], ct);
        var raw = Assert.Single(stored).Value.Json;
        Assert.DoesNotContain("user-anna", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("user-piotr", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiz_in_English_explains_the_answer_and_shows_the_score()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var emma = bot.PersonalChat("29:user-emma", "Emma Brown", locale: "en-GB");

        var first = (await emma.SendAsync("knowledge check", ct)).FirstCard()!;
        var question = CardActionAuthorizationTests.Flatten(first);
        Assert.Contains("Question 1/8", question, StringComparison.Ordinal);
        Assert.Contains("Who leads the partnership in the strategic model?", question, StringComparison.Ordinal);
        var answer = first.Actions().Single(a => a.Verb == WorkshopVerbs.QuizAnswer).Data;
        answer["choice"] = "1";
        var (_, explained) = await emma.ExecuteAsync(WorkshopVerbs.QuizAnswer, (JsonObject)answer.DeepClone(), ct);
        var text = CardActionAuthorizationTests.Flatten(explained);
        Assert.Contains("Not quite.", text, StringComparison.Ordinal);
        Assert.Contains("The right answer: The city (local government)", text, StringComparison.Ordinal);
        Assert.Contains("the city moderates the partnership", text, StringComparison.Ordinal);
        Assert.Equal("model-strategiczny-lider", Card(explained).Actions().Single(a => a.Verb == "faq.show").Data["id"]!.GetValue<string>());

        // A click on the old question card does not count twice: it shows where the quiz is.
        var (_, again) = await emma.ExecuteAsync(WorkshopVerbs.QuizAnswer, (JsonObject)answer.DeepClone(), ct);
        Assert.Contains("Question 2/8", CardActionAuthorizationTests.Flatten(again), StringComparison.Ordinal);

        // In a group chat the quiz is refused: results are personal.
        var group = bot.SharedChat(ConversationTypes.GroupChat, "29:user-emma", "Emma Brown");
        group.Locale = "en-GB";
        Assert.Contains("personal chat", (await group.SendAsync("knowledge check", ct)).AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_link_opens_the_printable_plan_and_is_refused_when_tampered_with_or_expired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?> { ["Workshop:PlanLinkKey"] = PlanKey });
        var anna = bot.PersonalChat();
        var (_, recommendation) = await anna.ExecuteAsync("assessment.submitForm", new JsonObject { ["ngoStrength"] = "strong", ["leaderCandidate"] = "ngo" }, ct);
        await anna.ExecuteAsync("checklist.save", new JsonObject { ["model"] = "operational", ["operational.city.priorities"] = "true" }, ct);
        await anna.ExecuteAsync("partnerMap.save", new JsonObject { ["model"] = "operational", ["sector.city"] = "true", ["sector.ngo"] = "true" }, ct);
        var button = Card(recommendation).Actions().Single(a => a.Verb == WorkshopVerbs.PlanLink);

        // The button sends the links into her chat and answers with a short note.
        var (_, note) = await anna.ExecuteAsync(WorkshopVerbs.PlanLink, (JsonObject)button.Data.DeepClone(), ct);
        Assert.Equal(ContentTypes.Message, note!["type"]!.GetValue<string>());
        var sent = await bot.Connector.WaitForAsync(r => r.ConversationId == anna.Conversation.Id && r.Body.Contains("/workshop/plan/", StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);
        var url = new Uri(PlanUrl().Match(sent.Body).Value);

        using var page = await bot.Http.GetAsync(url.PathAndQuery, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Contains("Plan partnerstwa", html, StringComparison.Ordinal);
        Assert.Contains("Model operacyjny", html, StringComparison.Ordinal);
        Assert.Contains("Kto co robi", html, StringComparison.Ordinal);
        Assert.Contains("Warunki sukcesu", html, StringComparison.Ordinal);
        Assert.Contains("Luki na mapie partnerów", html, StringComparison.Ordinal);
        Assert.Contains("Rekomendacje programu", html, StringComparison.Ordinal);
        Assert.Contains("☑</span> Ustalić priorytety", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Mapa partnerów nie jest jeszcze wypełniona", html, StringComparison.Ordinal);

        // English on request, from the same link.
        var english = await bot.Http.GetStringAsync(url.AbsolutePath + "?lang=en", ct);
        Assert.Contains("Who does what", english, StringComparison.Ordinal);
        Assert.Contains("Operational model", english, StringComparison.Ordinal);

        // Tampered: another assessment id in the payload, or a changed signature.
        var token = url.AbsolutePath[PlanLinks.Path.Length..];
        var parts = token.Split('.');
        var forgedPayload = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])).Replace("29:user-anna", "29:user-jan", StringComparison.Ordinal)));
        foreach (var forged in new[] { forgedPayload + "." + parts[1], parts[0] + "." + Flip(parts[1]), parts[0], "x.y" })
        {
            using var refused = await bot.Http.GetAsync(PlanLinks.Path + forged, ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.DoesNotContain("Model operacyjny", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        // The refusal page speaks the reader's language and says what to do.
        using var refusedEnglish = await bot.Http.GetAsync(PlanLinks.Path + parts[0] + "." + Flip(parts[1]) + "?lang=en", ct);
        Assert.Equal(HttpStatusCode.Forbidden, refusedEnglish.StatusCode);
        Assert.Contains("Open the plan again from the recommendation card", await refusedEnglish.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // Expired: a link issued with the same key long enough ago.
        var past = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(-30));
        var options = Options.Create(new WorkshopOptions { PlanLinkKey = PlanKey, PlanLinkLifetime = TimeSpan.FromHours(72) });
        var assessmentId = button.Data["assessmentId"]!.GetValue<string>();
        var (old, _) = new PlanLinks(options, past).Issue("msteams", anna.User.Id!, assessmentId);
        using var expired = await bot.Http.GetAsync(PlanLinks.Path + old, ct);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("Link wygasł", await expired.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var expiredEnglish = await bot.Http.GetAsync(PlanLinks.Path + old + "?lang=en", ct);
        Assert.Equal(HttpStatusCode.Gone, expiredEnglish.StatusCode);
        Assert.Contains("The link has expired", await expiredEnglish.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        // A stranger's click on Anna's assessment id finds nothing of hers.
        var (_, strangers) = await bot.PersonalChat("29:user-jan", "Jan Obcy").ExecuteAsync(WorkshopVerbs.PlanLink, button.Data, ct);
        Assert.Contains("Nie znalazłem", strangers!["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiz_explains_each_answer_with_its_entry_keeps_progress_and_goes_with_the_users_data()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct);
        var anna = bot.PersonalChat();

        // One question per card.
        var first = (await anna.SendAsync("test wiedzy", ct)).FirstCard()!;
        Assert.Contains("Pytanie 1/8", CardActionAuthorizationTests.Flatten(first), StringComparison.Ordinal);
        var answer = first.Actions().Single(a => a.Verb == WorkshopVerbs.QuizAnswer).Data;

        // Right answer: explained, with a link to its knowledge-base entry that opens the entry.
        answer["choice"] = "0";
        var (_, explained) = await anna.ExecuteAsync(WorkshopVerbs.QuizAnswer, answer, ct);
        var text = CardActionAuthorizationTests.Flatten(explained);
        Assert.Contains("Dobrze!", text, StringComparison.Ordinal);
        Assert.Contains("moderuje partnerstwo", text, StringComparison.Ordinal);
        var entry = Card(explained).Actions().Single(a => a.Verb == "faq.show");
        Assert.Equal("model-strategiczny-lider", entry.Data["id"]!.GetValue<string>());
        // A Submit, not an Execute: the entry comes as a new message and the quiz card (with "next") stays.
        var entryCard = (await anna.SubmitAsync(entry.Data, ct)).FirstCard();
        Assert.Contains("modelu strategicznym", CardActionAuthorizationTests.Flatten(entryCard), StringComparison.Ordinal);

        // Wrong answer: the right one is named.
        var (_, second) = await anna.ExecuteAsync(WorkshopVerbs.QuizNext, new JsonObject(), ct);
        Assert.Contains("Pytanie 2/8", CardActionAuthorizationTests.Flatten(second), StringComparison.Ordinal);
        var (_, wrong) = await anna.ExecuteAsync(WorkshopVerbs.QuizAnswer, new JsonObject { ["question"] = "lider-operacyjny", ["choice"] = "0" }, ct);
        Assert.Contains("Poprawna odpowiedź: Organizacja pozarządowa", CardActionAuthorizationTests.Flatten(wrong), StringComparison.Ordinal);

        // To the end: the score and the progress.
        JsonNode? last = null;
        for (var i = 3; i <= 8; i++)
        {
            var (_, question) = await anna.ExecuteAsync(WorkshopVerbs.QuizNext, new JsonObject(), ct);
            var data = Card(question).Actions().Single(a => a.Verb == WorkshopVerbs.QuizAnswer).Data;
            data["choice"] = "1";
            await anna.ExecuteAsync(WorkshopVerbs.QuizAnswer, data, ct);
        }

        (_, last) = await anna.ExecuteAsync(WorkshopVerbs.QuizNext, new JsonObject(), ct);
        var score = CardActionAuthorizationTests.Flatten(last);
        Assert.Contains("Wynik: 3/8", score, StringComparison.Ordinal);
        Assert.Contains("Opanowane pytania", score, StringComparison.Ordinal);

        // "moje dane" lists the results; "usuń moje dane" erases them.
        Assert.Contains("Test wiedzy: ukończone podejścia 1, najlepszy wynik 3", (await anna.SendAsync("moje dane", ct)).AllText(), StringComparison.Ordinal);
        var storage = bot.Services.GetRequiredService<IStorage>();
        var key = $"workshop/quiz/results/msteams/{anna.User.Id}";
        Assert.NotEmpty(await storage.ReadAsync([key], ct));
        var confirm = (await anna.SendAsync("usuń moje dane", ct)).FirstCard()!;
        await anna.ExecuteAsync("privacy.erase", confirm.Actions().Single(a => a.Verb == "privacy.erase").Data, ct);
        Assert.Empty(await storage.ReadAsync([key], ct));
        Assert.DoesNotContain("Test wiedzy", (await anna.SendAsync("moje dane", ct)).AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admins_edit_quiz_questions_in_the_store_and_the_next_quiz_uses_the_edit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?> { ["Knowledge:AdminApiKey"] = "admin-key-for-tests" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.GetAsync("/api/workshop/quiz/questions", ct)).StatusCode);

        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/workshop/quiz/questions");
        list.Headers.Add("X-Admin-Key", "admin-key-for-tests");
        var questions = JsonNode.Parse(await (await bot.Http.SendAsync(list, ct)).Content.ReadAsStringAsync(ct))!.AsArray();
        Assert.Equal(8, questions.Count);

        var edited = questions[0]!.AsObject();
        edited["question"]!["pl"] = "Kto moderuje partnerstwo w modelu strategicznym (QZE4410)?";
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/workshop/quiz/questions/{edited["id"]!.GetValue<string>()}") { Content = JsonContent.Create(edited) };
        put.Headers.Add("X-Admin-Key", "admin-key-for-tests");
        Assert.Equal(HttpStatusCode.NoContent, (await bot.Http.SendAsync(put, ct)).StatusCode);

        edited["correct"] = 7;
        using var invalid = new HttpRequestMessage(HttpMethod.Put, $"/api/workshop/quiz/questions/{edited["id"]!.GetValue<string>()}") { Content = JsonContent.Create(edited) };
        invalid.Headers.Add("X-Admin-Key", "admin-key-for-tests");
        Assert.Equal(HttpStatusCode.BadRequest, (await bot.Http.SendAsync(invalid, ct)).StatusCode);

        var card = (await bot.PersonalChat().SendAsync("quiz", ct)).FirstCard()!;
        Assert.Contains("QZE4410", CardActionAuthorizationTests.Flatten(card), StringComparison.Ordinal);
    }

    private static async Task EraseAsync(ConversationDriver personal, CancellationToken ct)
    {
        var confirm = (await personal.SendAsync("usuń moje dane", ct)).FirstCard()!;
        await personal.ExecuteAsync("privacy.erase", confirm.Actions().Single(a => a.Verb == "privacy.erase").Data, ct);
    }

    private static JsonObject Vote(string poll, string option) => new() { ["poll"] = poll, ["option"] = option };

    private static JsonObject Card(JsonNode? invokeBody) => invokeBody!["value"]!.AsObject();

    /// <summary>A row of the poll card by the partner's label: its count column reads "n (p%)".</summary>
    private static Dictionary<string, string> Row(JsonNode? invokeBody, string option)
    {
        var label = option switch
        {
            "city" => "Miasto",
            "ngo" => "Organizacje pozarządowe",
            "media" => "Lokalne media",
            _ => throw new ArgumentOutOfRangeException(nameof(option)),
        };
        var texts = Texts(Card(invokeBody)).ToList();
        var at = texts.FindIndex(t => t == label || t == "✔ " + label);
        Assert.True(at >= 0, $"no row for {label}");
        return new Dictionary<string, string> { ["bar"] = texts[at + 1], ["count"] = texts[at + 2] };
    }

    private static int Count(JsonNode? invokeBody, string option) =>
        int.Parse(Row(invokeBody, option)["count"].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.GetValue<string>() == "TextBlock" => [o["text"]!.GetValue<string>()],
        JsonObject o => o.SelectMany(kv => Texts(kv.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };

    private static string Flip(string signature) => (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

    [GeneratedRegex(@"https?://[^""\s]+/workshop/plan/[A-Za-z0-9_\-\.]+\?lang=pl")]
    private static partial Regex PlanUrl();
}
