using System.Globalization;
using System.Resources;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Workshop.Poll;
using ConsultBot.Workshop.Quiz;
using ConsultBot.Workshop.Resources;

namespace ConsultBot.Workshop.Tests;

public sealed class WorkshopContentTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_text_exists_in_Polish_and_English()
    {
        var polish = Keys(WorkshopStrings.ResourceManager, CultureInfo.InvariantCulture);
        var english = Keys(WorkshopStrings.ResourceManager, CultureInfo.GetCultureInfo("en"), onlyThisCulture: true);
        Assert.NotEmpty(polish);
        Assert.Equal(polish.Order(StringComparer.Ordinal), english.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_poll_option_has_a_name_in_both_languages()
    {
        foreach (var option in TeamPoll.Options)
        {
            Assert.NotEqual("PollOption_" + option, PollHandlers.OptionName(option, "pl"));
            Assert.NotEqual(PollHandlers.OptionName(option, "pl"), PollHandlers.OptionName(option, "en"));
        }
    }

    [Fact]
    public void Every_card_template_has_the_same_text_keys_in_Polish_and_English_and_a_sample()
    {
        foreach (var card in new[] { "workshop-quiz", "workshop-poll", "workshop-plan-link" })
        {
            var texts = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "cards", card + ".texts.json")))!;
            Assert.Equal(texts["pl"]!.AsObject().Select(kv => kv.Key).Order(), texts["en"]!.AsObject().Select(kv => kv.Key).Order());
            Assert.True(File.Exists(Path.Combine(Root, "cards", "samples", card + ".pl.json")), card);
        }
    }

    [Fact]
    public void Every_seeded_quiz_question_is_valid_and_links_to_an_existing_knowledge_base_entry()
    {
        using var faq = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "ConsultBot.Knowledge", "Content", "faq.pl-en.json")));
        var entries = faq.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToHashSet(StringComparer.Ordinal);
        var questions = QuizStore.Embedded();

        Assert.InRange(questions.Count, 5, 20);
        Assert.Equal(questions.Count, questions.Select(q => q.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(questions, q => Assert.Null(q.Problem()));
        Assert.All(questions, q => Assert.Contains(q.EntryId, entries));
    }

    [Fact]
    public void A_question_with_the_correct_answer_out_of_range_is_refused()
    {
        var question = QuizStore.Embedded()[0] with { Correct = 9 };
        Assert.NotNull(question.Problem());
    }

    private static HashSet<string> Keys(ResourceManager manager, CultureInfo culture, bool onlyThisCulture = false)
    {
        // Not disposed: the manager caches the set and hands the same instance to every later lookup.
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: !onlyThisCulture)!;
        return [.. set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key)];
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConsultBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ConsultBot.sln not found above the test binaries.");
    }
}
