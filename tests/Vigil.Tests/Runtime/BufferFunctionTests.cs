using Vigil.Events;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class BufferFunctionTests
{
    [Fact]
    public void Decode_of_buffer_from_base64_follows_the_vendor_example()
    {
        var buf = Call("buffer_from_base64", S("aGVsbG8gd29ybGQ="));
        Assert.Equal(ValueKind.Bytes, buf.Kind);
        Assert.Equal("hello world", Str("decode", buf, S("UTF-8")));
    }

    [Fact]
    public void Decode_reads_ucs2_le_powershell_payloads()
    {
        // PowerShell -EncodedCommand is base64 of UTF-16LE text.
        var encoded = Convert.ToBase64String(System.Text.Encoding.Unicode.GetBytes("Get-Process"));
        var buf = Call("buffer_from_base64", S(encoded));
        Assert.Equal("Get-Process", Str("decode", buf, S("UCS2-LE")));
        Assert.Equal("Get-Process", Str("decode", buf, S("utf-16le")));
        // Decoding the same bytes as UTF-8 leaves NULs, which the vendor example tests for with find_substr.
        Assert.False(Call("find_substr", Call("decode", buf, S("UTF-8")), S("\u0000")).IsNull);
    }

    [Fact]
    public void Buffer_from_base64_accepts_missing_padding_and_url_alphabet()
    {
        Assert.Equal("hello world", Str("decode", Call("buffer_from_base64", S("aGVsbG8gd29ybGQ")), S("UTF-8")));
        Assert.Equal(new byte[] { 0xFB, 0xFF }, Call("buffer_from_base64", S("-_8")).AsBytes);
        Assert.Empty(Call("buffer_from_base64", S("")).AsBytes);
    }

    [Fact]
    public void Buffer_from_base64_of_invalid_text_or_null_is_null()
    {
        Assert.True(Call("buffer_from_base64", S("not base64!")).IsNull);
        Assert.True(Call("buffer_from_base64", S("a")).IsNull);
        Assert.True(Call("buffer_from_base64", Null).IsNull);
    }

    [Fact]
    public void Decode_with_unknown_encoding_or_non_buffer_is_null()
    {
        var buf = Call("buffer_from_base64", S("aGk="));
        Assert.True(Call("decode", buf, S("EBCDIC")).IsNull);
        Assert.True(Call("decode", buf, Null).IsNull);
        Assert.True(Call("decode", Null, S("UTF-8")).IsNull);
        Assert.True(Call("decode", N(5), S("UTF-8")).IsNull);
        Assert.Equal("hi", Str("decode", S("hi"), S("utf8")));
        Assert.Equal("\uFFFD", Str("decode", Value.Bytes(new byte[] { 0xFF }), S("UTF-8")));
    }
}
