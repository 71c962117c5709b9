using ConsultBot.Knowledge.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsultBot.Knowledge.Search;

/// <summary>
/// The knowledge base search: index upkeep (<see cref="FaqIndex"/>), ranking (<see cref="FaqRanker"/>) and the
/// answer/suggest/none decision (<see cref="AnswerPolicy"/>) behind one facade.
/// Searches are lock-free; updates are serialized and become visible atomically per entry.
/// </summary>
public sealed class FaqSearchEngine : IFaqSearch, IFaqIndex, IDisposable
{
    private readonly FaqSearchOptions _options;
    private readonly SearchAnalyzers _analyzers;
    private readonly FaqIndex _index;
    private readonly FaqRanker _ranker;
    private readonly AnswerPolicy _policy;
    private readonly object _disposeLock = new();
    private bool _disposed;

    public FaqSearchEngine(KnowledgeLanguageData languageData, IEnumerable<FaqEntry> entries, FaqSearchOptions? options = null, ILogger<FaqSearchEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(languageData);
        ArgumentNullException.ThrowIfNull(entries);
        _options = options ?? FaqSearchOptions.Default;
        _analyzers = new SearchAnalyzers(languageData, _options.Chain);
        _ranker = new FaqRanker(_analyzers, languageData, _options);
        _policy = new AnswerPolicy(_options);
        _index = new FaqIndex(_analyzers, _options, entries, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>Loads the embedded language data and seed: the one-liner for hosts.</summary>
    public static FaqSearchEngine CreateDefault(ILogger<FaqSearchEngine>? logger = null) =>
        new(KnowledgeLanguageData.LoadEmbedded(), FaqSeedLoader.LoadEmbedded().Entries, null, logger);

    /// <summary>
    /// Builds and queries a throw-away index over a few entries so the Lucene and analysis code is compiled before
    /// the real build: the start-up runs it on the spare core while the dictionary loads. Results are discarded.
    /// </summary>
    internal static void WarmUp(KnowledgeLanguageData languageData, IEnumerable<FaqEntry> sample)
    {
        using var engine = new FaqSearchEngine(languageData, sample);
        _ = engine.Search("jak zlozyc wniosek", FaqLocale.Polish);
        _ = engine.Search("how do I apply", FaqLocale.English);
    }

    public int Count => _index.Count;

    /// <summary>Time the last full build took (analysis + indexing).</summary>
    public TimeSpan LastBuildTime => _index.LastBuildTime;

    public FaqSearchResponse Search(string query, string locale, int top = 5)
    {
        var ranked = Rank(query, locale, Math.Max(top, _options.MaxSuggestions));
        return Decide(ranked, Math.Max(1, top));
    }

    public void Upsert(FaqEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _index.Upsert(entry);
    }

    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _index.Remove(id);
    }

    public void Rebuild(IEnumerable<FaqEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _index.Rebuild(entries);
    }

    public void Dispose()
    {
        lock (_disposeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _index.Dispose();
            _analyzers.Dispose();
        }
    }

    /// <summary>All candidates with their evidence, before the decision; the evaluation measures ranking on this.</summary>
    internal RankedResult Rank(string query, string locale, int candidates)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _ranker.Rank(_index, query, locale, candidates);
    }

    internal FaqSearchResponse Decide(RankedResult ranked, int top) => _policy.Decide(ranked, top);

    /// <summary>Uncalibrated confidence: coverage scaled by how clearly the top entry wins.</summary>
    internal static double Confidence(double coverage, double margin) => AnswerPolicy.Confidence(coverage, margin);

    /// <summary>Per-word evidence for error analysis (tests and the explain tool).</summary>
    internal string Explain(string query) => _ranker.Explain(_index, query);
}
