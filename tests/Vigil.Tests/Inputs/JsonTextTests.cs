using System.Text;
using System.Text.Json;
using Vigil.Normalization.Inputs;

namespace Vigil.Tests.Inputs;

/// <summary>Decoding JSON string tokens from raw UTF-8: the same text as the framework's GetString, trimmed.</summary>
public class JsonTextTests
{
    [Theory]
    [InlineData(@"C:\\Windows\\System32\\svchost.exe")]
    [InlineData(@"\\leading and trailing\\")]
    [InlineData(@"a\\\\b")]
    [InlineData(@"quote \"" inside, tab\t, newline\n, slash\/ end")]
    [InlineData(@"unicode \u0416 and pair \ud83d\ude00 then run")]
    [InlineData(@"C:\\Windows\\SYSTEM32\\ntdll.dll+9d234|C:\\Windows\\System32\\KERNELBASE.dll+2bdbe|UNKNOWN(00007FF8)")]
    public void Escaped_strings_decode_like_the_framework(string jsonBody)
    {
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetBytes("\"" + jsonBody + "\""));
        Assert.Equal(doc.RootElement.GetString()!.Trim(), JsonText.DecodeTrimmed(doc.RootElement));
    }

    [Fact]
    public void Escaped_string_with_surrounding_spaces_is_trimmed()
    {
        using var doc = JsonDocument.Parse("\"  C:\\\\x\\\\y  \"");
        Assert.Equal(@"C:\x\y", JsonText.DecodeTrimmed(doc.RootElement));
    }
}
