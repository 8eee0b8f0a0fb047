namespace Vigil.Tables.Persistence;

/// <summary>A list as the store holds it, read without loading its rows.</summary>
/// <param name="Layout">Its columns and key when it was created (<see cref="TableLayout.Describe"/>).</param>
/// <param name="CreatedUtc">When the list was first stored (wall clock): its defaults were loaded then.</param>
public sealed record StoredList(string Name, string Layout, DateTime CreatedUtc, long RowCount);
