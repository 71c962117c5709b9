using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Hunspell;
using Lucene.Net.Analysis.TokenAttributes;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>
/// Memoizes Hunspell stems per folded word. Affix stripping cost ~17 µs a word and dominated index builds;
/// the KB and its queries reuse a small vocabulary, so after warm-up stemming is a dictionary lookup.
/// Every distinct word users ever type (typos, names, junk) would otherwise stay for the life of the process, so the
/// cache is bounded by two generations of at most half the cap each: new words go into the young one; when it is full
/// it becomes the old one and the previous old one is dropped. A word found in the old generation moves back to the
/// young one, so the words in use (the KB's vocabulary) survive a flood of one-off words and only those are evicted.
/// </summary>
internal sealed class StemCache
{
    /// <summary>Words remembered at most by default (≈ 100 B each with their stems: ≈ 5 MB).</summary>
    internal const int DefaultMaxEntries = 50_000;

    private readonly Dictionary _dictionary;
    private readonly int _generationSize;
    private readonly object _swap = new();
    private ConcurrentDictionary<string, string[]> _young = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, string[]> _old = new(StringComparer.Ordinal);

    public StemCache(Dictionary dictionary, int maxEntries = DefaultMaxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 2);
        _dictionary = dictionary;
        _generationSize = maxEntries / 2;
    }

    /// <summary>Words remembered now; never more than the cap given at construction.</summary>
    internal int Count => _young.Count + _old.Count;

    public string[] Stems(string word)
    {
        var young = _young;
        if (young.TryGetValue(word, out var stems))
        {
            return stems;
        }

        if (!_old.TryGetValue(word, out stems))
        {
            stems = Compute(word);
        }

        Remember(word, stems);
        return stems;
    }

    private void Remember(string word, string[] stems)
    {
        lock (_swap)
        {
            // Under the lock, so the two generations never hold more than the cap together.
            if (_young.Count >= _generationSize)
            {
                _old = _young;
                _young = new ConcurrentDictionary<string, string[]>(StringComparer.Ordinal);
            }

            _young.TryAdd(word, stems);
        }
    }

    private string[] Compute(string word)
    {
        // Same settings as the design: dedup, longestOnly=false ("miescie" must yield "miasto").
        using var ts = new HunspellStemFilter(new KeywordTokenizer(new StringReader(word)), _dictionary, true, false);
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
