using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ConsultBot.Protocol.Telemetry;

/// <summary>
/// The bot's own traces and metrics (one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>). The projects where things happen record here; the Host decides whether anything listens
/// and where it goes (OTLP only when configured). Tags carry kinds, ids of definitions and counts, never message
/// text, names, user or conversation ids: nothing personal leaves the process through telemetry.
/// </summary>
public static class ConsultBotTelemetry
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = "ConsultBot";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Turns run, tagged <c>activity.type</c> and <c>outcome</c> (completed, failed, duplicate, busy).</summary>
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("consultbot.turns", "{turn}", "Turns run, by activity type and outcome");

    /// <summary>Time from taking the place in line to the end of the turn (replies delivered), in seconds.</summary>
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("consultbot.turn.duration", "s", "Duration of a turn",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>FAQ decisions, tagged <c>decision</c> (answer, suggest, none) and <c>surface</c> (chat, extension, api).</summary>
    public static readonly Counter<long> FaqDecisions = Meter.CreateCounter<long>("consultbot.faq.decisions", "{decision}", "FAQ search decisions");

    /// <summary>Outbox items given up on (dead letters), tagged <c>kind</c>.</summary>
    public static readonly Counter<long> OutboxDeadLetters = Meter.CreateCounter<long>("consultbot.outbox.dead_letters", "{item}", "Outbox items moved to dead letters");

    /// <summary>Outbox items delivered, tagged <c>kind</c>.</summary>
    public static readonly Counter<long> OutboxDelivered = Meter.CreateCounter<long>("consultbot.outbox.delivered", "{item}", "Outbox items delivered");

    /// <summary>Outbox items still pending after the last delivery pass on this instance (each lane counted up to its batch size).</summary>
    public static readonly Gauge<long> OutboxPending = Meter.CreateGauge<long>("consultbot.outbox.pending", "{item}", "Outbox items pending after the last delivery pass");

    /// <summary>Tickets left unclaimed past the claim SLA (in working time) and re-announced.</summary>
    public static readonly Counter<long> TicketSlaBreaches = Meter.CreateCounter<long>("consultbot.ticket.sla_breaches", "{ticket}", "Tickets unclaimed past the claim SLA");

    /// <summary>Starts a span of the bot's own source, or null when nobody listens (the common, free case).</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);
}

/// <summary>Tag values from the wire folded to a known, small set (bounded cardinality, nothing a user typed).</summary>
public static class TelemetryTags
{
    private static readonly HashSet<string> KnownTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "message", "conversationUpdate", "installationUpdate", "messageReaction", "messageUpdate", "messageDelete",
        "typing", "event", "invoke", "endOfConversation", "trace",
    };

    private static readonly HashSet<string> KnownChannels = new(StringComparer.OrdinalIgnoreCase)
    {
        "msteams", "emulator", "webchat", "directline", "test",
    };

    public static string ActivityType(string? type) =>
        type is not null && KnownTypes.TryGetValue(type, out var known) ? known : "other";

    public static string Channel(string? channel) =>
        channel is not null && KnownChannels.TryGetValue(channel, out var known) ? known : "other";
}
