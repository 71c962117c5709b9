namespace ConsultBot.Cards;

/// <summary>Configuration section <c>Cards</c>.</summary>
public sealed class CardOptions
{
    public const string SectionName = "Cards";

    /// <summary>Teams rejects messages over ~100 KB; we keep single cards well under that.</summary>
    public const int DefaultMaxCardBytes = 28 * 1024;

    /// <summary>Folder with <c>&lt;name&gt;.json</c> templates and <c>&lt;name&gt;.texts.json</c> texts.
    /// Default: the <c>cards</c> folder next to the application binaries. Relative paths are resolved
    /// against the application base directory.</summary>
    public string? TemplatesPath { get; set; }

    /// <summary>Size limit of a rendered card, UTF-8 bytes of its JSON as sent on the wire.</summary>
    public int MaxCardBytes { get; set; } = DefaultMaxCardBytes;

    /// <summary>What happens when a rendered card is over <see cref="MaxCardBytes"/>.</summary>
    public CardOversizeBehavior OversizeBehavior { get; set; } = CardOversizeBehavior.Throw;

    internal string ResolveTemplatesPath() =>
        string.IsNullOrWhiteSpace(TemplatesPath)
            ? Path.Combine(AppContext.BaseDirectory, "cards")
            : Path.GetFullPath(TemplatesPath, AppContext.BaseDirectory);
}

public enum CardOversizeBehavior
{
    /// <summary>Throw <see cref="CardTooLargeException"/>.</summary>
    Throw,

    /// <summary>Log a warning and return the card anyway.</summary>
    Log,
}
