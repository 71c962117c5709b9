namespace ConsultBot.Protocol.Turn;

/// <summary>A feature of the bot (assessment, FAQ, handoff…) that adds its routes to the application.</summary>
public interface IBotFeature
{
    /// <summary>The feature's name in the route table (and in the host's feature order): the type name without "Feature".</summary>
    string Name
    {
        get
        {
            var type = GetType().Name;
            return type.EndsWith("Feature", StringComparison.Ordinal) && type.Length > "Feature".Length ? type[..^"Feature".Length] : type;
        }
    }

    void Register(BotApplication app);
}
