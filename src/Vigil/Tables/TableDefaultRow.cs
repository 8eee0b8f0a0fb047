using System.Collections.Immutable;
using Vigil.Events;
using Vigil.Language.Text;

namespace Vigil.Tables;

/// <summary>
/// One row of a list's <c>defaults</c>, typed and in column order (absent columns are null).
/// <see cref="Set"/> is the defaults set it came from: <c>PT</c> (vendor) or <c>LOC</c> (local).
/// </summary>
public sealed record TableDefaultRow(string Set, ImmutableArray<Value> Values, TextSpan Span)
{
    public const string VendorSet = "PT";
    public const string LocalSet = "LOC";
}
