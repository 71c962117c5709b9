using System.Text;
using ConsultBot.Knowledge;

namespace ConsultBot.Admin.Faq;

/// <summary>
/// CSV export/import for spreadsheets (RFC 4180: comma, double quotes, CRLF). Lists (phrasings, tags, related) are
/// joined with " | ". One row per entry; the English version in the <c>*_en</c> columns.
/// </summary>
internal static class FaqCsv
{
    public static readonly string[] Columns =
        ["id", "status", "language", "category", "question", "alternatives", "answer", "tags", "related", "source", "question_en", "alternatives_en", "answer_en"];

    private const string ListSeparator = " | ";

    public static string Write(IEnumerable<FaqEntry> entries)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var e in entries)
        {
            var en = e.TranslationFor(FaqLocale.English);
            string[] row =
            [
                e.Id, e.Status == FaqStatus.Published ? "published" : "draft", e.Language, e.Category, e.Question,
                string.Join(ListSeparator, e.Alternatives), e.Answer, string.Join(ListSeparator, e.Tags), string.Join(ListSeparator, e.Related), e.Source,
                en?.Question ?? string.Empty, string.Join(ListSeparator, en?.Alternatives ?? []), en?.Answer ?? string.Empty,
            ];
            sb.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        }

        return sb.ToString();
    }

    /// <summary>Parses rows into entries; a row that cannot become an entry is reported (1-based data row numbers) instead.</summary>
    public static (List<(int Row, FaqEntry Entry)> Entries, List<(int Row, string Field, string Message)> Errors) Read(string text)
    {
        var rows = Parse(text);
        var entries = new List<(int, FaqEntry)>();
        var errors = new List<(int, string, string)>();
        if (rows.Count == 0)
        {
            errors.Add((0, "header", "The file is empty."));
            return (entries, errors);
        }

        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Columns.Take(10).Where(c => !header.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            errors.Add((0, "header", "Missing columns: " + string.Join(", ", missing)));
            return (entries, errors);
        }

        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string Cell(string column)
            {
                var i = header.IndexOf(column);
                return i >= 0 && i < row.Count ? row[i].Trim() : string.Empty;
            }

            static string[] List(string value) => value.Length == 0 ? [] : [.. value.Split('|').Select(v => v.Trim()).Where(v => v.Length > 0)];
            FaqStatus status;
            switch (Cell("status"))
            {
                case "published": status = FaqStatus.Published; break;
                case "draft" or "": status = FaqStatus.Draft; break;
                default: errors.Add((r, "status", "Must be 'draft' or 'published'.")); continue;
            }

            IReadOnlyDictionary<string, FaqTranslation>? translations = Cell("question_en").Length > 0 || Cell("answer_en").Length > 0
                ? new Dictionary<string, FaqTranslation> { [FaqLocale.English] = new(Cell("question_en"), List(Cell("alternatives_en")), Cell("answer_en")) }
                : null;
            entries.Add((r, new FaqEntry(
                Cell("id"), Cell("question"), List(Cell("alternatives")), Cell("answer").Replace("\r\n", "\n", StringComparison.Ordinal), Cell("category"),
                List(Cell("tags")), List(Cell("related")), Cell("source"), Cell("language") is { Length: > 0 } l ? l : FaqLocale.Polish, status, default, string.Empty, translations)));
        }

        return (entries, errors);
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
