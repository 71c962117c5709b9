using ConsultBot.Handoff.Outbox;
using ConsultBot.Handoff.Resources;

namespace ConsultBot.Handoff.Tests;

/// <summary>Labels built from enum values ("Status" + status) are the keys nameof cannot check: each value, both languages.</summary>
public sealed class HandoffLabelsTests
{
    [Theory]
    [InlineData("pl-PL")]
    [InlineData("en-US")]
    public void Every_status_urgency_outbox_kind_and_dead_letter_reason_has_a_label(string locale)
    {
        Assert.All(Enum.GetValues<TicketStatus>(), s => Assert.False(string.IsNullOrWhiteSpace(HandoffLabels.Status(s, locale))));
        Assert.All(Enum.GetValues<TicketUrgency>(), u => Assert.False(string.IsNullOrWhiteSpace(HandoffLabels.Urgency(u, locale))));
        Assert.All(Enum.GetValues<OutboxKind>(), k => Assert.False(string.IsNullOrWhiteSpace(HandoffLabels.OutboxKindOf(k, locale))));
        Assert.False(string.IsNullOrWhiteSpace(HandoffLabels.OutboxKindOf(null, locale)));
        Assert.All(Enum.GetValues<DeadLetterReason>(), r => Assert.False(string.IsNullOrWhiteSpace(HandoffLabels.DeadLetterReasonOf(r, locale))));
    }

    [Fact]
    public void English_labels_are_not_the_Polish_ones()
    {
        Assert.NotEqual(HandoffLabels.Status(TicketStatus.Open, "pl-PL"), HandoffLabels.Status(TicketStatus.Open, "en-US"));
    }
}
