using System.Text.RegularExpressions;
using ConsultBot.Knowledge.Analysis;

namespace ConsultBot.Knowledge.Search;

/// <summary>Kinds of precise information a question can ask for.</summary>
[Flags]
internal enum Ask
{
    None = 0,
    Quantity = 1,
    Money = 2,
    Salary = 4,
    List = 8,
}

/// <summary>
/// Near-domain questions ask for a precise thing the knowledge base does not hold (a grant amount, a coordinator's
/// salary, the list of workshop cities) and share the rest of their words with a loosely related entry. Whether the
/// top entry can hold that kind of information (a number, an amount, a salary, an enumeration) is a feature of the
/// decision: an entry that cannot is not an answer, however many of the other words it covers.
/// </summary>
internal static partial class SpecificAsk
{
    public static Ask Of(string text)
    {
        var folded = TextFolding.Fold(text);
        var ask = Ask.None;
        if (QuantityAsk().IsMatch(folded))
        {
            ask |= Ask.Quantity;
        }

        if (MoneyAsk().IsMatch(folded))
        {
            ask |= Ask.Money;
        }

        if (SalaryWord().IsMatch(folded))
        {
            ask |= Ask.Salary;
        }

        if (ListAsk().IsMatch(folded))
        {
            ask |= Ask.List;
        }

        return ask;
    }

    /// <summary>What an entry's answers (Polish and English) can satisfy.</summary>
    public static Ask Offers(string answers, bool countIntent)
    {
        var folded = TextFolding.Fold(answers);
        var offers = Ask.None;
        if (countIntent || Number().IsMatch(folded))
        {
            offers |= Ask.Quantity;
        }

        if (Amount().IsMatch(folded))
        {
            offers |= Ask.Money;
        }

        if (SalaryWord().IsMatch(folded))
        {
            offers |= Ask.Salary;
        }

        if (BulletLine().Count(answers) >= 3)
        {
            offers |= Ask.List;
        }

        return offers;
    }

    [GeneratedRegex(@"\b(ile|ilu|ilosc\w*|liczb[aeyi]|how many|how much|number of)\b")]
    private static partial Regex QuantityAsk();

    [GeneratedRegex(@"\b(kwot\w*|sum[aeyi] pieniedzy|ile (kosztuj\w*|pieniedzy|kasy|srodkow|dostan\w*|otrzyma\w*|wynosi)|wysokosc\w* (dotacj|grant|dofinansow|wsparci|srodkow|budzet)\w*|how much (money|funding|does it cost|will we get)|amount\w*|prices?|fees?)\b")]
    private static partial Regex MoneyAsk();

    [GeneratedRegex(@"\b(wynagrodz\w*|pensj\w*|zarob\w*|zarabia\w*|salar\w*|wages?|earn\w*)\b")]
    private static partial Regex SalaryWord();

    [GeneratedRegex(@"\b(list[aeyu]|liste|wykaz\w*|wymien\w*|spis\w*|lists?|list of|enumerate)\b")]
    private static partial Regex ListAsk();

    [GeneratedRegex(@"\d|\b(dwa|dwie|dwoch|trzy|trzech|cztery|czterech|piec|szesc|siedem|siedmiu|osiem|dziewiec|dziesiec|kilka|kilkanascie|kilkadziesiat|kilkaset|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?)\b")]
    private static partial Regex Number();

    [GeneratedRegex(@"\d[\d\s.,]*\s*(zl|pln|eur|euro|chf|mln|mld|tys)\b|\b(bezplatn\w*|nieodplatn\w*|darmow\w*|free of charge|for free|no fee)\b")]
    private static partial Regex Amount();

    [GeneratedRegex(@"^\s*([-*•]|\d+[.)])\s+", RegexOptions.Multiline)]
    private static partial Regex BulletLine();
}
