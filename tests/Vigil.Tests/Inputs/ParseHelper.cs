using System.Text;
using Vigil.Events;
using Vigil.Normalization.Inputs;

namespace Vigil.Tests.Inputs;

internal static class ParseHelper
{
    public static RawEvent Event(string text) => Event(Encoding.UTF8.GetBytes(text));

    public static RawEvent Event(byte[] bytes)
    {
        var outcome = new RawEventParser().Parse(bytes, "test", 1, out var ev, out var rejection);
        Assert.True(outcome == ParseOutcome.Event, $"expected an event, got {outcome}: {rejection?.Reason}");
        return ev!;
    }

    public static Rejection Rejected(string text) => Rejected(Encoding.UTF8.GetBytes(text));

    public static Rejection Rejected(byte[] bytes, InputOptions? options = null)
    {
        var outcome = new RawEventParser(options).Parse(bytes, "test", 7, out var ev, out var rejection);
        ev?.Dispose();
        Assert.Equal(ParseOutcome.Rejected, outcome);
        return rejection!;
    }

    /// <summary>Follows a path of keys/indices through maps and lists: Path(root, "Data", "TargetLogonId").</summary>
    public static Value Path(IValueMap? root, params object[] steps)
    {
        Assert.NotNull(root);
        var v = Value.Map(root);
        foreach (var step in steps)
        {
            v = step switch
            {
                string key when v.Kind == ValueKind.Map => v.AsMap.Get(key),
                int i when v.Kind == ValueKind.List => i < v.AsList.Count ? v.AsList[i] : Value.Null,
                _ => Value.Null,
            };
        }
        return v;
    }

    public static string? Text(IValueMap? root, params object[] steps) => Path(root, steps).StringOrNull;
}
