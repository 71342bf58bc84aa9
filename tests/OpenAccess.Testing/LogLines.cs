using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpenAccess.Testing;

/// <summary>A logger provider that adds every line a host logs, "Level: message exception", to the queue given.</summary>
public sealed class LogLines(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose() { }

    sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(exception is null ? $"{logLevel}: {formatter(state, exception)}" : $"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
