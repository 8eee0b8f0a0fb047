namespace Vigil.Storage;

/// <summary>
/// A failure of the event store meant for the user as it is: a missing or unreadable store, a store written by
/// another schema, a SQL error (DuckDB's own message). The CLI prints <see cref="Exception.Message"/> alone, no stack trace.
/// </summary>
public sealed class EventStoreException : Exception
{
    public EventStoreException(string message) : base(message) { }
    public EventStoreException(string message, Exception inner) : base(message, inner) { }
}
