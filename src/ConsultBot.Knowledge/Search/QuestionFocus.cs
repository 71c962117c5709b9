using System.Text.RegularExpressions;

namespace ConsultBot.Knowledge.Search;

/// <summary>
/// People describe their situation first and ask last ("mamy 80 tys. mieszkańców, w urzędzie mało ludzi... jak to
/// zorganizować?"). In a long message the question is the sentence with a question mark, else the clause with a
/// question word; the rest is context. The ranker weighs context words less, so a story does not drown the question
/// and the words of the story that no entry knows do not count against coverage as much.
/// </summary>
internal static partial class QuestionFocus
{
    /// <summary>Shorter messages are one question: nothing to separate.</summary>
    private const int MinWords = 8;

    /// <summary>A comma splits a message only between two real clauses, not inside an enumeration ("strategicznym, operacyjnym").</summary>
    private const int MinClauseWords = 4;

    /// <summary>The question part of <paramref name="query"/> as [Start, End), or null when the message is one question.</summary>
    public static (int Start, int End)? Find(string query)
    {
        if (WordCount(query, 0, query.Length) < MinWords)
        {
            return null;
        }

        var segments = Split(query, SentenceBreak(), 1);
        if (segments.Count < 2)
        {
            segments = Split(query, ClauseBreak(), MinClauseWords);
        }

        if (segments.Count < 2)
        {
            return null;
        }

        // The last sentence that ends with "?", else the last one with a question word; a message with neither is left whole.
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (query.AsSpan(segments[i].Start, segments[i].End - segments[i].Start).TrimEnd().EndsWith("?", StringComparison.Ordinal))
            {
                return segments[i];
            }
        }

        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (QuestionWord().IsMatch(Analysis.TextFolding.Fold(query[segments[i].Start..segments[i].End])))
            {
                return segments[i];
            }
        }

        return null;
    }

    /// <summary>Words of the message outside its question part: a story before the question, or a clause or two.</summary>
    public static int ContextWords(string query, (int Start, int End) focus) =>
        WordCount(query, 0, focus.Start) + WordCount(query, focus.End, query.Length);

    private static List<(int Start, int End)> Split(string query, Regex separator, int minWords)
    {
        var result = new List<(int Start, int End)>();
        var start = 0;
        foreach (Match m in separator.Matches(query))
        {
            var end = m.Index + m.Length;
            if (end >= query.Length)
            {
                break;
            }

            // "ds.", "np.", "ok. 80 tys." end a word, not a sentence.
            if (m.Index > 0 && query[m.Index - 1] == '.' && Abbreviation().IsMatch(query.AsSpan(0, m.Index)))
            {
                continue;
            }

            // Keep the punctuation with the sentence it closes; too short a piece joins the next one.
            if (WordCount(query, start, m.Index + 1) >= minWords)
            {
                result.Add((start, m.Index + 1));
                start = end;
            }
        }

        if (result.Count > 0 && WordCount(query, start, query.Length) < minWords)
        {
            // A short tail belongs to the last clause.
            var last = result[^1];
            result[^1] = (last.Start, query.Length);
        }
        else
        {
            result.Add((start, query.Length));
        }

        return result;
    }

    private static int WordCount(string text, int start, int end)
    {
        var count = 0;
        var inWord = false;
        for (var i = start; i < end && i < text.Length; i++)
        {
            var letter = char.IsLetterOrDigit(text[i]);
            if (letter && !inWord)
            {
                count++;
            }

            inWord = letter;
        }

        return count;
    }

    [GeneratedRegex(@"(?<=[.!?;])\s+|\s+[—–-]+\s+|\n+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"(?i)(?:^|[\s(])(ds|np|ok|tys|mln|mld|ul|nr|tj|tzn|tzw|m\.in|r|godz|prof|dr|pkt|ust|art|zl|itd|itp)\.$")]
    private static partial Regex Abbreviation();

    [GeneratedRegex(@",\s+|\s+(a|ale|wiec|i) (?=(jak|co|czy|kto|kiedy|gdzie|ile|jaki\w*|ktor\w*|dlaczego)\b)")]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"\b(jak\w*|co|czy|kto|kogo|komu|kiedy|gdzie|ile|ilu|ktor\w*|dlaczego|czemu|po co|od czego|na czym|czym|what|how|which|who|when|where|why|should|can|could|is there|are there|do we|does)\b")]
    private static partial Regex QuestionWord();
}
