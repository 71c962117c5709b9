global using AssessmentTexts = ConsultBot.Protocol.Turn.ResxTexts<ConsultBot.Assessment.Resources.AssessmentStrings>;
