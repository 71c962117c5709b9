using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Hunspell;
using Lucene.Net.Analysis.TokenAttributes;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>
/// Memoizes Hunspell stems per folded word. Affix stripping cost ~17 µs a word and dominated index builds;
/// the KB and its queries reuse a small vocabulary, so after warm-up stemming is a dictionary lookup.
/// </summary>
internal sealed class StemCache(Dictionary dictionary)
{
    private const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal);

    public string[] Stems(string word)
    {
        if (_cache.TryGetValue(word, out var stems))
        {
            return stems;
        }

        stems = Compute(word);
        if (_cache.Count >= MaxEntries)
        {
            // Bounded against junk input; a full reset is cheap and rare.
            _cache.Clear();
        }

        _cache.TryAdd(word, stems);
        return stems;
    }

    private string[] Compute(string word)
    {
        // Same settings as the design: dedup, longestOnly=false ("miescie" must yield "miasto").
        using var ts = new HunspellStemFilter(new KeywordTokenizer(new StringReader(word)), dictionary, true, false);
        var term = ts.AddAttribute<ICharTermAttribute>();
        var result = new List<string>(2);
        ts.Reset();
        while (ts.IncrementToken())
        {
            var stem = term.ToString();
            if (!result.Contains(stem))
            {
                result.Add(stem);
            }
        }

        ts.End();
        return [.. result];
    }
}

/// <summary>Equivalent of <c>HunspellStemFilter(dedup: true, longestOnly: false)</c> backed by <see cref="StemCache"/>.</summary>
internal sealed class CachedStemFilter : StackingTokenFilter
{
    private readonly StemCache _cache;

    public CachedStemFilter(TokenStream input, StemCache cache)
        : base(input)
    {
        _cache = cache;
    }

    protected override void ProcessToken()
    {
        var stems = _cache.Stems(Term.ToString());
        if (stems.Length == 0)
        {
            return;
        }

        Term.SetEmpty().Append(stems[0]);
        if (stems.Length > 1)
        {
            Stack(stems, 1);
        }
    }
}
