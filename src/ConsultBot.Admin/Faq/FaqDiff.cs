using ConsultBot.Admin.Api;
using ConsultBot.Knowledge;

namespace ConsultBot.Admin.Faq;

/// <summary>A readable field-by-field, line-by-line difference of two versions of an entry.</summary>
internal static class FaqDiff
{
    public static IReadOnlyList<FieldDiff> Compare(FaqEntry? before, FaqEntry? after)
    {
        var fields = new (string Name, Func<FaqEntry, string> Text)[]
        {
            ("question", e => e.Question),
            ("alternatives", e => string.Join('\n', e.Alternatives)),
            ("answer", e => e.Answer),
            ("category", e => e.Category),
            ("tags", e => string.Join('\n', e.Tags)),
            ("related", e => string.Join('\n', e.Related)),
            ("source", e => e.Source),
            ("language", e => e.Language),
            ("translations.en.question", e => e.TranslationFor(FaqLocale.English)?.Question ?? string.Empty),
            ("translations.en.alternatives", e => string.Join('\n', e.TranslationFor(FaqLocale.English)?.Alternatives ?? [])),
            ("translations.en.answer", e => e.TranslationFor(FaqLocale.English)?.Answer ?? string.Empty),
        };
        var diffs = new List<FieldDiff>();
        foreach (var (name, text) in fields)
        {
            var a = before is null ? string.Empty : text(before);
            var b = after is null ? string.Empty : text(after);
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                diffs.Add(new(name, Lines(Split(a), Split(b))));
            }
        }

        return diffs;
    }

    private static string[] Split(string text) => text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>Longest common subsequence of lines; answers are short, so the quadratic table is fine.</summary>
    internal static IReadOnlyList<DiffLine> Lines(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add(new(" ", a[x++]));
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add(new("-", a[x++]));
            }
            else
            {
                lines.Add(new("+", b[y++]));
            }
        }

        return lines;
    }
}
