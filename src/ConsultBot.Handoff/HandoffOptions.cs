using ConsultBot.Protocol.Connector;
using Microsoft.Extensions.Options;

namespace ConsultBot.Handoff;

/// <summary>Configuration section <c>Handoff</c>; validated at start by <see cref="HandoffOptionsValidator"/>.</summary>
public sealed class HandoffOptions
{
    public const string SectionName = "Handoff";

    /// <summary>
    /// The consultants' channel (<c>19:…@thread.tacv2</c>) where each ticket starts a thread. Without it the
    /// feature still takes tickets and tells the asker a consultant will reach them.
    /// </summary>
    public string? ConsultantsConversationId { get; set; }

    /// <summary>Connector service URL of the consultants' team (e.g. <c>https://smba.trafficmanager.net/emea/</c>).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Tenant of the consultants' team, sent when creating threads.</summary>
    public string? TenantId { get; set; }

    /// <summary>
    /// Conversation whose members are consultants, for the member lookup; default
    /// <see cref="ConsultantsConversationId"/>. For a non-General channel of a team, set the team id here.
    /// </summary>
    public string? RosterConversationId { get; set; }

    /// <summary>Teams user ids (<c>29:…</c>) or Entra object ids always allowed to act as consultants.</summary>
    public List<string> ConsultantIds { get; set; } = [];

    /// <summary>An unclaimed ticket older than this (in working time) is re-announced once.</summary>
    public TimeSpan ClaimSla { get; set; } = TimeSpan.FromHours(4);

    public WorkingHoursOptions WorkingHours { get; set; } = new();

    /// <summary>Closed tickets are anonymised (asker, question, answers and every other text removed) this many days after closing.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>Tickets never closed are closed and anonymised this many days after their last change.</summary>
    public int OpenRetentionDays { get; set; } = 365;

    /// <summary>How many recent turns of the chat go with a ticket when the asker consents.</summary>
    public int ContextTurns { get; set; } = 10;

    /// <summary>Language of the cards and notices in the consultants' channel.</summary>
    public string ConsultantsLocale { get; set; } = "pl-PL";

    /// <summary>Prefix of ticket numbers (<c>KC-000123</c>).</summary>
    public string TicketPrefix { get; set; } = "KC";

    /// <summary>How often the background service looks for pending deliveries, SLA breaches and retention.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First retry delay of a failed delivery; doubles per attempt up to <see cref="OutboxMaxBackoff"/>.</summary>
    public TimeSpan OutboxBaseBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan OutboxMaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long one instance owns a delivery before another may take it over. Unset: derived from
    /// <c>Connector:TotalTimeout</c> (see <see cref="Outbox.OutboxTiming"/>), so the lease always outlives the
    /// longest possible connector call; a configured value shorter than that fails at start.
    /// </summary>
    public TimeSpan? OutboxLease { get; set; }

    /// <summary>A delivery that failed this many times is given up (dead-lettered) and shown to consultants and admins.</summary>
    public int OutboxMaxAttempts { get; set; } = 10;

    /// <summary>A delivery still failing (or waiting for its ticket's thread) this long after it was queued is given up.</summary>
    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a consultant-membership answer is cached (a refusal: a tenth of it).</summary>
    public TimeSpan MembershipCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>True when tickets are posted to a consultants' channel.</summary>
    public bool IsChannelConfigured => !string.IsNullOrWhiteSpace(ConsultantsConversationId);

    internal string RosterId => string.IsNullOrWhiteSpace(RosterConversationId) ? ConsultantsConversationId ?? string.Empty : RosterConversationId;
}

/// <summary>
/// When the claim SLA clock runs (section <c>Handoff:WorkingHours</c>): by default Monday–Friday
/// 8:00–16:00 Europe/Warsaw. <see cref="Enabled"/> = false counts every hour.
/// </summary>
public sealed class WorkingHoursOptions
{
    public bool Enabled { get; set; } = true;

    public List<DayOfWeek> Days { get; set; } = [];

    public TimeSpan Start { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan End { get; set; } = TimeSpan.FromHours(16);

    public string TimeZone { get; set; } = "Europe/Warsaw";

    /// <summary>The configured days, or Monday–Friday when none are configured.</summary>
    internal IReadOnlyList<DayOfWeek> EffectiveDays => Days.Count > 0
        ? Days
        : [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
}

/// <summary>Start-up checks of <see cref="HandoffOptions"/>, with messages that say which key to fix.</summary>
/// <param name="connector">The connector's timings, which bound the outbox lease.</param>
internal sealed class HandoffOptionsValidator(IOptions<ConnectorOptions>? connector = null) : IValidateOptions<HandoffOptions>
{
    public ValidateOptionsResult Validate(string? name, HandoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.IsChannelConfigured)
        {
            if (string.IsNullOrWhiteSpace(options.ServiceUrl))
            {
                errors.Add("Handoff:ServiceUrl is required when Handoff:ConsultantsConversationId is set (the connector URL of the consultants' team, e.g. https://smba.trafficmanager.net/emea/).");
            }
            else if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                errors.Add($"Handoff:ServiceUrl '{options.ServiceUrl}' must be an absolute https URL (http only for localhost).");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            errors.Add("Handoff:ServiceUrl is set but Handoff:ConsultantsConversationId is not; set the channel id (19:…@thread.tacv2) or remove the URL.");
        }

        if (options.ClaimSla <= TimeSpan.Zero)
        {
            errors.Add($"Handoff:ClaimSla must be positive (e.g. 04:00:00), is {options.ClaimSla}.");
        }

        if (options.RetentionDays < 1)
        {
            errors.Add($"Handoff:RetentionDays must be at least 1, is {options.RetentionDays}.");
        }

        if (options.OpenRetentionDays < 1)
        {
            errors.Add($"Handoff:OpenRetentionDays must be at least 1, is {options.OpenRetentionDays}.");
        }

        if (options.ContextTurns is < 0 or > 50)
        {
            errors.Add($"Handoff:ContextTurns must be between 0 and 50, is {options.ContextTurns}.");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.OutboxBaseBackoff <= TimeSpan.Zero || options.OutboxMaxBackoff < options.OutboxBaseBackoff || options.OutboxLease <= TimeSpan.Zero)
        {
            errors.Add("Handoff:PollInterval, OutboxBaseBackoff, OutboxMaxBackoff and OutboxLease must be positive, with OutboxMaxBackoff ≥ OutboxBaseBackoff.");
        }

        var minimumLease = Outbox.OutboxTiming.MinimumLease(connector?.Value ?? new ConnectorOptions());
        if (options.OutboxLease is { } lease && lease > TimeSpan.Zero && lease < minimumLease)
        {
            errors.Add($"Handoff:OutboxLease {lease} is shorter than the longest connector call (Connector:TotalTimeout plus {Outbox.OutboxTiming.LeaseMargin.TotalSeconds:0} s = {minimumLease}): another instance could deliver the same item again. Remove the key (it is derived) or raise it.");
        }

        if (options.OutboxMaxAttempts is < 1 or > 100)
        {
            errors.Add($"Handoff:OutboxMaxAttempts must be between 1 and 100, is {options.OutboxMaxAttempts}.");
        }

        if (options.OutboxMaxAge < TimeSpan.FromMinutes(1) || options.OutboxMaxAge < options.OutboxMaxBackoff)
        {
            errors.Add($"Handoff:OutboxMaxAge must be at least a minute and at least Handoff:OutboxMaxBackoff, is {options.OutboxMaxAge}.");
        }

        if (string.IsNullOrWhiteSpace(options.TicketPrefix) || !options.TicketPrefix.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add($"Handoff:TicketPrefix must be letters or digits (e.g. KC), is '{options.TicketPrefix}'.");
        }

        var hours = options.WorkingHours;
        if (hours.Enabled)
        {
            if (hours.Start < TimeSpan.Zero || hours.End > TimeSpan.FromHours(24) || hours.Start >= hours.End)
            {
                errors.Add($"Handoff:WorkingHours:Start must be before End within one day (e.g. 08:00 and 16:00), is {hours.Start}–{hours.End}.");
            }

            if (WorkingTime.TryFindTimeZone(hours.TimeZone) is null)
            {
                errors.Add($"Handoff:WorkingHours:TimeZone '{hours.TimeZone}' is not a known time zone (use an IANA id such as Europe/Warsaw).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
