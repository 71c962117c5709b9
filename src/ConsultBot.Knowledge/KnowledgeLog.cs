using Microsoft.Extensions.Logging;

namespace ConsultBot.Knowledge;

/// <summary>
/// The Knowledge project's log events (range 6100-6199: store 6100-6112 and retention 6130-6131 live in Store/,
/// chat 6120-6125, index 6140-6142). Never the question text: it may name people or cities' internal matters.
/// </summary>
internal static partial class KnowledgeLog
{
    [LoggerMessage(6120, LogLevel.Information, "FAQ search: {Decision}, top {EntryId}, query length {Length}")]
    public static partial void Searched(ILogger logger, FaqDecision decision, string entryId, int length);

    [LoggerMessage(6121, LogLevel.Information, "FAQ entry {EntryId} shown from a button")]
    public static partial void EntryShown(ILogger logger, string entryId);

    [LoggerMessage(6122, LogLevel.Information, "FAQ feedback on {EntryId}: helpful={Helpful}")]
    public static partial void FeedbackGiven(ILogger logger, string entryId, bool helpful);

    [LoggerMessage(6123, LogLevel.Information, "FAQ message extension search: {Decision}, {Count} results")]
    public static partial void ExtensionSearched(ILogger logger, FaqDecision decision, int count);

    [LoggerMessage(6124, LogLevel.Information, "FAQ follow-up to {ContextId} resolved to {EntryId}")]
    public static partial void FollowUpResolved(ILogger logger, string contextId, string entryId);

    [LoggerMessage(6125, LogLevel.Information, "Second FAQ question in a row without an answer: consultant form shown")]
    public static partial void SecondMiss(ILogger logger);

    [LoggerMessage(6140, LogLevel.Information, "FAQ index built: {Count} entries in {ElapsedMs:F0} ms")]
    public static partial void IndexBuilt(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(6141, LogLevel.Information, "FAQ entry {Id} indexed")]
    public static partial void EntryIndexed(ILogger logger, string id);

    [LoggerMessage(6142, LogLevel.Information, "FAQ entry {Id} removed from the index")]
    public static partial void EntryUnindexed(ILogger logger, string id);
}
