using Vigil.Language.Text;
using Vigil.Testing;

namespace Vigil.Tests.Testing;

public class RawEventsFileTests
{
    [Fact]
    public void Non_blank_lines_are_exposed_with_their_line_numbers_and_spans()
    {
        var src = new SourceText("r/tests/raw_events_1.json", "{\"body\": \"a\"}\r\n\r\n  {\"body\": \"b\"}  \n\n");
        var file = RawEventsFile.Read(src);
        Assert.Equal([1, 3], file.Lines.Select(l => l.Line));
        Assert.Equal("{\"body\": \"b\"}", file.Lines[1].Text);
        Assert.Equal(file.Lines[1].Text, src.ToString(file.Lines[1].Span));
        Assert.Same(src, file.Source);
    }

    [Fact]
    public void Empty_file_has_no_lines()
    {
        Assert.Empty(RawEventsFile.Read(new SourceText("x", "")).Lines);
    }
}
