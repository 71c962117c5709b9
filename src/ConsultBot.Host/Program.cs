using ConsultBot.Host;

var app = ConsultBotHost.Build(args);
await app.StartConsultBotAsync();
await app.WaitForShutdownAsync();

/// <summary>Entry point; public so the tests' WebApplicationFactory can reach it.</summary>
public partial class Program;
