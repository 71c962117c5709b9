namespace ConsultBot.Welcome;

/// <summary>Card-action verbs of the welcome feature.</summary>
public static class WelcomeVerbs
{
    /// <summary>Show the welcome / help card. The name predates the feature's own project; cards already in chats carry it.</summary>
    public const string Show = "assessment.welcome";
}
