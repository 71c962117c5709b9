using ConsultBot.Protocol.Connector;

namespace ConsultBot.Handoff.Outbox;

/// <summary>
/// The lease arithmetic. A delivery is one connector call between store reads and writes; the connector
/// ends a call (all its retries included) within <c>Connector:TotalTimeout</c>, but its client-side pacing
/// wait comes on top. So the lease is that timeout plus <see cref="LeaseMargin"/>, and the processor cuts its
/// own call off <see cref="RecordMargin"/> before the lease ends: no call of this instance is still running when
/// another instance may take the item over, and there is time left to record what happened.
/// </summary>
internal static class OutboxTiming
{
    /// <summary>Time for the store work around the call and for the pacing wait.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    /// <summary>Kept free at the end of the lease to record the result (or the failure).</summary>
    public static readonly TimeSpan RecordMargin = TimeSpan.FromSeconds(10);

    public static TimeSpan MinimumLease(ConnectorOptions connector) => connector.TotalTimeout + LeaseMargin;

    /// <summary>The configured lease, or the minimum when none is configured.</summary>
    public static TimeSpan Lease(HandoffOptions options, ConnectorOptions connector) => options.OutboxLease ?? MinimumLease(connector);

    /// <summary>How long the delivery's connector call may run under a lease of <paramref name="lease"/>.</summary>
    public static TimeSpan CallBudget(TimeSpan lease) => lease - RecordMargin;
}
