using System.Text;
using System.Text.Json;
using Vigil.Events;
using Vigil.Pipeline;

namespace Vigil.Tests.Pipeline;

public class JsonLinesSinkTests
{
    private static NormalizedEvent Event(int i)
    {
        var e = new NormalizedEvent(Taxonomy.Default);
        e.Set("action", Value.String("login"));
        e.Set("src.port", Value.Number(i));
        return e;
    }

    private static string[] Lines(MemoryStream s) =>
        Encoding.UTF8.GetString(s.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Normalized_events_to_a_file_or_pipe_are_written_in_blocks_and_all_arrive_on_complete()
    {
        var s = new MemoryStream();
        using var sink = new JsonLinesSink(s, normalized: true, correlations: false);
        for (int i = 0; i < 3; i++) sink.Normalized(Event(i), null!, null!);
        Assert.Equal(0, s.Length);
        sink.Complete();
        var lines = Lines(s);
        Assert.Equal(3, lines.Length);
        for (int i = 0; i < 3; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(i, doc.RootElement.GetProperty("src.port").GetInt64());
            Assert.Equal("login", doc.RootElement.GetProperty("action").GetString());
        }
    }

    [Fact]
    public void A_full_block_is_written_before_complete_and_lines_stay_whole()
    {
        var s = new MemoryStream();
        using var sink = new JsonLinesSink(s, normalized: true, correlations: false);
        for (int i = 0; i < 5000; i++) sink.Normalized(Event(i), null!, null!);
        Assert.True(s.Length >= 64 * 1024);
        Assert.Equal((byte)'\n', s.ToArray()[^1]); // blocks end at a line's end
        sink.Complete();
        var lines = Lines(s);
        Assert.Equal(5000, lines.Length);
        Assert.All(lines.Select((l, i) => (l, i)), x => Assert.Contains($"\"src.port\":{x.i}", x.l));
    }

    [Fact]
    public void Alerts_and_terminal_output_are_written_at_once()
    {
        var alerts = new MemoryStream();
        using (var sink = new JsonLinesSink(alerts, normalized: false, correlations: true))
        {
            sink.Correlation(Event(1));
            Assert.Single(Lines(alerts));
        }
        var terminal = new MemoryStream();
        using (var sink = new JsonLinesSink(terminal, normalized: true, correlations: false, lineBuffered: true))
        {
            sink.Normalized(Event(1), null!, null!);
            Assert.Single(Lines(terminal));
        }
    }
}
