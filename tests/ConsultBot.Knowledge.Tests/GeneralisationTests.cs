using ConsultBot.Knowledge.Search;

namespace ConsultBot.Knowledge.Tests;

/// <summary>
/// The mechanisms for questions written by people who never saw the KB's phrasings (issue 13), each on invented entries:
/// the facet decides between siblings, the question is found inside a long message, answer-only facts are found,
/// English reaches Polish-only entries, and a near-domain question is not answered by a loosely related entry.
/// </summary>
public sealed class GeneralisationTests(LanguageDataFixture fixture)
{
    private static readonly FaqEntry[] Siblings =
    [
        TestEntries.Entry("relacyjny-korzysci-miasto", "Jakie korzyści ma miasto z modelu relacyjnego?", "Miasto zyskuje lepsze rozpoznanie potrzeb dzielnic i tańsze działania sąsiedzkie."),
        TestEntries.Entry("relacyjny-korzysci-ngo", "Jakie korzyści mają organizacje pozarządowe z modelu relacyjnego?", "Organizacje zyskują stały kontakt z urzędnikami i łatwiejszy dostęp do sal."),
        TestEntries.Entry("relacyjny-korzysci-mieszkancy", "Jakie korzyści mają mieszkańcy z modelu relacyjnego?", "Mieszkańcy zyskują wpływ na to, co dzieje się na ich osiedlu."),
        TestEntries.Entry("operacyjny-lider", "Kto jest liderem w modelu operacyjnym?", "W tym modelu prowadzi organizacja pozarządowa, a urząd ją wspiera."),
        TestEntries.Entry("funkcjonalny-lider", "Kto jest liderem w modelu funkcjonalnym?", "W tym modelu prowadzi izba gospodarcza razem z urzędem pracy."),
    ];

    [Fact]
    public void The_audience_named_decides_between_sibling_entries_and_the_answer_is_confident()
    {
        using var engine = new FaqSearchEngine(fixture.Data, Siblings);

        var ngo = engine.Search("co zyskuja fundacje i stowarzyszenia w relacyjnym modelu", "pl");
        var residents = engine.Search("jakie korzysci z relacyjnego modelu maja mieszkancy osiedli", "pl");

        Assert.Equal(FaqDecision.Answer, ngo.Decision);
        Assert.Equal("relacyjny-korzysci-ngo", ngo.Results[0].Id);
        Assert.Equal(FaqDecision.Answer, residents.Decision);
        Assert.Equal("relacyjny-korzysci-mieszkancy", residents.Results[0].Id);
    }

    [Fact]
    public void The_model_named_decides_between_sibling_entries_in_any_inflection()
    {
        using var engine = new FaqSearchEngine(fixture.Data, Siblings);

        var functional = engine.Search("kto prowadzi w funkcjonalnym", "pl");
        var operational = engine.Search("kto prowadzi partnerstwo w modelu operacyjnym", "pl");

        Assert.Equal("funkcjonalny-lider", functional.Results[0].Id);
        Assert.Equal(FaqDecision.Answer, operational.Decision);
        Assert.Equal("operacyjny-lider", operational.Results[0].Id);
    }

    [Theory]
    [InlineData("w modelu strategicznym", (int)(Facet.Strategic))]
    [InlineData("modelowi operacyjnemu", (int)(Facet.Operational))]
    [InlineData("the functional model", (int)(Facet.Functional))]
    [InlineData("relational approach for residents", (int)(Facet.Relational | Facet.Residents))]
    [InlineData("korzyści dla NGO i firm", (int)(Facet.Ngo | Facet.Business))]
    [InlineData("co z tego mają cudzoziemcy w mieście", (int)(Facet.Migrants | Facet.City))]
    [InlineData("szkolenie dla urzędników", (int)(Facet.None))]
    public void Facets_are_read_from_polish_inflections_and_english(string text, int expected)
    {
        Assert.Equal((Facet)expected, QueryFacets.Of(text));
    }

    [Fact]
    public void The_question_is_found_after_sentences_of_context()
    {
        const string message = "Jestem w wydziale od pół roku. U nas mieszka coraz więcej rodzin z zagranicy i kolejki są długie. Jak zorganizować dyżur tłumacza?";

        var focus = QuestionFocus.Find(message);

        Assert.NotNull(focus);
        Assert.Equal("Jak zorganizować dyżur tłumacza?", message[focus.Value.Start..focus.Value.End]);
        Assert.Null(QuestionFocus.Find("kto jest liderem w modelu strategicznym?"));
    }

    [Fact]
    public void An_abbreviation_with_a_full_stop_does_not_end_the_sentence()
    {
        const string message = "Mamy ok. 50 tys. mieszkańców i coraz więcej rodzin z zagranicy. Jak zorganizować dyżur tłumacza?";

        var focus = QuestionFocus.Find(message);

        Assert.NotNull(focus);
        Assert.Equal("Jak zorganizować dyżur tłumacza?", message[focus.Value.Start..focus.Value.End]);
        Assert.Null(QuestionFocus.Find("Czy koordynator ds. integracji cudzoziemców ma siedzieć w urzędzie czy w OPS?"));
    }

    [Theory]
    [InlineData("Działa u nas prężna fundacja, a urząd nie ma kogo oddelegować", (int)Facet.Operational)]
    [InlineData("Sąsiedzi sami się organizują, rada osiedla jest aktywna", (int)Facet.Relational)]
    [InlineData("Duży pracodawca chce zatrzymać pracowników z zagranicy", (int)Facet.Functional)]
    [InlineData("Prezydent chce spójnej polityki wobec cudzoziemców", (int)Facet.Strategic)]
    [InlineData("Mamy fundację i aktywnych sąsiadów", (int)Facet.None)]
    public void A_city_description_points_to_the_model_with_the_most_cues_or_to_none_on_a_tie(string description, int expected)
    {
        Assert.Equal((Facet)expected, ModelFit.Of(description));
    }

    [Fact]
    public void Which_model_fits_is_asked_only_when_no_model_is_named()
    {
        Assert.True(ModelFit.AsksWhichModel("który model do nas pasuje?", QueryFacets.Of("który model do nas pasuje?")));
        Assert.True(ModelFit.AsksWhichModel("which cooperation model would suit us?", Facet.None));
        Assert.False(ModelFit.AsksWhichModel("jaki model jest w operacyjnym lider", QueryFacets.Of("jaki model jest w operacyjnym lider")));
    }

    [Fact]
    public void A_city_described_before_which_model_fits_gets_that_models_when_entry_as_the_answer()
    {
        using var engine = new FaqSearchEngine(fixture.Data,
        [
            TestEntries.Entry("strategiczny-kiedy", "Kiedy wybrać model strategiczny?", "Gdy miasto ma silną administrację i chce planu na lata."),
            TestEntries.Entry("operacyjny-kiedy", "Kiedy wybrać model operacyjny?", "Gdy w mieście działają doświadczone organizacje, a urząd ma mało rąk do pracy."),
            TestEntries.Entry("relacyjny-kiedy", "Kiedy wybrać model relacyjny?", "Gdy lokalne społeczności są aktywne, a migracja jest zjawiskiem nowym."),
            TestEntries.Entry("relacyjny-zadania", "Jakie zadania ma miasto w modelu relacyjnym?", "Miasto daje przestrzeń na spotkania i drobne granty."),
        ]);

        var response = engine.Search(
            "Cudzoziemcy to u nas nowość, ale sąsiedzi sami się organizują i rada osiedla jest bardzo aktywna. Który model współpracy wybrać?",
            "pl");

        Assert.Equal(FaqDecision.Answer, response.Decision);
        Assert.Equal("relacyjny-kiedy", response.Results[0].Id);
    }

    [Fact]
    public void A_question_after_a_long_description_of_the_situation_is_answered()
    {
        using var engine = new FaqSearchEngine(fixture.Data,
        [
            TestEntries.Entry("dyzur-tlumacza", "Jak zorganizować dyżur tłumacza w urzędzie?", "Dyżur tłumacza ustala się z organizacją, która ma wolontariuszy mówiących po ukraińsku; wystarczą dwa dni w tygodniu."),
            TestEntries.Entry("kolejki-kasa", "Jak skrócić kolejki do kasy urzędu?", "Wprowadź płatności kartą i rezerwację terminów przez internet."),
            TestEntries.Entry("rodziny-szkola", "Jak wspierać rodziny cudzoziemców w szkole?", "Szkoła może zatrudnić asystenta międzykulturowego."),
        ]);

        var response = engine.Search(
            "Pracuje w wydziale spraw obywatelskich od pol roku, wczesniej bylam w ksiegowosci. U nas coraz wiecej osob z Ukrainy, kolejki rosna, a budzet jest maly. Jak zorganizowac dyzur tlumacza?",
            "pl");

        Assert.NotEqual(FaqDecision.None, response.Decision);
        Assert.Equal("dyzur-tlumacza", response.Results[0].Id);
    }

    [Fact]
    public void A_fact_that_is_only_in_an_answer_is_found()
    {
        using var engine = new FaqSearchEngine(fixture.Data,
        [
            TestEntries.Entry("punkt-informacyjny", "Jak działa punkt informacyjny dla cudzoziemców?", "Punkt pomaga w sprawach urzędowych. Prowadzi też **infolinię** w językach ukraińskim i rosyjskim, czynną w dni robocze.", tags: ["punkt informacyjny"]),
            TestEntries.Entry("kursy-jezykowe", "Gdzie są kursy języka polskiego?", "Kursy prowadzą szkoły językowe na zlecenie miasta.", tags: ["kursy"]),
        ]);

        var response = engine.Search("czy jest jakas infolinia po rosyjsku", "pl");

        Assert.NotEqual(FaqDecision.None, response.Decision);
        Assert.Equal("punkt-informacyjny", response.Results[0].Id);
    }

    [Fact]
    public void An_english_question_reaches_a_polish_only_entry_through_the_glossary_and_is_marked_as_polish()
    {
        using var engine = new FaqSearchEngine(fixture.Data,
        [
            TestEntries.Entry("uzyczenie-sali", "Czy miasto może użyczyć lokal organizacji pozarządowej?", "Tak, na podstawie umowy użyczenia, bez czynszu.", tags: []),
            TestEntries.Entry("dotacje-ngo", "Jak organizacja pozarządowa dostaje dotację od miasta?", "W otwartym konkursie ofert.", tags: []),
            TestEntries.Entry("bariery", "Jakie są bariery we współpracy z urzędem?", "Najczęściej brak czasu i różne kultury pracy.", tags: []),
        ]);

        var premises = engine.Search("can the city lend premises to an NGO?", "en");
        var barriers = engine.Search("what are the barriers to cooperation", "en");

        Assert.NotEqual(FaqDecision.None, premises.Decision);
        Assert.Equal("uzyczenie-sali", premises.Results[0].Id);
        Assert.Equal("pl", premises.Results[0].Locale);
        Assert.True(premises.Results[0].FallbackLanguage);
        Assert.NotEqual(FaqDecision.None, barriers.Decision);
        Assert.Equal("bariery", barriers.Results[0].Id);
    }

    [Fact]
    public void A_salary_or_amount_the_entry_does_not_hold_is_not_answered_by_the_related_entry()
    {
        using var engine = new FaqSearchEngine(fixture.Data,
        [
            TestEntries.Entry("koordynator", "Czy warto zatrudnić koordynatora ds. integracji?", "Tak: koordynator w urzędzie jest punktem kontaktowym dla partnerów i prowadzi spotkania sieci."),
            TestEntries.Entry("finansowanie", "Kto finansuje program szkoleń?", "Program jest finansowany z funduszy zagranicznych i budżetu państwa."),
        ]);

        Assert.Equal(FaqDecision.Answer, engine.Search("czy warto zatrudnic koordynatora ds integracji", "pl").Decision);
        Assert.Equal(FaqDecision.None, engine.Search("ile zarabia koordynator ds integracji", "pl").Decision);
        Assert.Equal(FaqDecision.None, engine.Search("jaka kwota dofinansowania z programu szkolen", "pl").Decision);
    }

    [Fact]
    public void A_list_the_entry_does_not_hold_is_not_answered_but_the_plain_question_is()
    {
        using var engine = new FaqSearchEngine(fixture.Data,
        [
            TestEntries.Entry("szkolenia-gdzie", "Gdzie odbywają się szkolenia stacjonarne?", "Szkolenia stacjonarne odbywają się w 12 miastach w całym kraju; terminy podaje organizator."),
            TestEntries.Entry("tematy", "Jakie są tematy szkoleń?", "Tematy:\n- współpraca z NGO,\n- integracja,\n- zamówienia publiczne.", ["Lista tematów szkoleń", "O czym są szkolenia", "Program szkoleń"]),
        ]);

        Assert.NotEqual(FaqDecision.None, engine.Search("gdzie sa szkolenia stacjonarne", "pl").Decision);
        Assert.Equal(FaqDecision.None, engine.Search("podaj liste miast ze szkoleniami stacjonarnymi", "pl").Decision);
        Assert.NotEqual(FaqDecision.None, engine.Search("lista tematow szkolen", "pl").Decision);
    }

    [Theory]
    [InlineData("ile zarabia koordynator", (int)(Ask.Quantity | Ask.Salary))]
    [InlineData("jaka kwota grantu", (int)(Ask.Money))]
    [InlineData("wymien wszystkie miasta", (int)(Ask.List))]
    [InlineData("czy model obniza koszty administracyjne", (int)(Ask.None))]
    public void Precise_asks_are_recognised(string text, int expected)
    {
        Assert.Equal((Ask)expected, SpecificAsk.Of(text));
    }
}
