using Lucene.Net.Analysis;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>
/// Stacks the words of an abbreviation's expansions on the abbreviation itself (ops → ops, osrodek, pomocy, spolecznej).
/// Unlike a multi-word SynonymFilter output, nothing spills onto the following words' positions and offsets, so the
/// engine still sees one query word per typed word (its coverage unit).
/// </summary>
internal sealed class AbbreviationFilter : StackingTokenFilter
{
    private readonly IReadOnlyDictionary<string, string[]> _map;

    public AbbreviationFilter(TokenStream input, IReadOnlyDictionary<string, string[]> map)
        : base(input)
    {
        _map = map;
    }

    protected override void ProcessToken()
    {
        if (_map.Count > 0 && _map.TryGetValue(Term.ToString(), out var words))
        {
            Stack(words, 0);
        }
    }
}
