using System.Text.Json.Nodes;
using ConsultBot.Protocol.Schema;

namespace ConsultBot.Cards;

/// <summary>Renders the Adaptive Card templates in <c>cards/</c> with typed data and localized texts.</summary>
public interface ICardRenderer
{
    /// <summary>
    /// Expands <c>cards/&lt;cardName&gt;.json</c> with <paramref name="data"/> (a JSON object, usually a record
    /// serialized camelCase) as <c>$root</c>, plus the locale's texts at <c>$root.t</c>.
    /// </summary>
    /// <param name="locale">"en…" selects English texts; anything else Polish.</param>
    /// <exception cref="Templating.CardTemplateException">Unknown card, bad template, or expansion error.</exception>
    /// <exception cref="CardTooLargeException">The card exceeds <see cref="CardOptions.MaxCardBytes"/> and
    /// <see cref="CardOptions.OversizeBehavior"/> is <see cref="CardOversizeBehavior.Throw"/>.</exception>
    JsonObject Render(string cardName, JsonNode? data, string locale);

    /// <summary><see cref="Render"/> wrapped as an Adaptive Card attachment.</summary>
    Attachment RenderAttachment(string cardName, JsonNode? data, string locale);
}
