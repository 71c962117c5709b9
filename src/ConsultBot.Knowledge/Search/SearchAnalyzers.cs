using ConsultBot.Knowledge.Analysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;

namespace ConsultBot.Knowledge.Search;

/// <summary>The analysis chains the index and the ranker share: each field is analyzed the same way at index and query time.</summary>
internal sealed class SearchAnalyzers : IDisposable
{
    public SearchAnalyzers(KnowledgeLanguageData data, PolishChain chain)
    {
        Polish = new PolishAnalyzer(data, chain);
        Grams = new GramAnalyzer(data);
        English = TokenText.English();
        Raw = new RawAnalyzer(data);
        Index = new PerFieldAnalyzerWrapper(Polish, new Dictionary<string, Analyzer>
        {
            [FaqIndex.FieldGrams] = Grams,
            [FaqIndex.FieldRaw] = Raw,
            [FaqIndex.FieldQuestionEn] = English,
            [FaqIndex.FieldKeywordsEn] = English,
            [FaqIndex.FieldAnswerEn] = English,
        });
    }

    public Analyzer Polish { get; }

    public Analyzer Grams { get; }

    public Analyzer English { get; }

    public Analyzer Raw { get; }

    /// <summary>Per-field analyzer for the index writer.</summary>
    public PerFieldAnalyzerWrapper Index { get; }

    public void Dispose()
    {
        Index.Dispose();
        Polish.Dispose();
        Grams.Dispose();
        English.Dispose();
        Raw.Dispose();
    }
}
