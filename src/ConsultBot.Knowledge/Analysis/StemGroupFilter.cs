using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>
/// Adds the canonical stem of a concept group (e.g. migrant/cudzoziemiec → uchodzca) stacked on the original token.
/// Runs after stemming so every inflected form joins the group; keeps offsets so coverage can group by source word.
/// </summary>
internal sealed class StemGroupFilter : TokenFilter
{
    private readonly IReadOnlyDictionary<string, string> _canonical;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _posInc;
    private string? _pending;
    private State? _saved;

    public StemGroupFilter(TokenStream input, IReadOnlyDictionary<string, string> canonical)
        : base(input)
    {
        _canonical = canonical;
        _term = AddAttribute<ICharTermAttribute>();
        _posInc = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_pending is not null)
        {
            RestoreState(_saved);
            _term.SetEmpty().Append(_pending);
            _posInc.PositionIncrement = 0;
            _pending = null;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        if (_canonical.TryGetValue(_term.ToString(), out var canonical) && !_term.ToString().Equals(canonical, StringComparison.Ordinal))
        {
            _pending = canonical;
            _saved = CaptureState();
        }

        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending = null;
        _saved = null;
    }
}
