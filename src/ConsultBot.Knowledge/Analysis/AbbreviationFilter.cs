using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>
/// Stacks the words of an abbreviation's expansions on the abbreviation itself (ops → ops, osrodek, pomocy, spolecznej).
/// Unlike a multi-word SynonymFilter output, nothing spills onto the following words' positions and offsets, so the
/// engine still sees one query word per typed word (its coverage unit).
/// </summary>
internal sealed class AbbreviationFilter : TokenFilter
{
    private readonly IReadOnlyDictionary<string, string[]> _map;
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _posInc;
    private string[] _pending = [];
    private int _next;
    private State? _saved;

    public AbbreviationFilter(TokenStream input, IReadOnlyDictionary<string, string[]> map)
        : base(input)
    {
        _map = map;
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

        if (_map.Count > 0 && _map.TryGetValue(_term.ToString(), out var words))
        {
            _saved = CaptureState();
            _pending = words;
            _next = 0;
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
