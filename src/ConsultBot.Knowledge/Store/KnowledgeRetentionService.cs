using ConsultBot.Protocol.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultBot.Knowledge.Store;

/// <summary>
/// The knowledge feature's retention sweep, every <see cref="KnowledgeOptions.RetentionSweepInterval"/>: feedback and
/// unanswered questions older than <see cref="KnowledgeOptions.FeedbackRetentionDays"/>, and drafts proposed from
/// tickets still unpublished after <see cref="KnowledgeOptions.DraftRetentionDays"/> (they hold a ticket's texts).
/// Transcripts are trimmed to <see cref="KnowledgeOptions.TranscriptRetentionDays"/> whenever they are read or written.
/// </summary>
internal sealed partial class KnowledgeRetentionService(
    FaqFeedbackLog feedbackLog,
    IFaqStore store,
    IOptions<KnowledgeOptions> options,
    TimeProvider timeProvider,
    ILogger<KnowledgeRetentionService> logger) : BackgroundService
{
    /// <summary>Id prefix of drafts made by "Propose as FAQ" (<see cref="KnowledgeFaqDraftSink"/>).</summary>
    public const string ProposalPrefix = "propozycja-";

    /// <summary>One pass; returns how many items were removed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var removed = await feedbackLog.SweepAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(options.Value.DraftRetentionDays);
        foreach (var draft in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = draft.Entry;
            if (entry.Status == FaqStatus.Draft && entry.Id.StartsWith(ProposalPrefix, StringComparison.Ordinal) && entry.UpdatedAt < cutoff)
            {
                var result = await store.DeleteAsync(entry.Id, draft.ETag, "retention", cancellationToken).ConfigureAwait(false);
                removed += result.Status == FaqWriteStatus.Saved ? 1 : 0;
            }
        }

        if (removed > 0)
        {
            Log.Swept(logger, removed);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StorageUnavailableException ex)
            {
                Log.SweepFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.RetentionSweepInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6130, LogLevel.Information, "Knowledge retention removed {Count} items")]
        public static partial void Swept(ILogger logger, int count);

        [LoggerMessage(6131, LogLevel.Warning, "Knowledge retention sweep deferred: the store is unavailable")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
