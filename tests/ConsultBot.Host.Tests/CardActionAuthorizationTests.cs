using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Handoff;
using ConsultBot.Handoff.Storage;
using ConsultBot.Host.Bot;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;
using ConsultBot.Protocol.Turn;
using ConsultBot.Testing;

namespace ConsultBot.Host.Tests;

/// <summary>
/// One victim (Anna: a ticket answered by a consultant, an assessment, a checklist) and forged card actions from
/// people who must not see or change them: a stranger in his own personal chat, in a group chat, in the consultants'
/// channel; a consultant outside the channel; Anna herself in a group chat. Every registered verb and invoke is tried
/// over /api/messages; a refused one answers politely or with 403, and nothing of Anna's comes back or changes.
/// </summary>
public sealed class CardActionAuthorizationTests(CardActionAuthorizationTests.Victim victim) : IClassFixture<CardActionAuthorizationTests.Victim>
{
    public const string Question = "Czy nasz OPS może zatrudnić tłumacza XQZ7431 na umowę zlecenie?";
    public const string City = "Sandomierz";
    public const string AnswerText = "Tak, ANS5529 — pod warunkiem zapisu w regulaminie.";
    public const string TranscriptQuestion = "Co z tłumaczeniem TRN8842 dokumentów?";
    private const string ConsultantsChannel = "19:consultants@thread.tacv2";

    private static readonly ChannelAccount Anna = new() { Id = "29:user-anna", Name = "Anna Kowalska" };
    private static readonly ChannelAccount Ewa = new() { Id = "29:consultant-ewa", Name = "Ewa Nowak" };
    private static readonly ChannelAccount Jan = new() { Id = "29:user-jan", Name = "Jan Obcy" };

    /// <summary>What the router allows per verb; a verb added to a feature without a row here fails <see cref="Every_card_action_and_invoke_has_a_rule_and_a_forgery_test"/>.</summary>
    private static readonly Dictionary<string, CardActionAccess> Expected = new(StringComparer.OrdinalIgnoreCase)
    {
        ["handoff.ask"] = CardActionAccess.Anyone,
        ["handoff.submit"] = CardActionAccess.Owner,
        ["handoff.resolved"] = CardActionAccess.Owner,
        ["handoff.followUp"] = CardActionAccess.Owner,
        ["handoff.rate"] = CardActionAccess.Owner,
        ["handoff.refresh"] = CardActionAccess.Consultant,
        ["handoff.claim"] = CardActionAccess.Consultant,
        ["handoff.unassign"] = CardActionAccess.Consultant,
        ["handoff.answer"] = CardActionAccess.Consultant,
        ["handoff.close"] = CardActionAccess.Consultant,
        ["handoff.proposeFaq"] = CardActionAccess.Consultant,
        ["assessment.start"] = CardActionAccess.PersonalChat,
        ["assessment.restart"] = CardActionAccess.PersonalChat,
        ["assessment.form"] = CardActionAccess.PersonalChat,
        ["assessment.submitForm"] = CardActionAccess.PersonalChat,
        ["assessment.answer"] = CardActionAccess.PersonalChat,
        ["assessment.skip"] = CardActionAccess.PersonalChat,
        ["assessment.back"] = CardActionAccess.PersonalChat,
        ["assessment.cancel"] = CardActionAccess.PersonalChat,
        ["assessment.help"] = CardActionAccess.PersonalChat,
        ["assessment.history"] = CardActionAccess.PersonalChat,
        ["assessment.result"] = CardActionAccess.PersonalChat,
        ["checklist.show"] = CardActionAccess.PersonalChat,
        ["checklist.save"] = CardActionAccess.PersonalChat,
        ["partnerMap.show"] = CardActionAccess.PersonalChat,
        ["partnerMap.save"] = CardActionAccess.PersonalChat,
        ["models.detail"] = CardActionAccess.Anyone,
        ["models.compare"] = CardActionAccess.Anyone,
        ["assessment.welcome"] = CardActionAccess.Anyone,
        ["faq.show"] = CardActionAccess.Anyone,
        ["faq.feedback"] = CardActionAccess.Anyone,
        ["faq.ask"] = CardActionAccess.Anyone,
        ["privacy.erase"] = CardActionAccess.Owner,
        ["privacy.keep"] = CardActionAccess.PersonalChat,
        ["composeExtension/query"] = CardActionAccess.Anyone,
        ["workshop.quiz.answer"] = CardActionAccess.PersonalChat,
        ["workshop.quiz.next"] = CardActionAccess.PersonalChat,
        ["workshop.poll.vote"] = CardActionAccess.Anyone,
        ["workshop.poll.refresh"] = CardActionAccess.Anyone,
        ["workshop.poll.close"] = CardActionAccess.Starter,
        ["workshop.plan"] = CardActionAccess.PersonalChat,
        ["admin.search"] = CardActionAccess.Admin,
        ["admin.open"] = CardActionAccess.Admin,
        ["admin.save"] = CardActionAccess.Admin,
        ["admin.preview"] = CardActionAccess.Admin,
        ["admin.publish"] = CardActionAccess.Admin,
        ["admin.history"] = CardActionAccess.Admin,
        ["admin.restore"] = CardActionAccess.Admin,
        ["admin.review"] = CardActionAccess.Admin,
        ["admin.review.phrasings"] = CardActionAccess.Admin,
        ["admin.review.entry"] = CardActionAccess.Admin,
        ["admin.review.dismiss"] = CardActionAccess.Admin,
    };

    public enum Forgery
    {
        StrangerInHisPersonalChat,
        StrangerInAGroupChat,
        StrangerInTheConsultantsChannel,
        ConsultantInHerPersonalChat,
        AskerInAGroupChat,
    }

    public static TheoryData<string, Forgery> Cases()
    {
        var data = new TheoryData<string, Forgery>();
        foreach (var verb in Expected.Keys.Order(StringComparer.Ordinal))
        {
            foreach (var forgery in Enum.GetValues<Forgery>())
            {
                data.Add(verb, forgery);
            }
        }

        return data;
    }

    [Fact]
    public void Every_card_action_and_invoke_has_a_rule_and_a_forgery_test()
    {
        var app = victim.Bot.Services.GetRequiredService<ConsultBotApp>();
        var registered = app.CardActionRules.Concat(app.InvokeRules).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

        Assert.Equal(Expected.Keys.Order(StringComparer.OrdinalIgnoreCase), registered.Keys.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        Assert.All(Expected, rule => Assert.Equal(rule.Value, registered[rule.Key]));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Forged_card_action_is_refused_or_harmless_and_leaks_nothing_of_the_victim(string verb, Forgery forgery)
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await victim.SnapshotAsync(ct);
        var caller = Caller(forgery);

        var (body, activities) = await victim.ForgeAsync(caller, verb, DataFor(verb), ct);

        // Nothing of Anna's in what the caller got back: not in the invoke answer, not in any message of the turn.
        var seen = Flatten(body) + "\n" + activities.AllText();
        foreach (var secret in victim.Secrets(verb))
        {
            Assert.DoesNotContain(secret, seen, StringComparison.OrdinalIgnoreCase);
        }

        if (!Allowed(Expected[verb], forgery))
        {
            var type = body?["type"]?.GetValue<string>();
            Assert.True(
                (body?["statusCode"]?.GetValue<int>() == 403 && type == ContentTypes.Error) || type == ContentTypes.Message,
                $"{verb} by {forgery} should be refused, got {body?.ToJsonString()}");
            Assert.DoesNotContain(activities, a => a.Attachments is { Count: > 0 });
        }

        if (verb == "assessment.result")
        {
            // Allowed in the stranger's own chat, but it looks only in his own history: Anna's id finds nothing.
            Assert.DoesNotContain(activities, a => a.Attachments is { Count: > 0 });
        }

        // And nothing of Anna's changed.
        Assert.Equal(before, await victim.SnapshotAsync(ct));
    }

    [Fact]
    public async Task Legitimate_callers_still_get_their_cards()
    {
        var ct = TestContext.Current.CancellationToken;

        // The consultant refreshes the ticket card in the channel.
        var (refresh, _) = await victim.ForgeAsync(victim.Consultant(Ewa), "handoff.refresh", new JsonObject { ["ticket"] = victim.Number }, ct);
        Assert.Equal(ContentTypes.AdaptiveCard, refresh!["type"]!.GetValue<string>());
        Assert.Contains(City, Flatten(refresh), StringComparison.Ordinal);

        // Anna's second click on her own form's Submit shows her ticket, not a new one.
        var (again, _) = await victim.ForgeAsync(victim.AnnaChat, "handoff.submit", DataFor("handoff.submit"), ct);
        Assert.Contains(victim.Number, Flatten(again), StringComparison.Ordinal);

        // Anna opens her past assessment.
        var (_, shown) = await victim.ForgeAsync(victim.AnnaChat, "assessment.result", new JsonObject { ["id"] = victim.AssessmentId }, ct);
        Assert.NotNull(shown.FirstCard());
    }

    private ConversationDriver Caller(Forgery forgery) => forgery switch
    {
        Forgery.StrangerInHisPersonalChat => victim.Bot.PersonalChat(Jan.Id!, Jan.Name!),
        Forgery.StrangerInAGroupChat => victim.Bot.SharedChat(ConversationTypes.GroupChat, Jan.Id!, Jan.Name!),
        Forgery.StrangerInTheConsultantsChannel => victim.Consultant(Jan),
        Forgery.ConsultantInHerPersonalChat => victim.Bot.PersonalChat(Ewa.Id!, Ewa.Name!),
        _ => victim.Bot.SharedChat(ConversationTypes.GroupChat, Anna.Id!, Anna.Name!),
    };

    private static bool Allowed(CardActionAccess access, Forgery forgery) => access switch
    {
        CardActionAccess.Anyone => true,
        CardActionAccess.PersonalChat => forgery is Forgery.StrangerInHisPersonalChat or Forgery.ConsultantInHerPersonalChat,
        _ => false,
    };

    /// <summary>The data Anna's own card would carry for the verb, aimed at her ticket, assessment and form.</summary>
    private JsonObject DataFor(string verb) => verb switch
    {
        "handoff.submit" => new JsonObject
        {
            ["formId"] = victim.FormId,
            ["question"] = "Inne pytanie",
            ["city"] = "Radom",
            ["consent"] = "false",
        },
        "handoff.ask" => new JsonObject { ["question"] = "Moje pytanie" },
        "handoff.followUp" => new JsonObject { ["ticket"] = victim.Number, ["followUp"] = "Podrobione pytanie" },
        "handoff.rate" => new JsonObject { ["ticket"] = victim.Number, ["rating"] = "1" },
        "handoff.answer" => new JsonObject { ["ticket"] = victim.Number, ["answer"] = "Podrobiona odpowiedź" },
        "assessment.result" => new JsonObject { ["id"] = victim.AssessmentId, ["assessmentId"] = victim.AssessmentId },
        "assessment.answer" => new JsonObject { ["factor"] = "ngoStrength", ["value"] = "weak", ["step"] = "1" },
        "assessment.submitForm" => new JsonObject { ["ngoStrength"] = "weak" },
        "checklist.save" or "checklist.show" or "partnerMap.show" or "partnerMap.save" or "models.detail" =>
            new JsonObject { ["model"] = "operational", ["sector.ngo"] = "true" },
        "faq.show" or "faq.feedback" => new JsonObject { ["id"] = "model-jak-wybrac", ["helpful"] = "false", ["question"] = "Moje pytanie" },
        "privacy.erase" => new JsonObject { ["user"] = Anna.Id },
        "workshop.plan" => new JsonObject { ["assessmentId"] = victim.AssessmentId },
        _ when verb.StartsWith("admin.", StringComparison.Ordinal) => new JsonObject
        {
            ["id"] = "model-jak-wybrac", ["query"] = "model", ["revision"] = "1", ["group"] = "g1",
            ["question"] = "Podrobione pytanie", ["answerPl"] = "Podrobiona odpowiedź",
        },
        "workshop.quiz.answer" => new JsonObject { ["question"] = "lider-strategiczny", ["choice"] = "0" },
        "workshop.poll.vote" or "workshop.poll.refresh" or "workshop.poll.close" => new JsonObject { ["poll"] = "0123456789abcdef", ["option"] = "ngo" },
        "composeExtension/query" => new JsonObject
        {
            ["commandId"] = "searchFaq",
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "q", ["value"] = "tłumacz XQZ7431 Sandomierz" }),
        },
        _ => new JsonObject { ["ticket"] = victim.Number },
    };

    internal static string Flatten(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o => string.Join(" ", o.Select(kv => Flatten(kv.Value))),
        JsonArray a => string.Join(" ", a.Select(Flatten)),
        _ => string.Empty,
    };

    /// <summary>Anna's data, made once for the class: a consented ticket answered by Ewa, an assessment, a checklist.</summary>
    public sealed class Victim : IAsyncLifetime
    {
        public TestBotHost Bot { get; private set; } = null!;

        public ConversationDriver AnnaChat { get; private set; } = null!;

        public string Number { get; private set; } = string.Empty;

        public string FormId { get; private set; } = string.Empty;

        public string AssessmentId { get; private set; } = string.Empty;

        public string ThreadId { get; private set; } = string.Empty;

        public async ValueTask InitializeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var ct = timeout.Token;
            var connector = await FakeConnector.StartAsync(cancellationToken: ct);
            connector.SetMembers(Ewa);
            Bot = await TestBotHost.StartAsync(ct, new Dictionary<string, string?>
            {
                ["Handoff:ConsultantsConversationId"] = ConsultantsChannel,
                ["Handoff:ServiceUrl"] = connector.ServiceUrl,
                ["Handoff:PollInterval"] = "00:00:00.200",
                ["Handoff:WorkingHours:Enabled"] = "false",
            }, connector: connector);
            AnnaChat = Bot.PersonalChat(Anna.Id!, Anna.Name!);

            await AnnaChat.SendAsync(TranscriptQuestion, ct);
            var form = (await AnnaChat.SendAsync("konsultant", ct)).FirstCard()!;
            var data = form.Actions().Single(a => a.Verb == HandoffVerbs.Submit).Data;
            FormId = data["formId"]!.GetValue<string>();
            data["question"] = Question;
            data["city"] = City;
            data["consent"] = "true";
            var (_, submitted) = await AnnaChat.ExecuteAsync(HandoffVerbs.Submit, data, ct);
            Number = System.Text.RegularExpressions.Regex.Match(submitted!.ToJsonString(), "KC-\\d{6}").Value;

            var post = await connector.WaitForAsync(r => r.Route == FakeConnectorRoute.CreateConversation && r.Succeeded && r.Body.Contains(Number, StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);
            ThreadId = JsonNode.Parse(post.ResponseBody!)!["id"]!.GetValue<string>();
            var ewa = Consultant(Ewa);
            await ewa.ExecuteAsync(HandoffVerbs.Claim, new JsonObject { ["ticket"] = Number }, ct);
            await ewa.ExecuteAsync(HandoffVerbs.Answer, new JsonObject { ["ticket"] = Number, ["answer"] = AnswerText }, ct);
            await connector.WaitForAsync(r => r.ConversationId == AnnaChat.Conversation.Id && r.Succeeded && r.Body.Contains("ANS5529", StringComparison.Ordinal), TimeSpan.FromSeconds(20), ct);

            await AnnaChat.ExecuteAsync("assessment.submitForm", new JsonObject { ["ngoStrength"] = "strong", ["leaderCandidate"] = "ngo", ["timeHorizon"] = "quick-results" }, ct);
            await AnnaChat.ExecuteAsync("checklist.save", new JsonObject { ["model"] = "operational" }, ct);
            var history = (await AnnaChat.SendAsync("moje oceny", ct)).FirstCard()!;
            AssessmentId = history.Actions().First(a => a.Verb == "assessment.result").Data["id"]!.GetValue<string>();

            // Let the outbox finish (the card update and the relay are written back to the ticket).
            await Task.Delay(1500, ct);
        }

        public async ValueTask DisposeAsync()
        {
            var connector = Bot.Connector;
            await Bot.DisposeAsync();
            await connector.DisposeAsync();
        }

        public ConversationDriver Consultant(ChannelAccount who) =>
            new(Bot.Http, Bot.MessagesEndpoint, Bot.Connector.ServiceUrl, ThreadId, who.Id!, who.Name!, ConversationTypes.Channel);

        /// <summary>Anna's data as the caller must never see it.</summary>
        public IEnumerable<string> Secrets(string verb)
        {
            yield return "Kowalska";
            yield return City;
            yield return "XQZ7431";
            yield return "ANS5529";
            yield return "TRN8842";
            if (verb == HandoffVerbs.Submit)
            {
                // The stranger does not know which ticket the form made.
                yield return Number;
            }
        }

        /// <summary>What must not change: the ticket's decisions and texts, and Anna's user state.</summary>
        public async Task<string> SnapshotAsync(CancellationToken ct)
        {
            var ticket = await Bot.Services.GetRequiredService<TicketStore>().GetAsync(Number, ct) ?? throw new InvalidOperationException("ticket gone");
            var decisions = JsonSerializer.Serialize(new
            {
                ticket.Status,
                Assignee = ticket.Assignee?.UserId,
                Answers = ticket.Answers.Select(a => a.Text).ToArray(),
                FollowUps = ticket.FollowUps.Select(f => f.Text).ToArray(),
                ticket.Rating,
                ticket.FaqDraftId,
                ticket.Question,
                ticket.City,
                Asker = ticket.Asker.UserId,
            });
            var storage = Bot.Services.GetRequiredService<IStorage>();
            var user = await storage.ReadAsync([$"msteams/users/{Anna.Id}"], ct);
            return decisions + "\n" + (user.TryGetValue($"msteams/users/{Anna.Id}", out var item) ? item.Json : "(no user state)");
        }

        /// <summary>Sends the verb (or invoke) as <paramref name="caller"/> with expectReplies: the invoke answer and every message of the turn.</summary>
        public async Task<(JsonNode? Body, IReadOnlyList<Activity> Activities)> ForgeAsync(ConversationDriver caller, string verb, JsonObject data, CancellationToken ct)
        {
            var activity = caller.NewActivity(ActivityTypes.Invoke);
            if (verb.Contains('/', StringComparison.Ordinal))
            {
                activity.Name = verb;
                activity.Value = data;
            }
            else
            {
                activity.Name = InvokeNames.AdaptiveCardAction;
                activity.Value = new JsonObject
                {
                    ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
                    ["trigger"] = "manual",
                };
            }

            activity.DeliveryMode = DeliveryModes.ExpectReplies;
            using var response = await caller.PostAsync(activity, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{verb}: {(int)response.StatusCode} {text}");
            var replies = JsonSerializer.Deserialize(text, ProtocolJsonContext.Default.ExpectedReplies)!;
            return (replies.Body, replies.Activities);
        }
    }
}
