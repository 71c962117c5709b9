global using HostTexts = ConsultBot.Protocol.Turn.ResxTexts<ConsultBot.Host.Resources.HostStrings>;
global using PrivacyTexts = ConsultBot.Protocol.Turn.ResxTexts<ConsultBot.Host.Privacy.PrivacyStrings>;
