using Microsoft.Extensions.Logging;

namespace ConsultBot.Assessment;

/// <summary>
/// Log messages of the assessment. Event ids 5000–5199 (docs/logging.md): 5000–5009 API, 5100–5199 chat.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Debug, "Assessment request rejected: {Reason}")]
    public static partial void AssessmentRequestRejected(ILogger logger, string reason);

    [LoggerMessage(5001, LogLevel.Information, "Assessment computed: {Model} from {Answered} answers")]
    public static partial void AssessmentComputed(ILogger logger, string model, int answered);

    [LoggerMessage(5100, LogLevel.Information, "Assessment completed ({Mode}): {Model} from {Answered} answers")]
    public static partial void AssessmentCompleted(ILogger logger, string mode, string model, int answered);

    [LoggerMessage(5101, LogLevel.Debug, "Assessment started (fresh: {Fresh})")]
    public static partial void AssessmentStarted(ILogger logger, bool fresh);

    [LoggerMessage(5102, LogLevel.Debug, "Stale assessment card click: clicked step {Clicked}, current step {Current}")]
    public static partial void StaleClick(ILogger logger, int clicked, int current);

    [LoggerMessage(5103, LogLevel.Debug, "A message at an assessment question went to the other routes ({Kind}); the question is asked again")]
    public static partial void Digressed(ILogger logger, string kind);

    [LoggerMessage(5104, LogLevel.Debug, "Personal assessment content refused in a shared conversation ({Action})")]
    public static partial void SharedRefused(ILogger logger, string action);

    [LoggerMessage(5105, LogLevel.Debug, "Assessment form rejected: {Reason}")]
    public static partial void FormRejected(ILogger logger, string reason);


    [LoggerMessage(5107, LogLevel.Information, "Assessment started from a city description: {Understood} factors understood")]
    public static partial void StartedFromDescription(ILogger logger, int understood);
}
