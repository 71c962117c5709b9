using System.Globalization;
using ConsultBot.Admin.Api;
using ConsultBot.Knowledge;
using ConsultBot.Knowledge.Store;

namespace ConsultBot.Admin.Faq;

/// <summary>Edits shared by the REST API, the page and the Teams cards, so all three behave the same.</summary>
internal static class AdminActions
{
    /// <summary>Adds questions users asked as phrasings of an entry (skipping ones it has), then publishes unless told not to.</summary>
    public static async Task<FaqEditResult> AddPhrasingsAsync(IFaqEditor editor, string entryId, IReadOnlyList<string> questions, bool publish, string by, CancellationToken cancellationToken)
    {
        var current = await editor.GetEditableAsync(entryId, cancellationToken);
        if (current?.Current is not { } entry || current.IsDeleted)
        {
            return FaqEditResult.NotFound;
        }

        var known = entry.Alternatives.Prepend(entry.Question).Select(a => a.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var fresh = questions.Select(q => q.Trim()).Where(q => q.Length is > 0 and <= FaqEntryValidator.MaxQuestionLength && !q.Contains('<', StringComparison.Ordinal) && known.Add(q)).ToArray();
        var note = "phrasings from the review list: " + fresh.Length.ToString(CultureInfo.InvariantCulture);
        var saved = await editor.SaveDraftAsync(entry with { Alternatives = [.. entry.Alternatives, .. fresh] }, current.ETag, by, note, cancellationToken);
        if (saved.Status != FaqWriteStatus.Saved || !publish)
        {
            return saved;
        }

        return await editor.PublishAsync(entryId, saved.Entry!.ETag, by, note, cancellationToken);
    }

    /// <summary>A draft from a review group: the most asked question, the others as phrasings, the answer to be written.</summary>
    public static async Task<FaqEditResult> DraftFromGroupAsync(IFaqEditor editor, ReviewGroup group, string by, CancellationToken cancellationToken)
    {
        var question = group.Representative.Length > FaqEntryValidator.MaxQuestionLength ? group.Representative[..FaqEntryValidator.MaxQuestionLength] : group.Representative;
        var phrasings = group.Questions.Select(q => q.Text.Trim()).Where(q => !string.Equals(q, question, StringComparison.OrdinalIgnoreCase) && q.Length <= FaqEntryValidator.MaxQuestionLength)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        for (var i = 1; phrasings.Count < FaqEntryValidator.MinAlternatives; i++)
        {
            phrasings.Add("(do uzupełnienia) sformułowanie " + i.ToString(CultureInfo.InvariantCulture));
        }

        var id = "pytanie-" + group.Id[..10];
        var entry = new FaqEntry(id, question.Replace('<', '‹').Replace('>', '›'), [.. phrasings.Select(p => p.Replace('<', '‹').Replace('>', '›'))], "(do uzupełnienia) Odpowiedź.", "do-przegladu", [], [],
            "Centrum Konsultacyjne", group.Questions.FirstOrDefault()?.Locale is "en" ? FaqLocale.English : FaqLocale.Polish, FaqStatus.Draft, default, by);
        return await editor.SaveDraftAsync(entry, null, by, "created from the review list (" + group.Count.ToString(CultureInfo.InvariantCulture) + " questions)", cancellationToken);
    }
}
