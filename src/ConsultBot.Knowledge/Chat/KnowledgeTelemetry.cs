using System.Diagnostics;
using ConsultBot.Protocol.Telemetry;

namespace ConsultBot.Knowledge.Chat;

/// <summary>The FAQ decision metric and span tag: the decision and where it was asked, never the question.</summary>
internal static class KnowledgeTelemetry
{
    public static void RecordDecision(FaqDecision decision, string surface)
    {
        var name = decision switch
        {
            FaqDecision.Answer => "answer",
            FaqDecision.Suggest => "suggest",
            _ => "none",
        };
        Activity.Current?.SetTag("consultbot.faq.decision", name);
        ConsultBotTelemetry.FaqDecisions.Add(1, new TagList { { "decision", name }, { "surface", surface } });
    }
}
