using System.Globalization;
using System.Text.RegularExpressions;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Dialogs;

/// <summary>
/// Numbers as Polish and English users type them: "3", "3,5", "3.5", "1 000", "1.000,5", "1,000.5", "około 25 osób",
/// and small numbers in words ("trzy", "three").
/// </summary>
internal static partial class NumberRecognizer
{
    private static readonly Dictionary<string, decimal> Words = BuildWords();

    public static decimal? Recognize(string? text, string locale)
    {
        var folded = TextMatching.Fold(text);
        if (folded.Length == 0)
        {
            return null;
        }

        var whole = WholeNumber().Match(folded);
        var token = whole.Success ? whole.Value : FirstNumber().Match(folded) is { Success: true } m ? m.Value : null;
        if (token is not null)
        {
            return Parse(token, locale);
        }

        foreach (var word in folded.Split(' '))
        {
            if (Words.TryGetValue(word.Trim(',', '.', '!', '?'), out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static decimal? Parse(string token, string locale)
    {
        var negative = token.StartsWith('-') || token.StartsWith('−');
        var digits = token.TrimStart('-', '−', '+').Replace(" ", string.Empty, StringComparison.Ordinal);
        var lastComma = digits.LastIndexOf(',');
        var lastDot = digits.LastIndexOf('.');
        string normalized;
        if (lastComma >= 0 && lastDot >= 0)
        {
            // Both present: the later one is the decimal separator.
            var (thousands, decimalSep) = lastComma > lastDot ? (".", ",") : (",", ".");
            normalized = digits.Replace(thousands, string.Empty, StringComparison.Ordinal).Replace(decimalSep, ".", StringComparison.Ordinal);
        }
        else if (lastComma >= 0)
        {
            var english = string.Equals(locale, DialogLocale.English, StringComparison.Ordinal);
            var groups = digits.Count(c => c == ',') > 1 || (english && EnglishThousands().IsMatch(digits));
            normalized = groups ? digits.Replace(",", string.Empty, StringComparison.Ordinal) : digits.Replace(',', '.');
        }
        else
        {
            normalized = digits.Count(c => c == '.') > 1 ? digits.Replace(".", string.Empty, StringComparison.Ordinal) : digits;
        }

        return decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? negative ? -value : value
            : null;
    }

    private static Dictionary<string, decimal> BuildWords()
    {
        var words = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal value, params string[] names)
        {
            foreach (var name in names)
            {
                words[TextMatching.Fold(name)] = value;
            }
        }

        Add(0, "zero");
        Add(1, "jeden", "jedna", "jedno", "jednego", "one");
        Add(2, "dwa", "dwie", "dwóch", "dwoje", "two");
        Add(3, "trzy", "trzech", "troje", "three");
        Add(4, "cztery", "czterech", "czworo", "four");
        Add(5, "pięć", "pięciu", "five");
        Add(6, "sześć", "sześciu", "six");
        Add(7, "siedem", "siedmiu", "seven");
        Add(8, "osiem", "ośmiu", "eight");
        Add(9, "dziewięć", "dziewięciu", "nine");
        Add(10, "dziesięć", "dziesięciu", "ten");
        Add(11, "jedenaście", "eleven");
        Add(12, "dwanaście", "twelve");
        Add(15, "piętnaście", "fifteen");
        Add(20, "dwadzieścia", "twenty");
        Add(0.5m, "pół", "half");
        return words;
    }

    [GeneratedRegex(@"^[-−+]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?$|^[-−+]?\d+(?:[.,]\d+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"[-−]?\d+(?:[.,]\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex FirstNumber();

    [GeneratedRegex(@"^\d{1,3}(?:,\d{3})+$", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishThousands();
}
