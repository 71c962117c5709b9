using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConsultBot.Cards.Templating;
using ConsultBot.Protocol.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConsultBot.Cards;

/// <summary>
/// Loads <c>&lt;name&gt;.json</c> + <c>&lt;name&gt;.texts.json</c> from <see cref="CardOptions.TemplatesPath"/> on first
/// use (parsed once, cached for the process), merges the locale's texts into the data at <c>t</c> and
/// expands the template with the C# templating engine (<see cref="Templating"/>).
/// </summary>
public sealed partial class CardRenderer : ICardRenderer
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    private readonly CardOptions _options;
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<LoadedCard>> _cache = new(StringComparer.Ordinal);

    public CardRenderer(IOptions<CardOptions> options, ILogger<CardRenderer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _directory = _options.ResolveTemplatesPath();
        _logger = logger;
    }

    /// <summary>For tests and tools: no DI, no logging.</summary>
    public CardRenderer(CardOptions options)
        : this(Options.Create(options ?? throw new ArgumentNullException(nameof(options))), NullLogger<CardRenderer>.Instance)
    {
    }

    public JsonObject Render(string cardName, JsonNode? data, string locale)
    {
        var card = Load(cardName);
        var root = BuildRoot(card, data, locale);
        var expanded = card.Template.Expand(root) as JsonObject
            ?? throw new CardTemplateException($"Card '{cardName}' did not expand to a JSON object.");
        var bytes = CardSize.Utf8Bytes(expanded);
        if (bytes > _options.MaxCardBytes)
        {
            if (_options.OversizeBehavior == CardOversizeBehavior.Throw)
            {
                throw new CardTooLargeException(cardName, bytes, _options.MaxCardBytes);
            }

            Log.CardTooLarge(_logger, cardName, bytes, _options.MaxCardBytes);
        }

        return expanded;
    }

    public Attachment RenderAttachment(string cardName, JsonNode? data, string locale) =>
        Attachment.AdaptiveCard(Render(cardName, data, locale));

    /// <summary>The <c>$root</c> object the template sees: a copy of <paramref name="data"/> plus <c>t</c>.</summary>
    internal JsonObject BuildData(string cardName, JsonNode? data, string locale) => BuildRoot(Load(cardName), data, locale);

    internal static bool IsEnglish(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    private static JsonObject BuildRoot(LoadedCard card, JsonNode? data, string locale)
    {
        var root = data switch
        {
            null => new JsonObject(),
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new ArgumentException("Card data must be a JSON object (or null).", nameof(data)),
        };
        root["t"] = (IsEnglish(locale) ? card.EnglishTexts : card.PolishTexts).DeepClone();
        return root;
    }

    private LoadedCard Load(string cardName)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardName);
        if (!CardNamePattern().IsMatch(cardName))
        {
            throw new CardTemplateException($"Invalid card name '{cardName}'.");
        }

        var lazy = _cache.GetOrAdd(cardName, name => new Lazy<LoadedCard>(() => LoadFromDisk(name)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Don't cache failures: a template fixed on disk (or a transient IO error) is picked up next time.
            _cache.TryRemove(new KeyValuePair<string, Lazy<LoadedCard>>(cardName, lazy));
            throw;
        }
    }

    private LoadedCard LoadFromDisk(string name)
    {
        var templatePath = Path.Combine(_directory, name + ".json");
        var textsPath = Path.Combine(_directory, name + ".texts.json");
        if (!File.Exists(templatePath))
        {
            throw new CardTemplateException($"Card template not found: {templatePath}");
        }

        JsonNode? template;
        JsonNode? texts = null;
        try
        {
            template = JsonNode.Parse(File.ReadAllText(templatePath), documentOptions: DocumentOptions);
            if (File.Exists(textsPath))
            {
                texts = JsonNode.Parse(File.ReadAllText(textsPath), documentOptions: DocumentOptions);
            }
        }
        catch (JsonException ex)
        {
            throw new CardTemplateException($"Invalid JSON in card '{name}': {ex.Message}", ex);
        }

        var (pl, en) = ReadTexts(name, texts);
        CardTemplate parsed;
        try
        {
            parsed = CardTemplate.Parse(template);
        }
        catch (CardTemplateException ex)
        {
            throw new CardTemplateException($"Card '{name}': {ex.Message}", ex);
        }

        Log.CardLoaded(_logger, name, templatePath);
        return new LoadedCard(parsed, pl, en);
    }

    private static (JsonObject Pl, JsonObject En) ReadTexts(string name, JsonNode? texts)
    {
        if (texts is null)
        {
            return ([], []); // a card without texts is allowed (e.g. data-only cards)
        }

        if (texts is not JsonObject o || o["pl"] is not JsonObject pl || o["en"] is not JsonObject en)
        {
            throw new CardTemplateException($"Card '{name}': texts must be {{\"pl\": {{...}}, \"en\": {{...}}}}.");
        }

        var missing = pl.Select(kv => kv.Key).Except(en.Select(kv => kv.Key))
            .Concat(en.Select(kv => kv.Key).Except(pl.Select(kv => kv.Key))).ToList();
        if (missing.Count > 0)
        {
            throw new CardTemplateException($"Card '{name}': pl and en texts must have the same keys; differing: {string.Join(", ", missing)}.");
        }

        return (pl, en);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex CardNamePattern();

    private sealed record LoadedCard(CardTemplate Template, JsonObject PolishTexts, JsonObject EnglishTexts);
}
