namespace ConsultBot.Assessment.Engine;

/// <summary>One question of the assessment: its wire id, a short label, the question, a hint and the options (in the contract's order).</summary>
public sealed record Factor(FactorId Id, string Key, LocalizedText Label, LocalizedText Question, LocalizedText Hint, IReadOnlyList<FactorOption> Options)
{
    /// <summary>The option index of a wire value, or -1.</summary>
    public int IndexOf(string value)
    {
        for (var i = 0; i < Options.Count; i++)
        {
            if (string.Equals(Options[i].Value, value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The wire values, in order (for error messages and validation).</summary>
    public IReadOnlyList<string> Values => [.. Options.Select(static o => o.Value)];
}

/// <summary>One answer option: its wire value, a short title and a hint.</summary>
public sealed record FactorOption(string Value, LocalizedText Title, LocalizedText Hint);
