using Microsoft.Extensions.Logging;

namespace ConsultBot.Admin;

/// <summary>The Admin project's log messages: event ids 7000-7099.</summary>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Warning, "Admin API: an unknown or revoked personal key was refused")]
    public static partial void KeyRefused(ILogger logger);

    [LoggerMessage(7001, LogLevel.Warning, "Admin API: a token was refused ({Reason})")]
    public static partial void TokenRefused(ILogger logger, string reason);

    [LoggerMessage(7002, LogLevel.Information, "Admin API: {Editor} {Action} {Target}")]
    public static partial void Acted(ILogger logger, string editor, string action, string target);

    [LoggerMessage(7003, LogLevel.Information, "Admin in Teams: {Action} by {User}")]
    public static partial void CardAction(ILogger logger, string action, string user);

    [LoggerMessage(7004, LogLevel.Information, "Admin in Teams: a non-admin asked for the admin card")]
    public static partial void NotAnAdmin(ILogger logger);
}
