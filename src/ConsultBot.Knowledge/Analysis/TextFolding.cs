using System.Globalization;
using System.Text;

namespace ConsultBot.Knowledge.Analysis;

/// <summary>Lower-cases and strips diacritics the way the analysis chain does (ł has no decomposition, so it is mapped by hand).</summary>
internal static class TextFolding
{
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(ch switch
            {
                'ł' => 'l',
                'Ł' => 'l',
                _ => ch,
            });
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
