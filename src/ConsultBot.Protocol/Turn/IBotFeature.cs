namespace ConsultBot.Protocol.Turn;

/// <summary>A feature of the bot (assessment, FAQ, handoff…) that adds its routes to the application.</summary>
public interface IBotFeature
{
    void Register(BotApplication app);
}
