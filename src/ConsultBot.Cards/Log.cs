using Microsoft.Extensions.Logging;

namespace ConsultBot.Cards;

/// <summary>Log messages of the card renderer. Event ids 2100–2199 (docs/logging.md).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Card {CardName} is {Bytes} bytes, over the {Limit}-byte limit")]
    public static partial void CardTooLarge(ILogger logger, string cardName, int bytes, int limit);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Loaded card template {CardName} from {Path}")]
    public static partial void CardLoaded(ILogger logger, string cardName, string path);
}
