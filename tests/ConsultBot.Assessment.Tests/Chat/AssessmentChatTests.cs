using System.Text.Json.Nodes;
using ConsultBot.Assessment.Chat;
using ConsultBot.Assessment.Engine;
using ConsultBot.Protocol.Schema;
using ConsultBot.Protocol.State;

namespace ConsultBot.Assessment.Tests.Chat;

public sealed class AssessmentChatTests
{
    // The CUS case (functional): typed as people type on a phone, without diacritics.
    private static readonly string[] TypedFunctional = ["sredni", "nowe zjawisko", "2", "silne", "srednio", "sredni", "1", "szybki efekt", "instytucja"];

    [Fact]
    public async Task Typed_answers_numbers_titles_and_no_diacritics_reach_the_recommendation()
    {
        var bot = new ChatHarness();
        var replies = await bot.SendAsync("dobierz model");
        Assert.Equal("1/9", replies.QuestionCard().Step());

        for (var i = 0; i < TypedFunctional.Length; i++)
        {
            replies = await bot.SendAsync(TypedFunctional[i]);
            if (i < TypedFunctional.Length - 1)
            {
                Assert.Equal($"{i + 2}/9", replies.QuestionCard().Step());
            }
        }

        var recommendation = Assert.Single(replies, r => r.IsRecommendation());
        Assert.Contains("Model funkcjonalny", recommendation.AllText(), StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[-−]\d+ pkt", recommendation.AllText());
        Assert.Contains("72/100 (dobre)", recommendation.Card()!.ToJsonString(), StringComparison.Ordinal);

        var history = await UserAsync(bot, AssessmentStore.HistoryProperty);
        Assert.Equal("functional", (string?)history!["items"]![0]!["recommended"]);
        Assert.Null(await UserAsync(bot, AssessmentStore.ProgressProperty));

        // The dialog is over: the next message is not an answer.
        Assert.StartsWith(ChatHarness.Fallback, (await bot.SendAsync("2"))[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_clicks_answer_each_question_and_close_the_clicked_card()
    {
        var bot = new ChatHarness();
        var started = await bot.ExecuteAsync(AssessmentVerbs.Start, []);
        Assert.Equal(ContentTypes.Message, (string?)started!["type"]);
        var card = bot.Replies.QuestionCard();

        for (var step = 1; step <= 9; step++)
        {
            Assert.Equal($"{step}/9", card.Step());
            var response = await bot.ExecuteAsync(AssessmentVerbs.Answer, card.AnswerButton(1));
            var closed = (JsonObject)response!["value"]!;
            Assert.Contains(Replies.Texts(closed), t => t.StartsWith("✓ Odpowiedź:", StringComparison.Ordinal));
            Assert.DoesNotContain(Replies.Actions(closed), static a => a["verb"] is not null);
            if (step < 9)
            {
                card = bot.Replies.QuestionCard();
            }
        }

        Assert.Contains(bot.Replies, r => r.IsRecommendation());
    }

    [Fact]
    public async Task Typed_answers_and_clicks_mix()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("jaki model współpracy wybrać?");
        await bot.SendAsync("duzo");
        await bot.ExecuteAsync(AssessmentVerbs.Answer, bot.Replies.QuestionCard().AnswerButton(2));
        await bot.SendAsync("DUŻE");
        await bot.ExecuteAsync(AssessmentVerbs.Answer, bot.Replies.QuestionCard().AnswerButton(2));
        await bot.SendAsync("srednio");
        await bot.SendAsync("średni");
        await bot.ExecuteAsync(AssessmentVerbs.Answer, bot.Replies.QuestionCard().AnswerButton(3));
        await bot.SendAsync("dlugofalowo");
        var replies = await bot.SendAsync("miasto");

        var recommendation = Assert.Single(replies, r => r.IsRecommendation());
        Assert.Contains("Model strategiczny", recommendation.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partial_and_short_answers_are_recognised()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        foreach (var answer in new[] { "2", "1", "2", "2", "2", "2", "2", "2" })
        {
            await bot.SendAsync(answer);
        }

        Assert.Equal("9/9", bot.Replies.QuestionCard().Step());
        var replies = await bot.SendAsync("NGO");
        Assert.Contains(replies, r => r.IsRecommendation());

        var second = new ChatHarness(bot.Storage) { ConversationId = "a:personal-2" };
        await second.SendAsync("dobierz model");
        foreach (var answer in new[] { "2", "1", "2", "2", "2", "2", "2", "2" })
        {
            await second.SendAsync(answer);
        }

        Assert.Contains((await second.SendAsync("mieszk")), r => r.IsRecommendation());
        var progress = await UserAsync(second, AssessmentStore.HistoryProperty);
        Assert.Equal("residents", (string?)progress!["items"]![0]!["answers"]!["leaderCandidate"]);
    }

    [Fact]
    public async Task Back_clears_the_previous_answer_and_asks_it_again()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        await bot.SendAsync("1");
        await bot.SendAsync("1");
        var replies = await bot.SendAsync("wstecz");

        Assert.Contains(replies, r => r.Text?.Contains("2/9", StringComparison.Ordinal) == true);
        Assert.Equal("2/9", replies.QuestionCard().Step());
        var progress = await UserAsync(bot, AssessmentStore.ProgressProperty);
        Assert.Equal(1, (int)progress!["step"]!);
        Assert.Null(progress["answers"]!["migrationNovelty"]);
        Assert.Equal("small", (string?)progress["answers"]!["migrantScale"]);

        await bot.SendAsync("wstecz");
        replies = await bot.SendAsync("wstecz");
        Assert.Contains(replies, r => r.Text == "To pierwsze pytanie — nie ma do czego wrócić.");
        Assert.Equal("1/9", replies.QuestionCard().Step());
    }

    [Fact]
    public async Task Help_is_contextual_and_repeats_the_same_question()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        await bot.SendAsync("2");
        var replies = await bot.SendAsync("pomoc");

        Assert.Contains("Czy miasto ma już doświadczenie", replies[0].Text, StringComparison.Ordinal);
        Assert.Contains("nie wiem", replies[0].Text, StringComparison.Ordinal);
        Assert.Equal("2/9", replies.QuestionCard().Step());
        Assert.DoesNotContain(replies, r => r.AllText().Contains("Co mogę zrobić", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Skip_leaves_the_factor_unanswered()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        var replies = await bot.SendAsync("nie wiem");
        Assert.Equal("2/9", replies.QuestionCard().Step());
        await bot.ExecuteAsync(AssessmentVerbs.Skip, new JsonObject { ["factor"] = "migrationNovelty", ["step"] = 2 });
        Assert.Equal("3/9", bot.Replies.QuestionCard().Step());

        var progress = await UserAsync(bot, AssessmentStore.ProgressProperty);
        Assert.Null(progress!["answers"]!["migrantScale"]);
        Assert.Null(progress["answers"]!["migrationNovelty"]);
    }

    [Fact]
    public async Task Cancel_asks_first_then_ends_and_keeps_the_answers_for_later()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        await bot.SendAsync("1");
        await bot.SendAsync("1");

        var replies = await bot.SendAsync("anuluj");
        Assert.Contains("Czy na pewno przerwać?", replies[0].AllText(), StringComparison.Ordinal);
        replies = await bot.SendAsync("nie");
        Assert.Equal("3/9", replies.QuestionCard().Step());

        await bot.SendAsync("anuluj");
        replies = await bot.SendAsync("tak");
        Assert.Contains(replies, r => r.Text?.StartsWith("Przerwano", StringComparison.Ordinal) == true);
        Assert.Contains(replies, r => r.Text?.Contains("pytania 3/9", StringComparison.Ordinal) == true);
        Assert.StartsWith(ChatHarness.Fallback, (await bot.SendAsync("1"))[0].Text, StringComparison.Ordinal);

        replies = await bot.SendAsync("dobierz model");
        Assert.Contains(replies, r => r.Text?.StartsWith("Masz niedokończoną ocenę — kontynuujemy od pytania 3/9", StringComparison.Ordinal) == true);
        Assert.Equal("3/9", replies.QuestionCard().Step());
    }

    [Fact]
    public async Task Cancel_before_any_answer_does_not_claim_that_answers_were_kept()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        await bot.SendAsync("anuluj");

        var replies = await bot.SendAsync("tak");

        Assert.Contains(replies, r => r.Text?.StartsWith("Przerwano", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(replies, r => r.Text?.Contains("Dotychczasowe odpowiedzi", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Restart_starts_from_the_first_question_with_no_answers()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        await bot.SendAsync("1");
        await bot.SendAsync("1");
        var replies = await bot.SendAsync("od nowa");

        Assert.Equal("1/9", replies.QuestionCard().Step());
        var progress = await UserAsync(bot, AssessmentStore.ProgressProperty);
        Assert.Equal(0, (int)progress!["step"]!);
        Assert.Null(progress["answers"]!["migrantScale"]);

        // The welcome card's "Zacznij od nowa" does the same from outside the dialog.
        await bot.SendAsync("2");
        await bot.ExecuteAsync(AssessmentVerbs.Restart, []);
        Assert.Equal("1/9", bot.Replies.QuestionCard().Step());
    }

    [Fact]
    public async Task A_click_on_an_older_card_explains_and_shows_the_current_question()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        var first = bot.Replies.QuestionCard();
        await bot.SendAsync("1");
        await bot.SendAsync("1");

        var response = await bot.ExecuteAsync(AssessmentVerbs.Answer, first.AnswerButton(3));

        var closed = (JsonObject)response!["value"]!;
        Assert.Contains("To pytanie jest już nieaktualne.", Replies.Texts(closed));
        Assert.Contains(bot.Replies, r => r.Text?.Contains("jesteśmy przy pytaniu 3/9", StringComparison.OrdinalIgnoreCase) == true);
        Assert.Equal("3/9", bot.Replies.QuestionCard().Step());
        var progress = await UserAsync(bot, AssessmentStore.ProgressProperty);
        Assert.Equal("small", (string?)progress!["answers"]!["migrantScale"]);

        // A garbled click is answered too, never an error.
        response = await bot.ExecuteAsync(AssessmentVerbs.Answer, new JsonObject { ["factor"] = "nonsense", ["step"] = "x" });
        Assert.Equal(ContentTypes.Message, (string?)response!["type"]);
    }

    [Fact]
    public async Task An_unfinished_assessment_resumes_after_a_host_restart_in_a_new_conversation()
    {
        var storage = new MemoryStorage();
        var before = new ChatHarness(storage);
        await before.SendAsync("dobierz model");
        await before.SendAsync("3");
        await before.SendAsync("2");
        await before.SendAsync("3");

        var sameConversation = new ChatHarness(storage);
        var replies = await sameConversation.SendAsync("2");
        Assert.Equal("5/9", replies.QuestionCard().Step());

        var newConversation = new ChatHarness(storage) { ConversationId = "a:personal-new" };
        replies = await newConversation.SendAsync("find model");
        Assert.Contains(replies, r => r.Text?.StartsWith("Masz niedokończoną ocenę — kontynuujemy od pytania 5/9", StringComparison.Ordinal) == true);
        Assert.Equal("5/9", replies.QuestionCard().Step());

        // The welcome card shows it as well.
        replies = await new ChatHarness(storage) { ConversationId = "a:third" }.SendAsync("menu");
        Assert.Contains("5/9", replies[0].AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_is_validated_and_answered_with_the_recommendation_in_place()
    {
        var bot = new ChatHarness();
        var bad = await bot.ExecuteAsync(AssessmentVerbs.SubmitForm, new JsonObject { ["migrantScale"] = "huge" });
        Assert.Contains("„huge”", (string?)bad!["value"], StringComparison.Ordinal);
        Assert.Contains("small", (string?)bad["value"], StringComparison.Ordinal);

        var empty = await bot.ExecuteAsync(AssessmentVerbs.SubmitForm, new JsonObject { ["migrantScale"] = "" });
        Assert.Equal(ContentTypes.Message, (string?)empty!["type"]);

        var data = new JsonObject();
        foreach (var (factor, value) in Answers.RelationalTextbook.ToWire())
        {
            data[factor] = value;
        }

        var response = await bot.ExecuteAsync(AssessmentVerbs.SubmitForm, data);
        Assert.Equal(ContentTypes.AdaptiveCard, (string?)response!["type"]);
        Assert.Contains("Model relacyjny", string.Join('\n', Replies.Texts(response["value"]!)), StringComparison.Ordinal);
        var history = await UserAsync(bot, AssessmentStore.HistoryProperty);
        Assert.Equal("form", (string?)history!["items"]![0]!["mode"]);
    }

    [Fact]
    public async Task Past_assessments_are_listed_newest_first_capped_and_shown_again()
    {
        var bot = new ChatHarness();
        Assert.Contains("Nie masz jeszcze", (await bot.SendAsync("moje oceny"))[0].Text, StringComparison.Ordinal);

        await SubmitAsync(bot, Answers.StrategicTextbook);
        bot.Clock.Now = bot.Clock.Now.AddDays(1);
        await SubmitAsync(bot, Answers.OperationalTextbook);

        var list = (await bot.SendAsync("my assessments"))[0].Card()!;
        var texts = Replies.Texts(list).ToArray();
        Assert.True(Array.FindIndex(texts, t => t == "Model operacyjny") < Array.FindIndex(texts, t => t == "Model strategiczny"));
        var firstId = (string?)Replies.Actions(list).First(a => (string?)a["verb"] == AssessmentVerbs.ShowResult)["data"]!["id"];

        await bot.ExecuteAsync(AssessmentVerbs.ShowResult, new JsonObject { ["id"] = firstId });
        Assert.Contains("Model operacyjny", Assert.Single(bot.Replies, r => r.IsRecommendation()).AllText(), StringComparison.Ordinal);

        for (var i = 0; i < 21; i++)
        {
            await SubmitAsync(bot, Answers.FunctionalTextbook);
        }

        var history = await UserAsync(bot, AssessmentStore.HistoryProperty);
        Assert.Equal(20, history!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Checklist_toggles_are_saved_per_user_and_the_progress_is_shown()
    {
        var bot = new ChatHarness();
        Assert.Contains("dobierz model", (await bot.SendAsync("lista kontrolna"))[0].Text, StringComparison.Ordinal);

        await SubmitAsync(bot, Answers.StrategicTextbook);
        var card = (await bot.SendAsync("lista kontrolna"))[0].Card()!;
        Assert.Contains("0/12", Replies.Texts(card));

        var response = await bot.ExecuteAsync(AssessmentVerbs.ChecklistSave, new JsonObject
        {
            ["model"] = "strategic",
            ["strategic.city.strategy"] = "true",
            ["strategic.city.coordination"] = "true",
            ["strategic.business.needs"] = "false",
            ["not.a.task"] = "true",
        });
        Assert.Contains("2/12", Replies.Texts(response!["value"]!));

        // Saved in user state: another conversation (and a restarted host) sees the same ticks.
        var later = new ChatHarness(bot.Storage) { ConversationId = "a:other" };
        await later.ExecuteAsync(AssessmentVerbs.Checklist, new JsonObject { ["model"] = "strategic" });
        var reopened = later.Replies[0].Card()!;
        Assert.Contains("2/12", Replies.Texts(reopened));
        Assert.Equal("true", (string?)FindInput(reopened, "strategic.city.strategy")["value"]);
    }

    [Fact]
    public async Task Partner_map_shows_the_gaps_against_the_model_and_is_saved()
    {
        var bot = new ChatHarness();
        var response = await bot.ExecuteAsync(AssessmentVerbs.PartnerMapSave, new JsonObject
        {
            ["model"] = "relational",
            ["sector.city"] = "true",
            ["sector.ngo"] = "true",
        });

        var texts = Replies.Texts(response!["value"]!).ToArray();
        Assert.Contains("Brakuje jeszcze:", texts);
        Assert.Contains(texts, t => t.StartsWith("! Mieszkańcy", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.StartsWith("! Organizacje pozarządowe", StringComparison.Ordinal));
        var map = await UserAsync(bot, AssessmentStore.PartnerMapProperty);
        Assert.Equal(["city", "ngo"], map!["sectors"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task Shared_conversations_get_no_personal_data()
    {
        var storage = new MemoryStorage();
        var personal = new ChatHarness(storage);
        await SubmitAsync(personal, Answers.RelationalTextbook);

        var channel = new ChatHarness(storage) { ConversationId = "19:channel@thread", ConversationType = ConversationTypes.Channel };
        foreach (var command in new[] { "dobierz model", "moje oceny", "lista kontrolna", "which cooperation model should we use" })
        {
            var reply = Assert.Single(await channel.SendAsync(command));
            Assert.Contains("czat", reply.Text, StringComparison.OrdinalIgnoreCase);
            Assert.Null(reply.Card());
        }

        foreach (var verb in new[] { AssessmentVerbs.Start, AssessmentVerbs.History, AssessmentVerbs.Checklist, AssessmentVerbs.SubmitForm, AssessmentVerbs.PartnerMapSave })
        {
            var response = await channel.ExecuteAsync(verb, new JsonObject { ["model"] = "relational" });
            Assert.Equal(ContentTypes.Message, (string?)response!["type"]);
            Assert.Empty(channel.Replies);
        }

        // General content is fine, but never highlighted with the user's own result.
        await channel.SendAsync("porównaj modele");
        Assert.DoesNotContain("relacyjny", string.Join('\n', Replies.Texts(channel.Replies[0].Card()!).Where(t => t.Contains('★'))), StringComparison.Ordinal);
        var welcome = (await channel.SendAsync("pomoc"))[0].AllText();
        Assert.DoesNotContain("Anna", welcome, StringComparison.Ordinal);
        Assert.Contains("czacie prywatnym", welcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Welcome_is_sent_once_per_user_and_conversation()
    {
        var storage = new MemoryStorage();
        var bot = new ChatHarness(storage);
        var added = () => new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            MembersAdded = [new ChannelAccount { Id = "29:user-anna", Name = "Anna Kowalska" }],
        };

        var replies = await bot.EventAsync(added());
        Assert.Contains("Dzień dobry, Anna Kowalska!", replies[0].AllText(), StringComparison.Ordinal);
        Assert.Empty(await bot.EventAsync(added()));
        Assert.Empty(await bot.EventAsync(new Activity { Type = ActivityTypes.InstallationUpdate, Action = "add" }));

        var other = new ChatHarness(storage) { ConversationId = "a:personal-2" };
        Assert.Single(await other.EventAsync(new Activity { Type = ActivityTypes.InstallationUpdate, Action = "add" }));

        var team = new ChatHarness(storage) { ConversationId = "19:team@thread", ConversationType = ConversationTypes.Channel };
        var botAdded = () => new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new ChannelAccount { Id = "28:consultbot" }] };
        var teamWelcome = Assert.Single(await team.EventAsync(botAdded())).AllText();
        Assert.DoesNotContain("Anna", teamWelcome, StringComparison.Ordinal);
        Assert.Contains("czacie prywatnym", teamWelcome, StringComparison.Ordinal);
        Assert.Empty(await team.EventAsync(botAdded()));
        Assert.Empty(await team.EventAsync(added()));
    }

    [Fact]
    public async Task Greetings_outside_a_dialog_show_the_welcome_and_inside_help_belongs_to_the_dialog()
    {
        var bot = new ChatHarness();
        foreach (var greeting in new[] { "pomoc", "help", "cześć", "hej", "menu" })
        {
            Assert.Contains("Co mogę zrobić", (await bot.SendAsync(greeting))[0].AllText(), StringComparison.Ordinal);
        }

        await bot.SendAsync("dobierz model");
        var replies = await bot.SendAsync("pomoc");
        Assert.DoesNotContain(replies, r => r.AllText().Contains("Co mogę zrobić", StringComparison.Ordinal));
        Assert.Equal("1/9", replies.QuestionCard().Step());
    }

    [Fact]
    public async Task A_question_at_a_prompt_goes_on_to_other_routes_and_the_same_question_is_asked_again()
    {
        // Issue 13 replaced the old behaviour (the question paused the assessment): the assessment now stays where it was.
        var bot = new ChatHarness();
        Assert.StartsWith(ChatHarness.Fallback, (await bot.SendAsync("co to jest model strategiczny"))[0].Text, StringComparison.Ordinal);

        await bot.SendAsync("dobierz model");
        await bot.SendAsync("1");
        foreach (var question in new[] { "co to jest model strategiczny?", "co to jest model strategiczny", "what is the strategic model?" })
        {
            var replies = await bot.SendAsync(question);
            Assert.Equal(ChatHarness.Fallback + question, replies[0].Text);
            Assert.Contains(replies, r => r.Text?.Contains("2/9", StringComparison.Ordinal) == true);
            Assert.Equal("2/9", replies.QuestionCard().Step());
        }

        Assert.Equal("3/9", (await bot.SendAsync("nowe zjawisko")).QuestionCard().Step());
    }

    [Fact]
    public async Task An_unrecognised_short_answer_that_no_command_takes_gets_the_retry_hint()
    {
        var bot = new ChatHarness();
        await bot.SendAsync("dobierz model");
        var replies = await bot.SendAsync("xyz");
        Assert.StartsWith("Nie rozpoznaję", replies[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(replies, r => r.Text?.StartsWith(ChatHarness.Fallback, StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Options_win_over_question_shape_unless_the_message_asks_something_else()
    {
        var progress = new AssessmentProgress("a-1", DateTimeOffset.UnixEpoch, (int)FactorId.LeaderCandidate, AssessmentAnswers.Empty);
        Assert.Null(AssessmentDialog.Digressing("ngo", progress, "pl"));
        Assert.Null(AssessmentDialog.Digressing("chyba stowarzyszenie", progress, "pl"));
        Assert.Null(AssessmentDialog.Digressing("3", progress, "pl"));
        Assert.Equal(AssessmentDialog.QuestionDigression, AssessmentDialog.Digressing("jaka jest rola ngo?", progress, "pl"));
        Assert.Equal(AssessmentDialog.OtherDigression, AssessmentDialog.Digressing("moje zgłoszenia", progress, "pl"));
        var scale = progress with { Step = 0 };
        Assert.Null(AssessmentDialog.Digressing("mamy sporo migrantow", scale, "pl"));
    }

    [Fact]
    public async Task A_city_description_is_read_factor_by_factor()
    {
        var answers = CityDescription.Read("mamy ok. 80 tys. mieszkancow, migrantow przybywa od dwoch lat, w urzedzie malo ludzi, ale jest prezne stowarzyszenie ktore juz pomaga — jaki model?");
        Assert.Equal(MigrationNovelty.New, answers.MigrationNovelty);
        Assert.Equal(AdminCapacity.Limited, answers.AdminCapacity);
        Assert.Equal(NgoStrength.Strong, answers.NgoStrength);
        Assert.Null(answers.MigrantScale);
        Assert.Null(answers.CommunityActivity);
        Assert.Equal(3, answers.AnsweredCount);

        var bot = new ChatHarness();
        var replies = await bot.SendAsync("migrantow jest u nas od lat bardzo duzo, mieszkancy sa bierni, zaufanie niskie — jaki model wybrac?");
        Assert.Contains("zrozumiałem", replies[0].Text, StringComparison.Ordinal);
        Assert.Equal("3/9", replies.QuestionCard().Step());
    }

    [Fact]
    public async Task English_users_get_english_cards_and_texts()
    {
        var bot = new ChatHarness { Locale = "en-US" };
        var replies = await bot.SendAsync("which cooperation model should we use");
        Assert.Contains("How many migrants live in your city?", replies.QuestionCard().ToJsonString(), StringComparison.Ordinal);
        replies = await bot.SendAsync("help");
        Assert.Contains("not sure", replies[0].Text, StringComparison.Ordinal);
    }

    private static async Task SubmitAsync(ChatHarness bot, AssessmentAnswers answers)
    {
        var data = new JsonObject();
        foreach (var (factor, value) in answers.ToWire())
        {
            data[factor] = value;
        }

        await bot.ExecuteAsync(AssessmentVerbs.SubmitForm, data);
    }

    private static async Task<JsonNode?> UserAsync(ChatHarness bot, string property)
    {
        var key = $"{Channels.Msteams}/users/{bot.UserId}";
        var items = await bot.Storage.ReadAsync([key], TestContext.Current.CancellationToken);
        return items.TryGetValue(key, out var item) ? JsonNode.Parse(item.Json)![property] : null;
    }

    private static JsonObject FindInput(JsonNode node, string id) => node switch
    {
        JsonObject o when (string?)o["id"] == id => o,
        JsonObject o => o.Select(p => p.Value is null ? null : TryFind(p.Value, id)).FirstOrDefault(x => x is not null) ?? throw new InvalidOperationException(id),
        _ => TryFind(node, id) ?? throw new InvalidOperationException(id),
    };

    private static JsonObject? TryFind(JsonNode node, string id) => node switch
    {
        JsonObject o when (string?)o["id"] == id => o,
        JsonObject o => o.Select(p => p.Value is null ? null : TryFind(p.Value, id)).FirstOrDefault(x => x is not null),
        JsonArray a => a.Select(i => i is null ? null : TryFind(i, id)).FirstOrDefault(x => x is not null),
        _ => null,
    };
}
