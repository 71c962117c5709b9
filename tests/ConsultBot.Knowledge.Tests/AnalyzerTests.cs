using ConsultBot.Knowledge.Analysis;

namespace ConsultBot.Knowledge.Tests;

public sealed class AnalyzerTests(LanguageDataFixture fixture)
{
    private List<string> Terms(string text)
    {
        using var analyzer = new PolishAnalyzer(fixture.Data);
        return TokenText.Analyze(analyzer, "q", text).Select(t => t.Term).ToList();
    }

    [Fact]
    public void Text_with_and_without_diacritics_analyzes_to_the_same_terms()
    {
        Assert.Equal(Terms("Współpraca w mieście z urzędem"), Terms("wspolpraca w miescie z urzedem"));
    }

    [Theory]
    [InlineData("współpracy", "wspolpraca")]
    [InlineData("miescie", "miasto")]
    [InlineData("urzedzie", "urzad")]
    [InlineData("uchodzcow", "uchodzca")]
    [InlineData("organizacjami", "organizacja")]
    public void Inflected_forms_are_stemmed_to_the_folded_lemma(string word, string lemma)
    {
        Assert.Contains(lemma, Terms(word));
    }

    [Fact]
    public void Stopwords_are_removed()
    {
        Assert.DoesNotContain("jest", Terms("czy to jest model"));
        Assert.DoesNotContain("czy", Terms("czy to jest model"));
    }

    [Theory]
    [InlineData("JST", "samorzad")]
    [InlineData("ngo", "organizacja")]
    [InlineData("OPS", "osrodek")]
    [InlineData("pup", "urzad")]
    [InlineData("WPP", "propozycja")]
    public void Abbreviations_expand_to_their_full_terms(string abbreviation, string expected)
    {
        var terms = Terms(abbreviation);
        Assert.Contains(expected, terms);
    }

    [Fact]
    public void Concept_group_members_share_a_canonical_term_in_any_inflection()
    {
        var canonical = Terms("uchodźca").First();
        Assert.Contains(canonical, Terms("cudzoziemcow"));
        Assert.Contains(canonical, Terms("migrantami"));
    }

    [Fact]
    public void Pruned_dictionary_is_loaded_and_stays_pruned()
    {
        // What keeps start-up fast is the size of what is loaded; its load time is measured in the benchmark
        // (BenchmarkTests, docs/benchmarks.md), not asserted here where the machine's load decides it.
        Assert.NotNull(fixture.Data.Hunspell);
        var dic = Path.Combine(AppContext.BaseDirectory, "Content", "hunspell", "pl_PL.folded.dic");
        var declared = int.Parse(File.ReadLines(dic).First().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(declared, 1, 10_000);
    }
}
