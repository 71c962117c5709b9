// The namespaces the assessment chat's handlers (Chat/) and the rest of the feature use, in one place instead of a copy per file.
global using System.Text.Json.Nodes;
global using ConsultBot.Assessment.Cards;
global using ConsultBot.Assessment.Content;
global using ConsultBot.Assessment.Engine;
global using ConsultBot.Assessment.Resources;
global using ConsultBot.Cards;
global using ConsultBot.Dialogs;
global using ConsultBot.Protocol.Schema;
global using ConsultBot.Protocol.Turn;
global using Microsoft.Extensions.Logging;
