using System.Text.RegularExpressions;

namespace ConsultBot.Knowledge.Store;

/// <summary>Rules an entry must meet before the store accepts it. Errors name the JSON field so the admin pane can highlight it.</summary>
public static partial class FaqEntryValidator
{
    public const int MinAlternatives = 3;
    public const int MaxQuestionLength = 300;

    // Answers are rendered in cards (28 KB limit with everything else on the card).
    public const int MaxAnswerLength = 6000;

    /// <summary>Lower-case ASCII words joined by single hyphens: stable in URLs, keys and card data.</summary>
    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static bool IsValidId(string? id) => !string.IsNullOrEmpty(id) && id.Length <= 80 && IdPattern().IsMatch(id);

    /// <param name="relatedExists">Whether a related id names an existing entry (the store's, or the import set's).</param>
    public static IReadOnlyList<FaqValidationError> Validate(FaqEntry entry, Func<string, bool> relatedExists)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(relatedExists);
        var errors = new List<FaqValidationError>();
        if (!IsValidId(entry.Id))
        {
            errors.Add(new("id", "Use lower-case letters, digits and single hyphens (max 80), e.g. 'model-jak-wybrac'."));
        }

        CheckText(errors, "question", entry.Question, MaxQuestionLength);
        CheckAlternatives(errors, "alternatives", entry.Question, entry.Alternatives);
        CheckText(errors, "answer", entry.Answer, MaxAnswerLength);
        CheckText(errors, "category", entry.Category, 80);
        CheckText(errors, "source", entry.Source, 500);
        if (entry.Language is not (FaqLocale.Polish or FaqLocale.English))
        {
            errors.Add(new("language", "Must be 'pl' or 'en'."));
        }

        if (!Enum.IsDefined(entry.Status))
        {
            errors.Add(new("status", "Must be 'draft' or 'published'."));
        }

        if (entry.Tags is null || entry.Tags.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(new("tags", "Tags must not be empty strings."));
        }

        if (entry.Related is null)
        {
            errors.Add(new("related", "Required (may be an empty list)."));
        }
        else
        {
            foreach (var r in entry.Related)
            {
                if (string.Equals(r, entry.Id, StringComparison.Ordinal))
                {
                    errors.Add(new("related", "An entry cannot be related to itself."));
                }
                else if (string.IsNullOrWhiteSpace(r) || !relatedExists(r))
                {
                    errors.Add(new("related", $"Unknown entry '{r}'."));
                }
            }
        }

        foreach (var (language, t) in entry.Translations ?? new Dictionary<string, FaqTranslation>())
        {
            var prefix = $"translations.{language}.";
            if (language is not FaqLocale.English || language == entry.Language)
            {
                errors.Add(new("translations", $"Unsupported translation language '{language}'."));
                continue;
            }

            CheckText(errors, prefix + "question", t.Question, MaxQuestionLength);
            CheckAlternatives(errors, prefix + "alternatives", t.Question, t.Alternatives);
            CheckText(errors, prefix + "answer", t.Answer, MaxAnswerLength);
        }

        return errors;
    }

    private static void CheckText(List<FaqValidationError> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "Required."));
        }
        else if (value.Length > max)
        {
            errors.Add(new(field, $"At most {max} characters."));
        }
        else if (value.Contains('<', StringComparison.Ordinal))
        {
            // Cards render markdown; HTML would show as literal tags (and the seed loader rejects it too).
            errors.Add(new(field, "HTML is not allowed; use markdown."));
        }
    }

    private static void CheckAlternatives(List<FaqValidationError> errors, string field, string? question, IReadOnlyList<string>? alternatives)
    {
        var distinct = (alternatives ?? [])
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => a.Trim())
            .Where(a => !string.Equals(a, question?.Trim(), StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Count();
        if (distinct < MinAlternatives || (alternatives ?? []).Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(new(field, $"At least {MinAlternatives} different, non-empty phrasings besides the question."));
        }
        else if (alternatives!.Any(a => a.Length > MaxQuestionLength || a.Contains('<', StringComparison.Ordinal)))
        {
            errors.Add(new(field, $"Each phrasing at most {MaxQuestionLength} characters, no HTML."));
        }
    }
}
