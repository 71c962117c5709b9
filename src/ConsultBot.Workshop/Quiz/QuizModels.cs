namespace ConsultBot.Workshop.Quiz;

/// <summary>A text in both languages.</summary>
public sealed record QuizText(string Pl, string En)
{
    public string Get(string language) => language == "en" ? En : Pl;
}

/// <summary>
/// One self-check question, kept in the store (key <c>workshop/quiz/questions/{id}</c>) where admins edit it.
/// <paramref name="EntryId"/> is the knowledge-base entry that explains the answer (the card links to it).
/// </summary>
public sealed record QuizQuestion(string Id, string EntryId, int Order, QuizText Question, IReadOnlyList<QuizText> Options, int Correct, QuizText Explanation, bool Enabled = true)
{
    /// <summary>What is wrong with the question, or null when it can be used.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Id) || Id.Length > 80 || !Id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return "'id' must be 1-80 characters: letters, digits, '-'.";
        }

        if (string.IsNullOrWhiteSpace(EntryId))
        {
            return "'entryId' must name the knowledge-base entry that explains the answer.";
        }

        if (Options is not { Count: >= 2 and <= 6 })
        {
            return "'options' must have 2-6 answers.";
        }

        if (Correct < 0 || Correct >= Options.Count)
        {
            return "'correct' must be the 0-based index of one of the options.";
        }

        var texts = new[] { Question, Explanation }.Concat(Options);
        return texts.Any(t => t is null || string.IsNullOrWhiteSpace(t.Pl) || string.IsNullOrWhiteSpace(t.En) || t.Pl.Length > 400 || t.En.Length > 400)
            ? "'question', 'explanation' and every option need Polish and English text (at most 400 characters)."
            : null;
    }
}

/// <summary>The embedded first set of questions (Content/quiz.json).</summary>
internal sealed record QuizContent(string Description, IReadOnlyList<QuizQuestion> Questions);

/// <summary>A quiz in progress: the questions in the order asked, where the user is, and the score so far.</summary>
internal sealed record QuizRun(IReadOnlyList<string> Questions, int Position, int Score, DateTimeOffset StartedAt);

/// <summary>
/// A user's self-check results (key <c>workshop/quiz/results/{channel}/{user}</c>): the run in progress, finished runs,
/// the best score and the questions answered right at least once. Erased with "usuń moje dane".
/// </summary>
internal sealed record QuizProgress(QuizRun? Run, int Finished, int Best, int LastScore, int LastTotal, IReadOnlyList<string> Mastered, DateTimeOffset UpdatedAt)
{
    public static QuizProgress Empty(DateTimeOffset now) => new(null, 0, 0, 0, 0, [], now);
}
