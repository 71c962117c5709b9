using Microsoft.Extensions.Logging;

namespace ConsultBot.Assessment;

/// <summary>
/// Log messages of the assessment. Event ids 5000–5099:
/// 5000–5009 API, 5010–5029 chat flow.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Debug, "Assessment request rejected: {Reason}")]
    public static partial void AssessmentRequestRejected(ILogger logger, string reason);

    [LoggerMessage(5001, LogLevel.Information, "Assessment computed: {Model} from {Answered} answers")]
    public static partial void AssessmentComputed(ILogger logger, string model, int answered);
}
