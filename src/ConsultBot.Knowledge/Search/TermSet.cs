using System.Collections;
using System.Collections.Concurrent;

namespace ConsultBot.Knowledge.Search;

/// <summary>
/// An entry's analyzed terms as a sorted array of pooled strings. The ranker only asks the top candidates of a query,
/// so a binary search is as good as a hash lookup, and at 10,000 entries the per-entry hash sets of fresh strings were
/// most of the host's memory (docs/search-report.md).
/// </summary>
internal sealed class TermSet : IReadOnlyCollection<string>
{
    private readonly string[] _sorted;

    private TermSet(string[] sorted) => _sorted = sorted;

    public int Count => _sorted.Length;

    public static TermSet From(HashSet<string> terms, TermPool pool)
    {
        var array = new string[terms.Count];
        var i = 0;
        foreach (var t in terms)
        {
            array[i++] = pool.Intern(t);
        }

        Array.Sort(array, StringComparer.Ordinal);
        return new TermSet(array);
    }

    public bool Contains(string term) => Array.BinarySearch(_sorted, term, StringComparer.Ordinal) >= 0;

    /// <summary>A term within <paramref name="edits"/> of <paramref name="word"/> that starts with the same letter (a typo rarely hits the first one).</summary>
    public bool AnyNear(string word, int edits)
    {
        if (word.Length == 0)
        {
            return false;
        }

        // Terms with the same first letter are contiguous in ordinal order: start at the first of them.
        var i = Array.BinarySearch(_sorted, word[..1], StringComparer.Ordinal);
        for (i = i < 0 ? ~i : i; i < _sorted.Length && _sorted[i].Length > 0 && _sorted[i][0] == word[0]; i++)
        {
            var t = _sorted[i];
            if (Math.Abs(t.Length - word.Length) <= edits && EditDistance.Within(word, t, edits))
            {
                return true;
            }
        }

        return false;
    }

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_sorted).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One copy of each term string across the index's entries (the vocabulary is small, the entries many).</summary>
internal sealed class TermPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    public string Intern(string term) => _strings.GetOrAdd(term, term);
}
