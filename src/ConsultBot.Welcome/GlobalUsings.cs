// The namespaces the welcome feature's files share.
global using ConsultBot.Protocol.Schema;
global using ConsultBot.Protocol.Turn;
global using ConsultBot.Welcome.Cards;
global using ConsultBot.Welcome.Resources;
global using Microsoft.Extensions.Logging;
global using WelcomeTexts = ConsultBot.Protocol.Turn.ResxTexts<ConsultBot.Welcome.Resources.WelcomeStrings>;
