namespace ConsultBot.Assessment.Engine;

/// <summary>
/// The nine factors of the assessment (a contract with the API and the cards: ids and values must not
/// change, values stay in this order). Question texts follow the seed's advice on choosing a model:
/// who can lead, how strong NGOs and institutions are, how much trust there is, what problem is solved.
/// </summary>
public static class FactorCatalogue
{
    private static readonly Factor[] Factors =
    [
        new(FactorId.MigrantScale, "migrantScale",
            T("Liczba migrantów", "Number of migrants"),
            T("Ilu migrantów mieszka w Waszym mieście?", "How many migrants live in your city?"),
            T("Wystarczy szacunek, np. na podstawie danych urzędu lub ZUS.", "A rough estimate is enough, e.g. from city or social insurance data."),
            [
                O("small", "Niewielu", "Few", "Pojedyncze rodziny, migranci są mało widoczni.", "A handful of families, hardly visible."),
                O("medium", "Średnio", "Some", "Zauważalna grupa, pojawia się w szkołach i urzędach.", "A noticeable group, present in schools and offices."),
                O("large", "Dużo", "Many", "Duża społeczność, ważna dla rynku pracy i usług.", "A large community, important for jobs and services."),
            ]),
        new(FactorId.MigrationNovelty, "migrationNovelty",
            T("Nowość migracji", "How new migration is"),
            T("Czy migracja jest u Was nowym zjawiskiem?", "Is migration new in your city?"),
            T("Czy miasto ma już doświadczenie w przyjmowaniu cudzoziemców?", "Does the city already have experience with newcomers from abroad?"),
            [
                O("new", "Nowe zjawisko", "New", "Migranci pojawili się w ostatnich latach.", "Migrants arrived in the last few years."),
                O("established", "Od dawna", "Established", "Cudzoziemcy mieszkają tu od lat.", "Foreigners have lived here for years."),
            ]),
        new(FactorId.AdminCapacity, "adminCapacity",
            T("Zasoby administracji", "Administrative capacity"),
            T("Jakie zasoby ma administracja miasta?", "What capacity does the city administration have?"),
            T("Kadra, zaplecze instytucjonalne i gotowość do koordynowania partnerstwa.", "Staff, institutional base and readiness to coordinate a partnership."),
            [
                O("limited", "Ograniczone", "Limited", "Brak osób i czasu na nowe zadania.", "No people or time for new tasks."),
                O("moderate", "Umiarkowane", "Moderate", "Da się coś zorganizować, ale bez dużego zespołu.", "Something can be organised, without a large team."),
                O("strong", "Duże", "Strong", "Jest zespół lub koordynator gotowy prowadzić współpracę.", "A team or coordinator is ready to run the cooperation."),
            ]),
        new(FactorId.NgoStrength, "ngoStrength",
            T("Siła NGO", "NGO strength"),
            T("Jak aktywne i doświadczone są lokalne NGO?", "How active and experienced are local NGOs?"),
            T("Chodzi o organizacje, które mogą pracować z migrantami.", "Think of organisations that could work with migrants."),
            [
                O("weak", "Słabe", "Weak", "Mało organizacji lub brak doświadczenia.", "Few organisations or little experience."),
                O("moderate", "Umiarkowane", "Moderate", "Działają, ale dopiero się rozwijają.", "Active, but still growing."),
                O("strong", "Silne", "Strong", "Doświadczone, blisko społeczności migrantów.", "Experienced and close to migrant communities."),
            ]),
        new(FactorId.CommunityActivity, "communityActivity",
            T("Aktywność mieszkańców", "Community activity"),
            T("Jak aktywni są mieszkańcy i lokalne społeczności?", "How active are residents and local communities?"),
            T("Rady osiedli, kluby sąsiedzkie, inicjatywy oddolne.", "Neighbourhood councils, local clubs, grassroots initiatives."),
            [
                O("low", "Mało aktywni", "Low", "Inicjatyw oddolnych prawie nie ma.", "Hardly any grassroots initiatives."),
                O("moderate", "Średnio", "Moderate", "Są pojedyncze inicjatywy.", "There are some initiatives."),
                O("high", "Bardzo aktywni", "High", "Mieszkańcy sami organizują wydarzenia i pomoc.", "Residents organise events and help themselves."),
            ]),
        new(FactorId.TrustLevel, "trustLevel",
            T("Zaufanie i relacje", "Trust and relationships"),
            T("Jaki jest poziom zaufania i relacji w mieście?", "How much trust is there in the city?"),
            T("Między urzędem, NGO, biznesem i mieszkańcami.", "Between the city hall, NGOs, business and residents."),
            [
                O("low", "Niski", "Low", "Współpraca jest trudna, brakuje zaufania.", "Cooperation is hard, trust is missing."),
                O("moderate", "Średni", "Moderate", "Współpracujemy przy konkretnych sprawach.", "We cooperate on specific matters."),
                O("high", "Wysoki", "High", "Dobre relacje to siła miasta.", "Good relationships are the city's strength."),
            ]),
        new(FactorId.ProblemScope, "problemScope",
            T("Zakres problemu", "Scope of the problem"),
            T("Jaki problem chcecie rozwiązać?", "What problem do you want to solve?"),
            T("Jeden konkretny obszar czy spójna polityka lokalna?", "One specific area or a coherent local policy?"),
            [
                O("single-area", "Jeden obszar", "One area", "Np. zatrudnienie albo szkoła.", "E.g. jobs or schools."),
                O("several-areas", "Kilka obszarów", "Several areas", "Np. praca, edukacja i mieszkania.", "E.g. jobs, education and housing."),
                O("whole-policy", "Cała polityka", "Whole policy", "Spójna lokalna polityka integracji.", "A coherent local integration policy."),
            ]),
        new(FactorId.TimeHorizon, "timeHorizon",
            T("Horyzont czasowy", "Time horizon"),
            T("Czy potrzebujecie szybkiego, mierzalnego efektu?", "Do you need a quick, measurable result?"),
            T("Np. wynik na koniec projektu czy zmiana na lata.", "E.g. a result by the end of a project or change over years."),
            [
                O("quick-results", "Szybki efekt", "Quick results", "Efekt w ciągu kilku miesięcy.", "An effect within a few months."),
                O("long-term", "Długofalowo", "Long-term", "Budujemy na lata.", "We are building for years."),
            ]),
        new(FactorId.LeaderCandidate, "leaderCandidate",
            T("Kandydat na lidera", "Leader candidate"),
            T("Kto może lub powinien być liderem?", "Who can or should lead?"),
            T("Kto ma siłę, zaufanie i czas, by prowadzić współpracę?", "Who has the strength, trust and time to lead?"),
            [
                O("city", "Miasto", "The city", "Urząd miasta lub koordynator ds. integracji.", "The city hall or an integration coordinator."),
                O("ngo", "NGO", "An NGO", "Organizacja pozarządowa.", "A non-governmental organisation."),
                O("institution", "Instytucja", "An institution", "Np. pracodawca, szkoła, OPS.", "E.g. an employer, a school, social services."),
                O("residents", "Mieszkańcy", "Residents", "Inicjatywa oddolna.", "A grassroots initiative."),
                O("unknown", "Nie wiadomo", "Not sure", "Lidera trzeba dopiero znaleźć.", "The leader is yet to be found."),
            ]),
    ];

    private static readonly Dictionary<string, Factor> ByKey = Factors.ToDictionary(static f => f.Key, StringComparer.Ordinal);

    /// <summary>All factors, in the contract's order.</summary>
    public static IReadOnlyList<Factor> All => Factors;

    /// <summary>The factor with this id.</summary>
    public static Factor Get(FactorId id) => Factors[(int)id];

    /// <summary>Looks a factor up by its wire id (exact, case-sensitive as in the contract).</summary>
    public static bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Factor? factor) =>
        ByKey.TryGetValue(key, out factor);

    /// <summary>The wire ids of all factors, in order.</summary>
    public static IReadOnlyList<string> Keys => [.. Factors.Select(static f => f.Key)];

    private static LocalizedText T(string pl, string en) => new(pl, en);

    private static FactorOption O(string value, string titlePl, string titleEn, string hintPl, string hintEn) =>
        new(value, new LocalizedText(titlePl, titleEn), new LocalizedText(hintPl, hintEn));
}
