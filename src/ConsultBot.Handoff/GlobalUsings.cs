// The namespaces the ticket handlers (Tickets/) and the rest of the feature use, in one place instead of a copy per file.
global using System.Globalization;
global using System.Text.Json.Nodes;
global using ConsultBot.Handoff.Cards;
global using ConsultBot.Handoff.Consultants;
global using ConsultBot.Handoff.Outbox;
global using ConsultBot.Handoff.Resources;
global using ConsultBot.Handoff.Storage;
global using ConsultBot.Protocol.Connector;
global using ConsultBot.Protocol.Hosting;
global using ConsultBot.Protocol.Schema;
global using ConsultBot.Protocol.State;
global using ConsultBot.Protocol.Turn;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
