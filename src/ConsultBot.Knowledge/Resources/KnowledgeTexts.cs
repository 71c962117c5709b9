global using KnowledgeTexts = ConsultBot.Protocol.Turn.ResxTexts<ConsultBot.Knowledge.Resources.KnowledgeStrings>;
