namespace ConsultBot.Host;

/// <summary>
/// Log messages of the host. Event ids 100–199 (docs/logging.md): 10x start-up, 15x privacy, 19x the Playground.
/// Counts and ids only; never names or message text.
/// </summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Prepared in {TotalMs:F0} ms: storage migrations {MigrationsMs:F0} ms, in parallel knowledge language data {KnowledgeDataMs:F0} ms + router {RouterMs:F0} ms, then knowledge seed/index {FeaturesMs:F0} ms")]
    public static partial void Prepared(ILogger logger, double totalMs, double migrationsMs, double knowledgeDataMs, double routerMs, double featuresMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Listening; starting the server and hosted services took {StartMs:F0} ms")]
    public static partial void Listening(ILogger logger, double startMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "SECURITY: the bot runs WITHOUT AUTHENTICATION in the '{Environment}' environment (Bot:AllowUnauthenticated=true): anyone who can reach /api/messages can talk to it as any user. Set MicrosoftAppId for real use.")]
    public static partial void RunningUnauthenticated(ILogger logger, string environment);

    // Counts only: who asked is personal data too.
    [LoggerMessage(EventId = 150, Level = LogLevel.Information, Message = "Personal data shown: {Count} items")]
    public static partial void PersonalDataShown(ILogger logger, int count);

    [LoggerMessage(EventId = 151, Level = LogLevel.Information, Message = "Personal data erased on request: {Count} items (tickets anonymised)")]
    public static partial void PersonalDataErased(ILogger logger, int count);

    [LoggerMessage(EventId = 190, Level = LogLevel.Information, Message = "Installing the Agents Playground into {Path} (npm ci)")]
    public static partial void PlaygroundInstalling(ILogger logger, string path);

    [LoggerMessage(EventId = 191, Level = LogLevel.Error, Message = "npm ci for the Agents Playground failed with exit code {ExitCode}")]
    public static partial void PlaygroundInstallFailed(ILogger logger, int exitCode);

    [LoggerMessage(EventId = 192, Level = LogLevel.Information, Message = "Agents Playground: open {Url} in your browser to chat with ConsultBot")]
    public static partial void PlaygroundStarted(ILogger logger, string url);

    [LoggerMessage(EventId = 193, Level = LogLevel.Debug, Message = "playground: {Line}")]
    public static partial void PlaygroundOutput(ILogger logger, string line);
}
