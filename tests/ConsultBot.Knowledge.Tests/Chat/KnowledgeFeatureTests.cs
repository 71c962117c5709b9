using System.Text.Json.Nodes;
using ConsultBot.Handoff;
using ConsultBot.Knowledge.Chat;
using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultBot.Knowledge.Tests.Chat;

public sealed class KnowledgeFeatureTests(LanguageDataFixture fixture)
{
    private static JsonObject Data(params (string Key, JsonNode? Value)[] values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values)
        {
            o[k] = v;
        }

        return o;
    }

    [Fact]
    public async Task Question_without_diacritics_gets_the_answer_card()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (_, sent) = await h.RunAsync(h.Message("od czego zaczac budowanie partnerstwa w miescie"));

        var card = CardJson.Card(Assert.Single(sent));
        var texts = CardJson.Texts(card).ToList();
        Assert.Equal("Od czego zacząć budowanie partnerstwa w mieście?", texts[0]);
        Assert.Contains(texts, t => t.Contains("nie zaczynaj od projektów", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Źródło: Webinar", StringComparison.Ordinal));

        var actions = CardJson.Actions(card).ToList();
        var related = actions.Where(a => a["verb"]!.GetValue<string>() == FaqVerbs.Show).ToList();
        Assert.Equal(["mapa-partnerow", "partnerstwo-jak-nawiazac", "partnerstwo-podzial-rol"], related.Select(a => a["data"]!["id"]!.GetValue<string>()));
        var feedback = actions.Where(a => a["verb"]!.GetValue<string>() == FaqVerbs.Feedback).ToList();
        Assert.Equal(2, feedback.Count);
        Assert.Equal("od czego zaczac budowanie partnerstwa w miescie", feedback[0]["data"]!["question"]!.GetValue<string>());
        Assert.Contains(actions, a => a["verb"]!.GetValue<string>() == HandoffVerbs.Ask && a["title"]!.GetValue<string>() == "Zapytaj konsultanta");
    }

    [Fact]
    public async Task English_user_gets_the_english_entry_and_a_marked_polish_fallback()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (_, sent) = await h.RunAsync(h.Message("what is the role of NGOs in migrant integration", "en-US"));
        var texts = CardJson.Texts(CardJson.Card(Assert.Single(sent))).ToList();
        Assert.Equal("What is the role of NGOs in migrant integration?", texts[0]);
        Assert.DoesNotContain("(answer in Polish)", texts);

        // Entry without an English version (every seed entry has one; an admin may add one in Polish only), shown to an English user.
        await h.Store.UpsertAsync(TestEntries.Entry("tylko-po-polsku", "Czy miasto może użyczyć lokal stowarzyszeniu?", "Tak, na podstawie umowy użyczenia."), null, "tests", TestContext.Current.CancellationToken);
        var (context, _) = await h.RunAsync(h.CardAction(FaqVerbs.Show, Data(("id", "tylko-po-polsku")), "en-US"));
        var card = (JsonObject)context.InvokeResponse!.Body!["value"]!;
        texts = [.. CardJson.Texts(card)];
        Assert.Equal("(answer in Polish)", texts[1]);
        Assert.Contains(texts, t => t.StartsWith("Source:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ambiguous_question_gets_suggestion_buttons_and_a_consultant_button()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (_, sent) = await h.RunAsync(h.Message("kto jest liderem"));

        var card = CardJson.Card(Assert.Single(sent));
        Assert.Equal("Czy chodziło o…", CardJson.Texts(card).First());
        var actions = CardJson.Actions(card).ToList();
        var shows = actions.Where(a => a["verb"]!.GetValue<string>() == FaqVerbs.Show).ToList();
        Assert.Equal(3, shows.Count);
        Assert.All(shows, a => Assert.StartsWith("model-", a["data"]!["id"]!.GetValue<string>(), StringComparison.Ordinal));
        var ask = Assert.Single(actions, a => a["verb"]!.GetValue<string>() == HandoffVerbs.Ask);
        Assert.Equal("Żadne z tych — zapytaj konsultanta", ask["title"]!.GetValue<string>());
        Assert.Equal("kto jest liderem", ask["data"]!["question"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("jaka bedzie jutro pogoda w krakowie")]
    [InlineData("przepis na pierogi ruskie")]
    public async Task Out_of_domain_question_gets_an_honest_no_answer_and_a_consultant_offer(string question)
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (_, sent) = await h.RunAsync(h.Message(question));

        Assert.StartsWith("Nie znalazłem odpowiedzi", sent[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("dobierz model", sent[0].Text, StringComparison.Ordinal);
        Assert.Equal("[handoff offer]", sent[1].Text);
        var offer = Assert.Single(h.Handoff.Offers);
        Assert.Equal(question, offer.Question);

        var unanswered = await h.Services.GetRequiredService<FaqFeedbackLog>().ListUnansweredAsync(10, CancellationToken.None);
        var kept = Assert.Single(unanswered);
        Assert.Equal(question, kept.Question);
        Assert.Equal("pl", kept.Locale);
        Assert.Equal("29:user-anna", kept.UserId);
        Assert.Equal("none", kept.Reason);
        Assert.Equal(h.Time.GetUtcNow(), kept.At);
    }

    [Fact]
    public async Task Unanswered_model_choice_question_points_to_dobierz_model()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (_, sent) = await h.RunAsync(h.Message("mamy 40 tys mieszkancow i duzo ukraincow, jaki model wybrac dla nas"));

        // Whatever the decision, a none reply about choosing a model must carry the pointer.
        if (sent[0].Attachments is { Count: > 0 })
        {
            Assert.True(ModelChoice.IsAbout("ktory model wybrac"));
            return;
        }

        Assert.Contains("**dobierz model**", sent[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ktory model wybrac", true)]
    [InlineData("jak dobrac wspolprace", true)]
    [InlineData("Który model będzie najlepszy?", true)]
    [InlineData("which one should we choose", true)]
    [InlineData("ktory urzad wydaje zezwolenia", false)]
    [InlineData("pogoda na jutro", false)]
    public void Model_choice_detection_uses_folded_keywords(string text, bool expected) =>
        Assert.Equal(expected, ModelChoice.IsAbout(text));

    [Fact]
    public async Task Model_choice_pointer_is_added_to_a_none_reply()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (_, sent) = await h.RunAsync(h.Message("ktory model wybrac na zime dla psa"));
        Assert.Null(sent[0].Attachments?.FirstOrDefault());
        Assert.StartsWith("Nie znalazłem odpowiedzi", sent[0].Text, StringComparison.Ordinal);
        Assert.Contains("**dobierz model**", sent[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Follow_up_button_shows_the_related_entry_as_an_invoke_response()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (_, sent) = await h.RunAsync(h.Message("od czego zaczac budowanie partnerstwa w miescie"));
        var follow = CardJson.Actions(CardJson.Card(sent[0])).First(a => a["verb"]!.GetValue<string>() == FaqVerbs.Show);

        var (context, _) = await h.RunAsync(h.CardAction(FaqVerbs.Show, (JsonObject)follow["data"]!.DeepClone()));

        Assert.Equal(200, context.InvokeResponse!.Status);
        Assert.Equal(ContentTypes.AdaptiveCard, context.InvokeResponse.Body!["type"]!.GetValue<string>());
        var card = (JsonObject)context.InvokeResponse.Body["value"]!;
        Assert.Equal("Co to jest mapa partnerów i po co ją robić?", CardJson.Texts(card).First());

        // The original question travels on, so feedback on the follow-up is stored with it.
        var feedback = CardJson.Actions(card).First(a => a["verb"]!.GetValue<string>() == FaqVerbs.Feedback);
        Assert.Equal("od czego zaczac budowanie partnerstwa w miescie", feedback["data"]!["question"]!.GetValue<string>());
    }

    [Fact]
    public async Task Thumbs_up_is_stored_and_the_card_is_refreshed_with_thanks()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (context, sent) = await h.RunAsync(h.CardAction(FaqVerbs.Feedback, Data(("id", "rola-ngo"), ("helpful", true), ("question", "po co nam ngo"))));

        Assert.Empty(sent);
        var card = (JsonObject)context.InvokeResponse!.Body!["value"]!;
        Assert.Contains("✔ Dziękuję za opinię!", CardJson.Texts(card));
        Assert.DoesNotContain(CardJson.Actions(card), a => a["verb"]!.GetValue<string>() == FaqVerbs.Feedback);

        var stored = Assert.Single(await h.Services.GetRequiredService<FaqFeedbackLog>().ListFeedbackAsync("rola-ngo", CancellationToken.None));
        Assert.True(stored.Helpful);
        Assert.Equal("po co nam ngo", stored.Question);
        Assert.Equal("pl", stored.Locale);
        Assert.Equal("29:user-anna", stored.UserId);
        Assert.Equal(h.Time.GetUtcNow(), stored.At);
        Assert.Empty(await h.Services.GetRequiredService<FaqFeedbackLog>().ListUnansweredAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task Thumbs_down_is_stored_kept_as_unanswered_and_offers_a_consultant()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (context, sent) = await h.RunAsync(h.CardAction(FaqVerbs.Feedback, Data(("id", "rola-ngo"), ("helpful", false), ("question", "po co nam ngo"))));

        var card = (JsonObject)context.InvokeResponse!.Body!["value"]!;
        Assert.DoesNotContain(CardJson.Actions(card), a => a["verb"]!.GetValue<string>() is FaqVerbs.Feedback or HandoffVerbs.Ask);
        Assert.Equal("[handoff offer]", Assert.Single(sent).Text);
        var offer = Assert.Single(h.Handoff.Offers);
        Assert.Equal("po co nam ngo", offer.Question);
        Assert.Equal("rola-ngo", Assert.Single(offer.Considered).Id);

        var log = h.Services.GetRequiredService<FaqFeedbackLog>();
        Assert.False(Assert.Single(await log.ListFeedbackAsync("rola-ngo", CancellationToken.None)).Helpful);
        var kept = Assert.Single(await log.ListUnansweredAsync(10, CancellationToken.None));
        Assert.Equal(("po co nam ngo", "not-helpful", "rola-ngo"), (kept.Question, kept.Reason, kept.EntryId));
    }

    [Fact]
    public async Task Zadaj_pytanie_shows_a_prompt_with_example_buttons()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var (context, _) = await h.RunAsync(h.CardAction(FaqVerbs.Ask, []));
        var card = (JsonObject)context.InvokeResponse!.Body!["value"]!;
        Assert.StartsWith("Napisz pytanie własnymi słowami", CardJson.Texts(card).ElementAt(1), StringComparison.Ordinal);
        var examples = CardJson.Actions(card).Where(a => a["verb"]!.GetValue<string>() == FaqVerbs.Show).ToList();
        Assert.Equal(4, examples.Count);
        Assert.Equal("model-jak-wybrac", examples[0]["data"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recent_turns_are_kept_for_the_consultant_context()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        await h.RunAsync(h.Message("od czego zaczac budowanie partnerstwa w miescie"));
        var (context, _) = await h.RunAsync(h.Message("przepis na pierogi"));

        var provider = h.Services.GetRequiredService<IConversationContextProvider>();
        Assert.IsType<ConversationTranscript>(provider);
        var turns = await provider.GetRecentTurnsAsync(context, 10, CancellationToken.None);
        Assert.Equal(4, turns.Count);
        Assert.Equal((ContextSpeaker.User, "od czego zaczac budowanie partnerstwa w miescie"), (turns[0].Speaker, turns[0].Text));
        Assert.Equal(ContextSpeaker.Bot, turns[1].Speaker);
        Assert.Contains("Od czego zacząć budowanie partnerstwa", turns[1].Text, StringComparison.Ordinal);
        Assert.Equal("przepis na pierogi", turns[2].Text);
        Assert.Equal(2, (await provider.GetRecentTurnsAsync(context, 2, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Message_extension_returns_share_cards_with_thumbnail_previews()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var query = new JsonObject
        {
            ["commandId"] = FaqMessageExtension.CommandId,
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "q", ["value"] = "zaswiadczenie za webinary" }),
            ["queryOptions"] = new JsonObject { ["skip"] = 0, ["count"] = 25 },
        };
        var (context, sent) = await h.RunAsync(h.Invoke(InvokeNames.ComposeExtensionQuery, query));

        Assert.Empty(sent);
        Assert.Equal(200, context.InvokeResponse!.Status);
        var extension = context.InvokeResponse.Body!["composeExtension"]!;
        Assert.Equal("result", extension["type"]!.GetValue<string>());
        Assert.Equal("list", extension["attachmentLayout"]!.GetValue<string>());
        var first = extension["attachments"]!.AsArray()[0]!;
        Assert.Equal(ContentTypes.AdaptiveCard, first["contentType"]!.GetValue<string>());
        Assert.Equal("Czy za udział w webinarach dostanę zaświadczenie?", CardJson.Texts(first["content"]).ElementAt(1));
        Assert.Empty(CardJson.Actions(first["content"]));
        Assert.Null(first["content"]!["actions"]);
        Assert.Equal("application/vnd.microsoft.card.thumbnail", first["preview"]!["contentType"]!.GetValue<string>());
        Assert.Equal("Czy za udział w webinarach dostanę zaświadczenie?", first["preview"]!["content"]!["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(first["preview"]!["content"]!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Message_extension_initial_run_lists_popular_entries_and_no_hit_gives_an_empty_list()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        var initial = new JsonObject
        {
            ["commandId"] = FaqMessageExtension.CommandId,
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "initialRun", ["value"] = "true" }),
        };
        var (context, _) = await h.RunAsync(h.Invoke(InvokeNames.ComposeExtensionQuery, initial));
        var attachments = context.InvokeResponse!.Body!["composeExtension"]!["attachments"]!.AsArray();
        Assert.Equal(10, attachments.Count);
        Assert.Equal("Jak dobrać model współpracy do sytuacji miasta?", attachments[0]!["preview"]!["content"]!["title"]!.GetValue<string>());

        var none = new JsonObject
        {
            ["commandId"] = FaqMessageExtension.CommandId,
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "q", ["value"] = "kurs euro dzisiaj" }),
        };
        (context, _) = await h.RunAsync(h.Invoke(InvokeNames.ComposeExtensionQuery, none));
        Assert.Equal("""{"composeExtension":{"type":"result","attachmentLayout":"list","attachments":[]}}""", context.InvokeResponse!.Body!.ToJsonString());
    }

    [Fact]
    public async Task Registrations_replace_the_handoff_defaults()
    {
        await using var h = await KnowledgeHarness.CreateAsync(fixture.Data);
        Assert.IsType<KnowledgeFaqDraftSink>(h.Services.GetRequiredService<IFaqDraftSink>());
        var id = await h.Services.GetRequiredService<IFaqDraftSink>().ProposeAsync("Czy miasto moze <b>dofinansowac</b> kurs jezyka?", "Tak, w ramach zadań publicznych.", "Ewa Konsultantka", CancellationToken.None);
        var draft = await h.Store.GetAsync(id, CancellationToken.None);
        Assert.Equal(FaqStatus.Draft, draft!.Entry.Status);
        Assert.Equal("consultant:Ewa Konsultantka", draft.Entry.UpdatedBy);
        Assert.True(h.Services.GetRequiredService<IKnowledgeReadiness>().IsReady);
    }
}
