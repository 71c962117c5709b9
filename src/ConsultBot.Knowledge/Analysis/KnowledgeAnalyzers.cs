using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.NGram;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>Stages of the Polish chain; switchable so the evaluation can run an ablation ladder.</summary>
[System.Flags]
internal enum PolishChain
{
    None = 0,
    Fold = 1,
    Stopwords = 2,
    Synonyms = 4,
    Stemming = 8,
    Groups = 16,
    Full = Fold | Stopwords | Synonyms | Stemming | Groups,
}

/// <summary>StandardTokenizer → lowercase → ASCII folding → stopwords → abbreviations → Hunspell (folded) → concept groups → dedupe.</summary>
internal sealed class PolishAnalyzer : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly KnowledgeLanguageData _data;
    private readonly PolishChain _chain;
    private readonly IReadOnlyDictionary<string, string> _groups;

    public PolishAnalyzer(KnowledgeLanguageData data, PolishChain chain = PolishChain.Full)
    {
        _data = data;
        _chain = chain;
        _groups = (chain & PolishChain.Groups) != 0 ? BuildGroups(data, chain & ~PolishChain.Groups) : new Dictionary<string, string>();
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream ts = new LowerCaseFilter(Version, source);
        if ((_chain & PolishChain.Fold) != 0)
        {
            ts = new ASCIIFoldingFilter(ts);
        }

        if ((_chain & PolishChain.Stopwords) != 0)
        {
            ts = new StopFilter(Version, ts, _data.Stopwords);
        }

        if ((_chain & PolishChain.Synonyms) != 0)
        {
            if (_data.AbbreviationMap is { } map)
            {
                ts = new SynonymFilter(ts, map, false);
            }

            ts = new AbbreviationFilter(ts, _data.Abbreviations);
        }

        if ((_chain & PolishChain.Stemming) != 0 && _data.StemCache is { } stems)
        {
            ts = new CachedStemFilter(ts, stems);
        }

        if (_groups.Count > 0)
        {
            ts = new StemGroupFilter(ts, _groups);
        }

        ts = new RemoveDuplicatesTokenFilter(ts);
        return new TokenStreamComponents(source, ts);
    }

    private static Dictionary<string, string> BuildGroups(KnowledgeLanguageData data, PolishChain chain)
    {
        // Group members are lemmas; run them through the same chain so the map is keyed by what the index holds.
        using var plain = new PolishAnalyzer(data, chain & ~PolishChain.Synonyms);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in data.Synonyms.Groups)
        {
            string? canonical = null;
            foreach (var member in group)
            {
                foreach (var token in TokenText.Analyze(plain, "g", member))
                {
                    canonical ??= token.Term;
                    map.TryAdd(token.Term, canonical);
                }
            }
        }

        return map;
    }
}

/// <summary>Character 4-grams of folded words: catches typos and forms the dictionary does not know.</summary>
internal sealed class GramAnalyzer(KnowledgeLanguageData data) : Analyzer
{
    public const int GramSize = 4;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(PolishAnalyzer.Version, reader);
        TokenStream ts = new LowerCaseFilter(PolishAnalyzer.Version, source);
        ts = new ASCIIFoldingFilter(ts);
        ts = new StopFilter(PolishAnalyzer.Version, ts, data.Stopwords);
        ts = new NGramTokenFilter(PolishAnalyzer.Version, ts, GramSize, GramSize);
        return new TokenStreamComponents(source, ts);
    }
}

/// <summary>Folded written forms without stemming: the vocabulary typos are measured against.</summary>
internal sealed class RawAnalyzer(KnowledgeLanguageData data) : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(PolishAnalyzer.Version, reader);
        TokenStream ts = new LowerCaseFilter(PolishAnalyzer.Version, source);
        ts = new ASCIIFoldingFilter(ts);
        ts = new StopFilter(PolishAnalyzer.Version, ts, data.Stopwords);
        return new TokenStreamComponents(source, ts);
    }
}

internal readonly record struct AnalyzedToken(string Term, int Start, int End);

internal static class TokenText
{
    public static List<AnalyzedToken> Analyze(Analyzer analyzer, string field, string text)
    {
        var result = new List<AnalyzedToken>();
        using var ts = analyzer.GetTokenStream(field, text);
        var term = ts.AddAttribute<ICharTermAttribute>();
        var offset = ts.AddAttribute<IOffsetAttribute>();
        ts.Reset();
        while (ts.IncrementToken())
        {
            result.Add(new AnalyzedToken(term.ToString(), offset.StartOffset, offset.EndOffset));
        }

        ts.End();
        return result;
    }

    public static HashSet<string> Terms(Analyzer analyzer, string field, IEnumerable<string> texts)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var token in Analyze(analyzer, field, text))
            {
                set.Add(token.Term);
            }
        }

        return set;
    }

    /// <summary>The stock English chain (possessives, stopwords, Porter stemming).</summary>
    public static Analyzer English() => new EnglishAnalyzer(PolishAnalyzer.Version);
}
