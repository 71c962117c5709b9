using Microsoft.Extensions.Options;

namespace ConsultBot.Knowledge.Store;

/// <summary>Section <c>Knowledge</c>; validated at start.</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>How often each instance polls <c>knowledge/meta</c> for changes made elsewhere (1 s – 10 min).</summary>
    public TimeSpan IndexSyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Key expected in the <c>X-Admin-Key</c> header of the admin endpoints (at least 16 characters).
    /// Unset: the admin endpoints answer 404, so a deployment without a key exposes nothing.
    /// </summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Recent turns kept per personal conversation for the consultant's context (0 = keep none).</summary>
    public int ConversationContextTurns { get; set; } = 10;

    /// <summary>Days a remembered chat turn (the consultant's context, in conversation state) is kept.</summary>
    public int TranscriptRetentionDays { get; set; } = 30;

    /// <summary>Days 👍/👎 feedback and unanswered questions (with the asker's Teams id) are kept for admins.</summary>
    public int FeedbackRetentionDays { get; set; } = 365;

    /// <summary>Days a draft FAQ entry proposed from a ticket (it holds the ticket's question and answer) stays a draft before it is removed.</summary>
    public int DraftRetentionDays { get; set; } = 180;

    /// <summary>How often the retention sweep runs.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Entries shown by the message extension before anything is typed, and as examples after "Zadaj pytanie" (first four).</summary>
    public IList<string> PopularEntryIds { get; } =
    [
        "model-jak-wybrac", "partnerstwo-jak-zaczac", "zaswiadczenie", "rola-ngo", "modele-porownanie",
        "centrum-konsultacyjne", "partnerstwo-podstawy-prawne", "webinary-kto-moze",
    ];
}

internal sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.IndexSyncInterval < TimeSpan.FromSeconds(1) || options.IndexSyncInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add("Knowledge:IndexSyncInterval must be between 00:00:01 and 00:10:00.");
        }

        if (options.AdminApiKey is { } key && key.Length > 0 && key.Trim().Length < 16)
        {
            failures.Add("Knowledge:AdminApiKey must be at least 16 characters (or unset to disable the admin endpoints).");
        }

        if (options.ConversationContextTurns is < 0 or > 50)
        {
            failures.Add("Knowledge:ConversationContextTurns must be between 0 and 50.");
        }

        if (options.TranscriptRetentionDays < 1 || options.FeedbackRetentionDays < 1 || options.DraftRetentionDays < 1)
        {
            failures.Add("Knowledge:TranscriptRetentionDays, FeedbackRetentionDays and DraftRetentionDays must be at least 1.");
        }

        if (options.RetentionSweepInterval < TimeSpan.FromSeconds(1) || options.RetentionSweepInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Knowledge:RetentionSweepInterval must be between 00:00:01 and 1.00:00:00.");
        }

        if (options.PopularEntryIds.Any(id => !FaqEntryValidator.IsValidId(id)))
        {
            failures.Add("Knowledge:PopularEntryIds must hold entry ids.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
