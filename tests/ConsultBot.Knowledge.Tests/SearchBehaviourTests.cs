using ConsultBot.Knowledge.Search;

namespace ConsultBot.Knowledge.Tests;

public sealed class SearchBehaviourTests(LanguageDataFixture fixture)
{
    private FaqSearchEngine Engine() => new(fixture.Data, TestEntries.Small());

    [Fact]
    public void Query_without_diacritics_finds_the_same_entry()
    {
        using var engine = Engine();
        var with = engine.Search("Jak miasto wspiera uchodźców?", "pl");
        var without = engine.Search("jak miasto wspiera uchodzcow", "pl");
        Assert.Equal("uchodzcy-wsparcie", with.Results[0].Id);
        Assert.Equal("uchodzcy-wsparcie", without.Results[0].Id);
    }

    [Fact]
    public void Abbreviation_finds_the_entry_written_in_full()
    {
        using var engine = Engine();
        Assert.Equal("osrodek-pomocy", engine.Search("czym sie zajmuje ops", "pl").Results[0].Id);
    }

    [Fact]
    public void Typo_still_finds_the_entry()
    {
        using var engine = Engine();
        var response = engine.Search("zaswiadczenie o udzaile w szkoleniu", "pl");
        Assert.NotEqual(FaqDecision.None, response.Decision);
        Assert.Equal("zaswiadczenie-szkolenie", response.Results[0].Id);
    }

    [Theory]
    [InlineData("jaka będzie jutro pogoda")]
    [InlineData("przepis na sernik")]
    [InlineData("kurs dolara w banku")]
    [InlineData("jak wyrobic dowod osobisty")]
    [InlineData("what is the weather tomorrow")]
    public void Out_of_domain_question_gets_none(string query)
    {
        using var engine = new FaqSearchEngine(fixture.Data, fixture.Seed.Entries);
        var response = engine.Search(query, "pl");
        Assert.Equal(FaqDecision.None, response.Decision);
        Assert.Empty(response.Results);
    }

    [Fact]
    public void Weather_question_gets_none()
    {
        using var engine = new FaqSearchEngine(fixture.Data, fixture.Seed.Entries);
        Assert.Equal(FaqDecision.None, engine.Search("pogoda na weekend w Krakowie", "pl").Decision);
    }

    [Fact]
    public void Clear_in_domain_question_gets_an_answer()
    {
        using var engine = new FaqSearchEngine(fixture.Data, fixture.Seed.Entries);
        var response = engine.Search("kto jest liderem w modelu operacyjnym", "pl");
        Assert.Equal(FaqDecision.Answer, response.Decision);
        Assert.Equal("model-operacyjny-lider", response.Results[0].Id);
        Assert.InRange(response.Results[0].Confidence, 0.0, 1.0);
    }

    [Fact]
    public void English_query_gets_the_english_translation()
    {
        using var engine = Engine();
        var hit = engine.Search("how does the city support refugees", "en").Results[0];
        Assert.Equal("uchodzcy-wsparcie", hit.Id);
        Assert.Equal("en", hit.Locale);
        Assert.False(hit.FallbackLanguage);
        Assert.StartsWith("The city", hit.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void English_query_without_english_entry_falls_back_to_polish_marked()
    {
        using var engine = Engine();
        var hit = engine.Search("certificate", "en").Results[0];
        Assert.Equal("zaswiadczenie-szkolenie", hit.Id);
        Assert.Equal("pl", hit.Locale);
        Assert.True(hit.FallbackLanguage);
    }

    [Fact]
    public void Suggestions_are_capped_at_three()
    {
        using var engine = new FaqSearchEngine(fixture.Data, fixture.Seed.Entries);
        foreach (var q in new[] { "model", "korzysci modelu", "partnerstwo", "migranci" })
        {
            var r = engine.Search(q, "pl", 10);
            if (r.Decision == FaqDecision.Suggest)
            {
                Assert.InRange(r.Results.Count, 1, 3);
            }
        }
    }

    [Fact]
    public void Draft_entries_are_not_searchable()
    {
        using var engine = new FaqSearchEngine(fixture.Data, [TestEntries.Entry("szkic", "Jak działa budżet obywatelski?", "Szkic.", status: FaqStatus.Draft)]);
        Assert.Equal(0, engine.Count);
        Assert.Equal(FaqDecision.None, engine.Search("budzet obywatelski", "pl").Decision);
    }

    [Fact]
    public void Empty_query_gets_none()
    {
        using var engine = Engine();
        Assert.Equal(FaqDecision.None, engine.Search("   ", "pl").Decision);
        Assert.Equal(FaqDecision.None, engine.Search("czy to jest", "pl").Decision);
    }
}
