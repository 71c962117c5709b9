using System.Text;

namespace ConsultBot.Cards;

/// <summary>Makes user- or admin-supplied text safe to place in a card's markdown-enabled text.</summary>
public static class CardText
{
    /// <summary>
    /// Neutralises Adaptive Card markdown so the text is shown literally: backslash-escapes (CommonMark)
    /// <c>\ * _ [ ] ` ~ # &lt; &gt;</c>, list markers at line start (<c>-</c>, <c>+</c>, <c>1.</c>), so no
    /// <c>[text](url)</c> link, emphasis, code or list can be injected; drops control characters and
    /// bidirectional overrides that could disguise text. JSON safety needs nothing here: cards are built
    /// as JSON nodes, never by string concatenation, and data is never re-parsed as a template.
    /// </summary>
    public static string Escape(string? userText)
    {
        if (string.IsNullOrEmpty(userText))
        {
            return string.Empty;
        }

        var text = userText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var sb = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                sb.Append(c);
                lineStart = true;
                continue;
            }

            if ((char.IsControl(c) && c != '\t') || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F')
            {
                continue;
            }

            if (lineStart)
            {
                // Leading spaces do not stop a list marker, so look past them.
                if (c is ' ' or '\t')
                {
                    sb.Append(c);
                    continue;
                }

                lineStart = false;
                if (c is '-' or '+')
                {
                    sb.Append('\\').Append(c);
                    continue;
                }

                if (char.IsAsciiDigit(c))
                {
                    var j = i;
                    while (j < text.Length && char.IsAsciiDigit(text[j]))
                    {
                        j++;
                    }

                    sb.Append(text, i, j - i);
                    if (j < text.Length && text[j] is '.' or ')')
                    {
                        sb.Append('\\').Append(text[j]);
                        j++;
                    }

                    i = j - 1;
                    continue;
                }
            }

            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '~' or '#' or '<' or '>')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
