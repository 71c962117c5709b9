namespace ConsultBot.Welcome;

/// <summary>Log messages of the welcome feature. Event ids 7300–7399.</summary>
internal static partial class Log
{
    [LoggerMessage(7300, LogLevel.Debug, "Welcome sent ({Scope})")]
    public static partial void WelcomeSent(ILogger logger, string scope);
}
