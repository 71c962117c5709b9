using Microsoft.Extensions.Logging;

namespace ConsultBot.Workshop;

/// <summary>
/// Logging of the workshop tools, event ids 7100–7199: 710x quiz, 712x polls, 714x plan links.
/// Ids of polls and questions only; never names, votes of a named person or answers.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Quiz questions seeded: {Count}")]
    public static partial void QuizSeeded(this ILogger logger, int count);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Quiz finished: {Score}/{Total}")]
    public static partial void QuizFinished(this ILogger logger, int score, int total);

    [LoggerMessage(EventId = 7120, Level = LogLevel.Information, Message = "Poll {Poll} started")]
    public static partial void PollStarted(this ILogger logger, string poll);

    [LoggerMessage(EventId = 7121, Level = LogLevel.Information, Message = "Poll {Poll} closed with {Votes} votes")]
    public static partial void PollClosed(this ILogger logger, string poll, int votes);

    [LoggerMessage(EventId = 7122, Level = LogLevel.Information, Message = "Poll {Poll}: vote refused ({Reason})")]
    public static partial void VoteRefused(this ILogger logger, string poll, string reason);

    [LoggerMessage(EventId = 7123, Level = LogLevel.Warning, Message = "Poll {Poll}: the shared card was not updated (connector status {Status})")]
    public static partial void PollCardNotUpdated(this ILogger logger, string poll, int status);

    [LoggerMessage(EventId = 7140, Level = LogLevel.Information, Message = "Plan link issued, valid until {ExpiresAt:O}")]
    public static partial void PlanLinkIssued(this ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 7141, Level = LogLevel.Warning, Message = "Plan link refused: {Reason}")]
    public static partial void PlanLinkRefused(this ILogger logger, string reason);
}
