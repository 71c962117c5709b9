namespace ConsultBot.Workshop;

/// <summary>Card action verbs of the workshop tools (Action.Execute).</summary>
public static class WorkshopVerbs
{
    /// <summary>Answer the quiz question on the card. Data: <c>question</c>, input <c>choice</c>.</summary>
    public const string QuizAnswer = "workshop.quiz.answer";

    /// <summary>The next quiz question (or the score at the end).</summary>
    public const string QuizNext = "workshop.quiz.next";

    /// <summary>Vote in a team poll (again to change the vote). Data: <c>poll</c>, input <c>option</c>.</summary>
    public const string PollVote = "workshop.poll.vote";

    /// <summary>The poll card as the caller should see it now (the card's refresh action).</summary>
    public const string PollRefresh = "workshop.poll.refresh";

    /// <summary>Close a poll: only the one who started it. Data: <c>poll</c>.</summary>
    public const string PollClose = "workshop.poll.close";

    /// <summary>"Plan partnerstwa" on the recommendation card: sends a signed, expiring link. Data: <c>assessmentId</c>.</summary>
    public const string PlanLink = "workshop.plan";
}
