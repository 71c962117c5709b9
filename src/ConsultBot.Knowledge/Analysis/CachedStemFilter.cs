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
internal sealed class CachedStemFilter : TokenFilter
{
    private readonly StemCache _cache;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _posInc;
    private string[] _pending = [];
    private int _next;
    private State? _saved;

    public CachedStemFilter(TokenStream input, StemCache cache)
        : base(input)
    {
        _cache = cache;
        _term = AddAttribute<ICharTermAttribute>();
        _posInc = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_next < _pending.Length)
        {
            RestoreState(_saved);
            _term.SetEmpty().Append(_pending[_next++]);
            _posInc.PositionIncrement = 0;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        var stems = _cache.Stems(_term.ToString());
        if (stems.Length == 0)
        {
            return true;
        }

        _term.SetEmpty().Append(stems[0]);
        if (stems.Length > 1)
        {
            _saved = CaptureState();
            _pending = stems;
            _next = 1;
        }

        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending = [];
        _next = 0;
        _saved = null;
    }
}
