namespace ConsultBot.Welcome.Cards;

// The data bound to cards/welcome.json ($root), serialised camelCase; the texts that depend only on the locale live
// in cards/welcome.texts.json. Strings are never null ("" instead): an unresolved ${...} would stay in the card.

/// <param name="Total">How many questions the assessment asks.</param>
/// <param name="Shared">A group chat or channel: no personal data, and a note that assessments run in the personal chat.</param>
internal sealed record WelcomeCardData(string UserName, bool HasUnfinished, int UnfinishedStep, int Total, int PastCount, bool Shared);
