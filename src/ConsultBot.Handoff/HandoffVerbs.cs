namespace ConsultBot.Handoff;

/// <summary>
/// Card action verbs of the handoff feature. Other features may put <see cref="Ask"/> on their own cards
/// (data: <c>question</c>, optional <c>considered</c>; see <see cref="IHandoffStarter.CreateAskData"/>).
/// </summary>
public static class HandoffVerbs
{
    /// <summary>"Zapytaj konsultanta": shows the escalation form.</summary>
    public const string Ask = "handoff.ask";

    /// <summary>The escalation form was submitted.</summary>
    public const string Submit = "handoff.submit";

    /// <summary>Asker: "Dziękuję, rozwiązane".</summary>
    public const string Resolved = "handoff.resolved";

    /// <summary>Asker: "Mam dodatkowe pytanie" (input <c>followUp</c>).</summary>
    public const string FollowUp = "handoff.followUp";

    /// <summary>Asker: rating of the answer (data <c>rating</c>: 1–5, "up" or "down").</summary>
    public const string Rate = "handoff.rate";

    /// <summary>Card refresh of the consultants' ticket card.</summary>
    public const string Refresh = "handoff.refresh";

    public const string Claim = "handoff.claim";

    public const string Unassign = "handoff.unassign";

    /// <summary>Consultant's answer (input <c>answer</c>).</summary>
    public const string Answer = "handoff.answer";

    public const string Close = "handoff.close";

    public const string ProposeFaq = "handoff.proposeFaq";

    internal static readonly string[] All = [Ask, Submit, Resolved, FollowUp, Rate, Refresh, Claim, Unassign, Answer, Close, ProposeFaq];
}
