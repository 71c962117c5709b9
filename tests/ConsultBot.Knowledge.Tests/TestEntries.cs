namespace ConsultBot.Knowledge.Tests;

internal static class TestEntries
{
    public static FaqEntry Entry(string id, string question, string answer, string[]? alternatives = null, string[]? tags = null, FaqTranslation? english = null, FaqStatus status = FaqStatus.Published) =>
        new(id, question, alternatives ?? [question + "?", "Pytanie o " + question, question + " – jak to wygląda"], answer, "test", tags ?? [], [], "test", "pl", status,
            new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero), "tests", english is null ? null : new Dictionary<string, FaqTranslation> { ["en"] = english });

    public static IReadOnlyList<FaqEntry> Small() =>
    [
        Entry("wspolpraca-z-ngo", "Jak wygląda współpraca miasta z organizacjami pozarządowymi?", "Miasto współpracuje z NGO na podstawie rocznego programu współpracy.", ["Współpraca urzędu z fundacjami", "Partnerstwo gminy i stowarzyszeń", "Jak urząd współpracuje z NGO"], ["NGO", "współpraca"]),
        Entry("osrodek-pomocy", "Czym zajmuje się ośrodek pomocy społecznej?", "Ośrodek pomocy społecznej udziela wsparcia mieszkańcom w trudnej sytuacji.", ["Zadania ośrodka pomocy społecznej", "Co robi pomoc społeczna w mieście", "Wsparcie socjalne dla mieszkańców"], ["OPS", "pomoc społeczna"]),
        Entry("uchodzcy-wsparcie", "Jak miasto wspiera uchodźców?", "Miasto organizuje kursy językowe i doradztwo dla uchodźców.", ["Pomoc dla uchodźców w mieście", "Wsparcie cudzoziemców przez urząd", "Kursy językowe dla uchodźców"], ["uchodźcy", "integracja"],
            new FaqTranslation("How does the city support refugees?", ["Help for refugees", "Support for foreigners", "Language courses for refugees"], "The city runs language courses and advice for refugees.")),
        Entry("zaswiadczenie-szkolenie", "Jak otrzymać zaświadczenie o udziale w szkoleniu?", "Zaświadczenie wydajemy po udziale w określonej liczbie webinarów.", ["Certyfikat za webinary", "Dokument potwierdzający udział w szkoleniu", "Zaświadczenie po webinarach"], ["zaświadczenie", "certificate"]),
    ];
}
