namespace ConsultBot.Storage;

/// <summary>Key ranges for prefix listing (an index range instead of a scan), shared by the SQL providers.</summary>
internal static class KeyRange
{
    /// <summary>The smallest string greater than every key starting with <paramref name="prefix"/>, or null when there is none that is safe to compute.</summary>
    public static string? UpperBound(string prefix)
    {
        if (prefix.Length == 0)
        {
            return null;
        }

        var last = prefix[^1];

        // Stay clear of surrogates: incrementing into or within them would not sort as UTF-8 bytes do.
        if (last >= 0xD7FF && last < 0xE000 || last == char.MaxValue)
        {
            return null;
        }

        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(last + 1)]);
    }
}
