global using ConsultBot.Testing.InMemory;
global using Xunit;
