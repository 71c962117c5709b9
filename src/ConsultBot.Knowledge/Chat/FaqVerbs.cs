namespace ConsultBot.Knowledge.Chat;

/// <summary>Card action verbs of the FAQ feature (Action.Execute, or Action.Submit with <c>data.verb</c>).</summary>
public static class FaqVerbs
{
    /// <summary>Show an entry's answer card. Data: <c>id</c>, optional <c>question</c> (what the user originally asked, kept for feedback).</summary>
    public const string Show = "faq.show";

    /// <summary>👍/👎 on an answer card. Data: <c>id</c>, <c>helpful</c> (bool), <c>question</c>.</summary>
    public const string Feedback = "faq.feedback";

    /// <summary>"Zadaj pytanie" on the welcome card: a short prompt with example questions.</summary>
    public const string Ask = "faq.ask";
}

/// <summary>Invoke names of the search message extension.</summary>
public static class FaqMessageExtension
{
    public const string QueryInvoke = "composeExtension/query";
    public const string CommandId = "searchFaq";
    public const string QueryParameter = "q";
}
