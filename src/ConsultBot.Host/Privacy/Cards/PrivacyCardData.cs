namespace ConsultBot.Host.Privacy.Cards;

// Data of the cards/privacy-*.json templates (serialized camelCase by HostJsonContext). Texts are already escaped.

/// <summary>cards/privacy-data.json: what the bot keeps about the caller, by category, and for how long.</summary>
internal sealed record PrivacyDataCardData(IReadOnlyList<PrivacySection> Sections, string Retention);

/// <summary>One category of kept data (tickets, assessments, …) with its items, newest first.</summary>
internal sealed record PrivacySection(string Title, IReadOnlyList<PrivacyLine> Lines);

internal sealed record PrivacyLine(string Text);

/// <summary>cards/privacy-confirm.json: "erase everything?" and, after the click, what happened.</summary>
internal sealed record PrivacyConfirmCardData(string State, string User, string Summary);
