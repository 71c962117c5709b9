using System.Globalization;
using System.Text;

namespace ConsultBot.Protocol.Turn;

/// <summary>
/// Folding used wherever the bot compares what people type with commands and options:
/// case, Polish diacritics (including ł, which Unicode does not decompose), repeated spaces and
/// trailing punctuation do not matter ("Moje zgłoszenia!" = "moje zgloszenia").
/// </summary>
public static class TextMatching
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var normalized = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(normalized.Length);
        var lastWasSpace = true;
        foreach (var c in normalized)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var folded = c switch
            {
                'ł' or 'Ł' => 'l',
                _ => char.ToLowerInvariant(c),
            };

            if (char.IsWhiteSpace(folded))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            builder.Append(folded);
            lastWasSpace = false;
        }

        return builder.ToString().Trim().TrimEnd('.', '!', '?', ',', ';', ':').Trim();
    }

    /// <summary>True when both texts fold to the same string.</summary>
    public static bool EqualsFolded(string? left, string? right) =>
        string.Equals(Fold(left), Fold(right), StringComparison.Ordinal);
}
