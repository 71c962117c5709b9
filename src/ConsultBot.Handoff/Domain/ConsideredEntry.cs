namespace ConsultBot.Handoff;

/// <summary>A FAQ entry the bot considered before escalating (shown to consultants so they see what did not fit).</summary>
public sealed record ConsideredEntry(string Id, string Question, double Score);
