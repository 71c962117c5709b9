using ConsultBot.Knowledge.Store;
using ConsultBot.Protocol.Turn;

namespace ConsultBot.Knowledge.Chat;

/// <summary>A facet a follow-up can change: the cooperation model, or the audience an entry is about.</summary>
internal enum FacetKind
{
    Model,
    Audience,
}

/// <summary>One facet value (<c>strategic</c>, <c>ngo</c>…) and the word the user typed for it.</summary>
internal sealed record FacetWord(FacetKind Kind, string Value, string Word);

/// <summary>An entry id read as facets: model, audience and the rest ("model-operacyjny-korzysci-ngo" → operational, ngo, "model korzysci").</summary>
internal sealed record EntrySignature(string Rest, string? Model, string? Audience);

/// <summary>What a short follow-up asks: the facets it names, and its other words.</summary>
internal sealed record FollowUpRequest(IReadOnlyList<FacetWord> Facets, IReadOnlyList<string> Residual, bool Connective)
{
    /// <summary>
    /// "a w operacyjnym?", "a dla NGO?", "and in the relational one?": only facets change. Without a connective only a very
    /// short message counts ("w operacyjnym?"), so "co to jest model operacyjny" stays a question of its own.
    /// </summary>
    public bool IsFacetSwap => Facets.Count > 0 && Residual.Count == 0 && (Connective || WordCount <= 3)
        && Facets.GroupBy(f => f.Kind).All(g => g.Select(f => f.Value).Distinct().Count() == 1);

    public int WordCount { get; init; }

    /// <summary>"a warunki sukcesu?": another aspect of the same model.</summary>
    public bool IsAspectChange => Facets.Count == 0 && Connective && Residual.Count is > 0 and <= 4;
}

/// <summary>What a follow-up resolved to: the sibling entry itself, or the search for the rewritten question.</summary>
internal sealed record FollowUpResult(FaqEntry? Entry, FaqSearchResponse? Response, string Query);

/// <summary>
/// Elliptical follow-ups, resolved against the last answered entry. Design: the knowledge base names its entries by facet
/// ("model-strategiczny-lider", "model-operacyjny-korzysci-ngo", "rola-biznesu"), so an entry id read through the facet
/// vocabulary below is a signature (model, audience, rest). A follow-up that only changes a facet asks for the sibling with
/// the same rest and the swapped facet: exact, and free of search noise — the engine's siblings score close, which is the
/// very ambiguity the follow-up removes. When there is no such sibling ("a dla NGO?" after the strategic leader), the
/// previous entry's question is rewritten with the facet swapped ("Kto jest liderem w modelu operacyjnym współpracy?")
/// and searched, so the engine decides honestly. A follow-up that keeps the model but asks another aspect ("a warunki
/// sukcesu?") is searched with the remembered model added.
/// </summary>
internal static class FollowUps
{
    private const int MaxWords = 8;

    private static readonly (FacetKind Kind, string Value, string[] Stems)[] Lexicon =
    [
        (FacetKind.Model, "strategic", ["strategiczn", "strategic"]),
        (FacetKind.Model, "operational", ["operacyjn", "operational"]),
        (FacetKind.Model, "functional", ["funkcjonaln", "functional"]),
        (FacetKind.Model, "relational", ["relacyjn", "relational"]),
        (FacetKind.Audience, "city", ["miast", "gmin", "samorzad", "jst", "city", "cities", "town", "municipal"]),
        (FacetKind.Audience, "migrants", ["migranc", "migrant", "imigrant", "cudzoziem", "uchodzc", "obcokraj", "refugee", "foreigner", "newcomer"]),
        (FacetKind.Audience, "ngo", ["ngo", "organizacj", "pozarzad", "fundacj", "stowarzysz", "non-governmental", "charit"]),
        (FacetKind.Audience, "business", ["biznes", "firm", "pracodaw", "przedsiebior", "business", "employer", "compan"]),
        (FacetKind.Audience, "residents", ["mieszkanc", "sasiad", "sasiedz", "resident", "neighbo", "locals"]),
        (FacetKind.Audience, "institutions", ["instytucj", "szkol", "institution", "school"]),
    ];

    // Words a follow-up is made of besides its facets ("a w tym modelu?", "and for the city?").
    private static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "a", "i", "oraz", "w", "we", "dla", "z", "ze", "o", "na", "do", "u", "przy", "po", "tym", "tej", "ten", "to", "ta", "tego", "tych",
        "tam", "przypadku", "kontekscie", "modelu", "model", "modelem", "wersji", "wariancie", "co", "jak", "jest", "sa", "jesli", "chodzi",
        "zas", "natomiast", "tez", "takze", "rowniez", "teraz", "sektora", "sektor", "wspolpracy", "wspolpraca", "przez", "wobec",
        "and", "in", "the", "for", "what", "about", "how", "with", "of", "one", "case", "version", "is", "it", "its", "then", "also",
        "regarding", "same", "an", "to", "on", "at", "as", "that", "so", "now", "please", "cooperation", "models", "by",
    };

    private static readonly HashSet<string> Connectives = new(StringComparer.Ordinal) { "a", "and", "i", "oraz", "zas", "natomiast", "also" };

    private static readonly string[] ConnectivePhrases = ["what about", "how about", "co z", "jak z", "jak jest z", "jak to jest z", "same for", "the same for"];

    private static readonly char[] Separators = [' ', ',', '.', '?', '!', ';', ':', '-', '/', '(', ')', '"', '„', '”', '\'', '—', '–'];

    /// <summary>The facet a folded word names, if any.</summary>
    public static (FacetKind Kind, string Value)? FacetOf(string folded)
    {
        foreach (var (kind, value, stems) in Lexicon)
        {
            if (stems.Any(s => folded.StartsWith(s, StringComparison.Ordinal)))
            {
                return (kind, value);
            }
        }

        return null;
    }

    /// <summary>The facets an entry id names, and the rest of it.</summary>
    public static EntrySignature Signature(string entryId)
    {
        string? model = null;
        string? audience = null;
        var rest = new List<string>();
        foreach (var token in entryId.Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (FacetOf(token))
            {
                case (FacetKind.Model, var value) when model is null:
                    model = value;
                    break;
                case (FacetKind.Audience, var value) when audience is null:
                    audience = value;
                    break;
                default:
                    rest.Add(token);
                    break;
            }
        }

        return new EntrySignature(string.Join(' ', rest), model, audience);
    }

    /// <summary>A short message read as a follow-up, or null when it is too long to be one.</summary>
    public static FollowUpRequest? Parse(string? text)
    {
        var original = (text ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (original.Length is 0 or > MaxWords)
        {
            return null;
        }

        var facets = new List<FacetWord>();
        var residual = new List<string>();
        foreach (var word in original)
        {
            var folded = TextMatching.Fold(word);
            if (Fillers.Contains(folded))
            {
                continue;
            }

            if (FacetOf(folded) is { } facet)
            {
                facets.Add(new FacetWord(facet.Kind, facet.Value, word));
            }
            else
            {
                residual.Add(word);
            }
        }

        var start = TextMatching.Fold(text);
        var connective = Connectives.Contains(TextMatching.Fold(original[0])) || ConnectivePhrases.Any(p => start.StartsWith(p + " ", StringComparison.Ordinal));
        return new FollowUpRequest(facets, residual, connective) { WordCount = original.Length };
    }

    /// <summary>Resolves a facet swap or an aspect change against the previous entry; null when the message is neither.</summary>
    public static FollowUpResult? Resolve(FollowUpRequest request, FaqEntry previous, IFaqCatalog catalog, IFaqSearch search, string language)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(search);
        var signature = Signature(previous.Id);
        if (request.IsFacetSwap)
        {
            var model = request.Facets.FirstOrDefault(f => f.Kind == FacetKind.Model)?.Value ?? signature.Model;
            var audience = request.Facets.FirstOrDefault(f => f.Kind == FacetKind.Audience)?.Value ?? signature.Audience;
            if (model == signature.Model && audience == signature.Audience)
            {
                return null;
            }

            var siblings = catalog.Published
                .Where(e => e.Id != previous.Id && Signature(e.Id) == new EntrySignature(signature.Rest, model, audience))
                .Take(2)
                .ToList();
            if (siblings.Count == 1)
            {
                return new FollowUpResult(siblings[0], null, FaqCards.Title(siblings[0], language));
            }

            var rewritten = Swap(FaqCards.Title(previous, language), request.Facets);
            return new FollowUpResult(null, search.Search(rewritten, language, 5), rewritten);
        }

        if (request.IsAspectChange && signature.Model is { } kept)
        {
            var query = string.Join(' ', request.Residual) + " " + ModelPhrase(kept, language);
            return new FollowUpResult(null, search.Search(query, language, 5), query);
        }

        return null;
    }

    /// <summary>The question with each named facet's words replaced by the user's word for the new value (or the word added).</summary>
    public static string Swap(string question, IReadOnlyList<FacetWord> facets)
    {
        var words = question.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var group in facets.GroupBy(f => f.Kind))
        {
            var replacement = string.Join(' ', group.Select(f => f.Word));
            var first = words.FindIndex(w => FacetOf(TextMatching.Fold(w)) is { } f && f.Kind == group.Key);
            if (first < 0)
            {
                words.Add(replacement);
                continue;
            }

            var end = first + 1;
            while (end < words.Count && FacetOf(TextMatching.Fold(words[end])) is { } f && f.Kind == group.Key)
            {
                end++;
            }

            // Keep the question mark or comma that ended the replaced run.
            var trailing = new string([.. words[end - 1].Reverse().TakeWhile(char.IsPunctuation).Reverse()]);
            words.RemoveRange(first, end - first);
            words.Insert(first, replacement + trailing);
        }

        return string.Join(' ', words);
    }

    private static string ModelPhrase(string model, string language) => (model, language == FaqLocale.English) switch
    {
        ("strategic", false) => "w modelu strategicznym",
        ("operational", false) => "w modelu operacyjnym",
        ("functional", false) => "w modelu funkcjonalnym",
        ("relational", false) => "w modelu relacyjnym",
        (_, true) => $"in the {model} model",
        _ => string.Empty,
    };
}
