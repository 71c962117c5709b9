using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ConsultBot.Assessment.Plan;
using ConsultBot.Workshop.Resources;

namespace ConsultBot.Workshop.Plan;

/// <summary>
/// The printable partnership plan as one self-contained HTML page (no scripts, no external files, A4 print styles):
/// who does what, success conditions, the partner map's gaps, next steps and the programme's recommendations.
/// Every text is HTML-encoded.
/// </summary>
internal static class PlanPage
{
    // All of Unicode stays as text (Polish letters readable in the source); only HTML syntax characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static readonly string[] Recommendations =
    [
        nameof(WorkshopStrings.PlanRecommendation1),
        nameof(WorkshopStrings.PlanRecommendation2),
        nameof(WorkshopStrings.PlanRecommendation3),
        nameof(WorkshopStrings.PlanRecommendation4),
    ];

    public static string Render(PartnershipPlan plan, string language, string token)
    {
        string T(string key) => Html.Encode(WorkshopTexts.Get(key, language));
        var other = language == "en" ? "pl" : "en";
        var html = new StringBuilder(16 * 1024);
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{T(nameof(WorkshopStrings.PlanTitle))} · {Html.Encode(plan.ModelName)}</title>
            <style>{Styles}</style>
            </head>
            <body>
            <nav class="no-print"><a href="{Html.Encode(token)}?lang={other}">{T(nameof(WorkshopStrings.PlanOtherLanguage))}</a> · {T(nameof(WorkshopStrings.PlanPrintHint))}</nav>
            <header>
            <p class="programme">{T(nameof(WorkshopStrings.PlanProgramme))}</p>
            <h1>{T(nameof(WorkshopStrings.PlanTitle))}</h1>
            <p class="model"><strong>{Html.Encode(plan.ModelName)}</strong> · {T(nameof(WorkshopStrings.PlanLeader))}: {Html.Encode(plan.Leader)}</p>
            <p class="essence">{Html.Encode(plan.Essence)}</p>
            <p class="meta">{Html.Encode(WorkshopTexts.Format(nameof(WorkshopStrings.PlanAssessedOn), language, plan.CompletedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}</p>
            </header>
            <section>
            <h2>{T(nameof(WorkshopStrings.PlanWhoDoesWhat))}</h2>
            <table class="tasks">
            <thead><tr><th class="who">{T(nameof(WorkshopStrings.PlanPartner))}</th><th>{T(nameof(WorkshopStrings.PlanTasks))}</th><th class="owner">{T(nameof(WorkshopStrings.PlanOwner))}</th></tr></thead>
            <tbody>
            """);
        foreach (var partner in plan.Partners)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"who\">{Html.Encode(partner.Name)}</td><td><ul class=\"check\">");
            foreach (var task in partner.Tasks)
            {
                var mark = task.Done ? "☑" : "☐";
                var state = task.Done ? T(nameof(WorkshopStrings.PlanTaskDone)) : T(nameof(WorkshopStrings.PlanTaskOpen));
                html.Append(CultureInfo.InvariantCulture, $"<li><span class=\"box\" title=\"{state}\">{mark}</span> {Html.Encode(task.Text)}</li>");
            }

            html.Append("</ul></td><td class=\"owner\"></td></tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </tbody>
            </table>
            <p class="legend">☑ {T(nameof(WorkshopStrings.PlanTaskDone))} · ☐ {T(nameof(WorkshopStrings.PlanTaskOpen))}</p>
            </section>
            <section class="keep">
            <h2>{T(nameof(WorkshopStrings.PlanSuccess))}</h2>
            {List(plan.SuccessConditions)}
            </section>
            <section class="keep">
            <h2>{T(nameof(WorkshopStrings.PlanGaps))}</h2>
            """);
        if (!plan.PartnerMapFilled)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{T(nameof(WorkshopStrings.PlanMapEmpty))}</p>");
        }

        html.Append(plan.Gaps.Count == 0 ? $"<p>{T(nameof(WorkshopStrings.PlanNoGaps))}</p>" : List(plan.Gaps));
        html.Append(CultureInfo.InvariantCulture, $"""
            </section>
            <section class="keep">
            <h2>{T(nameof(WorkshopStrings.PlanNextSteps))}</h2>
            {List(plan.NextSteps, ordered: true)}
            </section>
            <section class="keep">
            <h2>{T(nameof(WorkshopStrings.PlanRecommendations))}</h2>
            {List([.. Recommendations.Select(k => WorkshopTexts.Get(k, language))])}
            </section>
            <section class="keep notes">
            <h2>{T(nameof(WorkshopStrings.PlanNotes))}</h2>
            <div class="lines"></div>
            </section>
            <footer>{T(nameof(WorkshopStrings.PlanFooter))}</footer>
            </body>
            </html>
            """);
        return html.ToString();
    }

    /// <summary>A short page for a refused or dead link: says what to do, names nothing of the plan.</summary>
    public static string Message(string language, string titleKey, string textKey) => $"""
        <!DOCTYPE html>
        <html lang="{language}"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{Html.Encode(WorkshopTexts.Get(titleKey, language))}</title>
        <style>{Styles}</style></head>
        <body><header><p class="programme">{Html.Encode(WorkshopTexts.Get(nameof(WorkshopStrings.PlanProgramme), language))}</p>
        <h1>{Html.Encode(WorkshopTexts.Get(titleKey, language))}</h1><p>{Html.Encode(WorkshopTexts.Get(textKey, language))}</p></header></body></html>
        """;

    private static string List(IReadOnlyList<string> items, bool ordered = false)
    {
        var tag = ordered ? "ol" : "ul";
        return $"<{tag}>" + string.Concat(items.Select(i => $"<li>{Html.Encode(i)}</li>")) + $"</{tag}>";
    }

    // Print first: A4 with margins (the body as wide as the 180 mm between them, 1 mm in from each edge, or the
    // table's right border is clipped), black on white, sections kept whole where they fit, the table header repeated.
    private const string Styles = """
        @page { size: A4; margin: 16mm 15mm 18mm 15mm; }
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
        nav { font-size: 9pt; margin-bottom: 6mm; color: #444; }
        header { border-bottom: 2px solid #b3002d; padding-bottom: 3mm; margin-bottom: 4mm; }
        .programme { color: #b3002d; font-size: 9pt; text-transform: uppercase; letter-spacing: .04em; margin: 0; }
        h1 { font-size: 20pt; margin: 1mm 0 2mm; }
        h2 { font-size: 13pt; margin: 5mm 0 2mm; border-bottom: 1px solid #bbb; padding-bottom: 1mm; }
        .model { font-size: 12pt; margin: 0 0 1mm; }
        .essence { margin: 0 0 1mm; }
        .meta, .legend { color: #555; font-size: 9pt; margin: 1mm 0; }
        table { width: 100%; border-collapse: collapse; }
        thead { display: table-header-group; }
        th, td { border: 1px solid #999; padding: 2mm; vertical-align: top; text-align: left; }
        th { background: #eee; }
        td.who { width: 26%; font-weight: bold; }
        th.owner, td.owner { width: 18%; }
        tr { break-inside: avoid; }
        ul.check { list-style: none; padding: 0; margin: 0; }
        ul.check li { margin: 0 0 1mm; padding-left: 5mm; text-indent: -5mm; }
        .box { font-size: 11pt; }
        ul, ol { margin: 0; padding-left: 6mm; }
        .keep { break-inside: avoid; }
        .notes .lines { height: 30mm; background: repeating-linear-gradient(to bottom, transparent 0, transparent 7.5mm, #bbb 7.5mm, #bbb 7.8mm); }
        footer { margin-top: 6mm; font-size: 8.5pt; color: #555; border-top: 1px solid #bbb; padding-top: 2mm; }
        @media print { .no-print { display: none; } body { padding: 0 1mm; max-width: none; } .notes .lines { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
        """;
}
