using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>
/// A token filter that can stack extra terms on the current token: each is emitted after it with position
/// increment 0 and the rest of its attributes (offsets, type) as captured when it was stacked.
/// </summary>
internal abstract class StackingTokenFilter : TokenFilter
{
    private readonly IPositionIncrementAttribute _posInc;
    private string[] _pending = [];
    private int _next;
    private State? _saved;

    protected StackingTokenFilter(TokenStream input)
        : base(input)
    {
        Term = AddAttribute<ICharTermAttribute>();
        _posInc = AddAttribute<IPositionIncrementAttribute>();
    }

    /// <summary>The term of the current token.</summary>
    protected ICharTermAttribute Term { get; }

    public sealed override bool IncrementToken()
    {
        if (_next < _pending.Length)
        {
            RestoreState(_saved);
            Term.SetEmpty().Append(_pending[_next++]);
            _posInc.PositionIncrement = 0;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        ProcessToken();
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _pending = [];
        _next = 0;
        _saved = null;
    }

    /// <summary>Handles a token just read from the input; it is emitted as <see cref="Term"/> leaves it.</summary>
    protected abstract void ProcessToken();

    /// <summary>Stacks <paramref name="terms"/> from index <paramref name="start"/> on the current token as it is now.</summary>
    protected void Stack(string[] terms, int start)
    {
        _saved = CaptureState();
        _pending = terms;
        _next = start;
    }
}
