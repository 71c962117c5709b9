using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultBot.Cards;
using ConsultBot.Handoff;
using ConsultBot.Knowledge.Store;

namespace ConsultBot.Knowledge.Chat;

/// <summary>What an answer card shows: the entry in the language it is shown in.</summary>
internal sealed record AnswerView(string Id, string Question, string Answer, string Source, bool Fallback, IReadOnlyList<string> Related)
{
    public static AnswerView FromHit(FaqHit hit) =>
        new(hit.Id, hit.Question, hit.Answer, hit.Source, hit.FallbackLanguage, hit.Related);

    /// <param name="language">"pl" or "en": the English translation when there is one, else Polish marked as a fallback.</param>
    public static AnswerView FromEntry(FaqEntry entry, string language)
    {
        var translation = entry.TranslationFor(language);
        var fallback = language != entry.Language && translation is null;
        return new(entry.Id, translation?.Question ?? entry.Question, translation?.Answer ?? entry.Answer, entry.Source, fallback, entry.Related);
    }
}

/// <summary>Builds the data of the FAQ cards (<c>cards/faq-*.json</c>) and renders them.</summary>
internal sealed class FaqCards(ICardRenderer renderer, IFaqCatalog catalog, IHandoffStarter handoff)
{
    public const string AnswerCard = "faq-answer";
    public const string SuggestCard = "faq-suggest";
    public const string ShareCard = "faq-share";
    public const string PromptCard = "faq-prompt";

    /// <param name="asked">What the user typed (kept in the buttons' data for feedback and the consultant form; not shown).</param>
    /// <param name="feedback">"" (buttons shown), "up" or "down" (buttons replaced by thanks).</param>
    public JsonObject RenderAnswer(AnswerView view, string asked, string locale, string feedback = "")
    {
        var language = Language(locale);
        var related = new JsonArray();
        foreach (var id in view.Related)
        {
            // Drafts and deleted entries have no card to show: leave their buttons out.
            if (catalog.Find(id) is { } entry)
            {
                related.Add(new JsonObject { ["id"] = id, ["title"] = Title(entry, language) });
            }
        }

        var data = new JsonObject
        {
            ["id"] = view.Id,
            ["question"] = view.Question,
            ["answer"] = view.Answer,
            ["source"] = view.Source,
            ["fallback"] = view.Fallback,
            ["asked"] = asked,
            ["related"] = related,
            ["feedback"] = feedback,
            ["ask"] = handoff.CreateAskData(asked, [new ConsideredEntry(view.Id, view.Question, 1.0)]),
        };
        return renderer.Render(AnswerCard, data, locale);
    }

    public JsonObject RenderSuggest(IReadOnlyList<FaqHit> hits, string asked, string locale)
    {
        var suggestions = new JsonArray();
        foreach (var h in hits.Take(3))
        {
            suggestions.Add(new JsonObject { ["id"] = h.Id, ["title"] = h.Question });
        }

        var data = new JsonObject
        {
            ["asked"] = asked,
            ["suggestions"] = suggestions,
            ["ask"] = handoff.CreateAskData(asked, Considered(hits)),
        };
        return renderer.Render(SuggestCard, data, locale);
    }

    public JsonObject RenderShare(AnswerView view, string locale) =>
        renderer.Render(ShareCard, new JsonObject
        {
            ["question"] = view.Question,
            ["answer"] = view.Answer,
            ["source"] = view.Source,
            ["fallback"] = view.Fallback,
        }, locale);

    public JsonObject RenderPrompt(IEnumerable<FaqEntry> examples, string locale)
    {
        var language = Language(locale);
        var items = new JsonArray();
        foreach (var e in examples)
        {
            items.Add(new JsonObject { ["id"] = e.Id, ["title"] = Title(e, language) });
        }

        return renderer.Render(PromptCard, new JsonObject { ["examples"] = items }, locale);
    }

    public static IReadOnlyList<ConsideredEntry> Considered(IEnumerable<FaqHit> hits) =>
        [.. hits.Take(3).Select(h => new ConsideredEntry(h.Id, h.Question, Math.Round(h.Confidence, 3)))];

    public static string Language(string? locale) =>
        Protocol.Turn.TurnLanguage.IsEnglish(locale) ? FaqLocale.English : FaqLocale.Polish;

    public static string Title(FaqEntry entry, string language) => entry.TranslationFor(language)?.Question ?? entry.Question;

    /// <summary>A plain-text excerpt for previews and transcripts: markdown markers dropped, cut at a word.</summary>
    public static string Excerpt(string markdown, int max)
    {
        var plain = markdown.Replace("**", string.Empty, StringComparison.Ordinal).Replace("\n- ", " • ", StringComparison.Ordinal).Replace('\n', ' ').Trim();
        if (plain.Length <= max)
        {
            return plain;
        }

        var cut = plain.LastIndexOf(' ', max - 1);
        return plain[..(cut > max / 2 ? cut : max - 1)].TrimEnd(',', ';', ':', ' ') + "…";
    }

}
