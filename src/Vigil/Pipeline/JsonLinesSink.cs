using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Events;
using Vigil.Normalization;
using Vigil.Normalization.Inputs;

namespace Vigil.Pipeline;

/// <summary>
/// Writes events as JSON lines: normalized events, correlation events, or both; unmatched and rejected events to their own files.
/// Like a Unix filter, output to a file or pipe is written in 64 KB blocks (a write per event cost more than
/// normalizing it), output to a terminal line by line; a correlation event — an alert — is written at once.
/// </summary>
public sealed class JsonLinesSink : IPipelineSink, IDisposable
{
    private const int BlockBytes = 1 << 16;

    private readonly Stream _out;
    private readonly ArrayBufferWriter<byte> _block = new(BlockBytes + 4096);
    private readonly Utf8JsonWriter _writer;
    private readonly bool _lineBuffered;
    private readonly bool _normalized, _correlations;
    private readonly StreamWriter? _unmatched, _rejects;
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    // Unmatched and rejected lines are written from their raw text; only normalized output reads the fields.
    public bool ReadsNormalizedEvents => _normalized;

    /// <param name="lineBuffered">Write every event at once (a terminal); otherwise in blocks.</param>
    public JsonLinesSink(Stream output, bool normalized, bool correlations, string? unmatchedPath = null, string? rejectsPath = null, bool lineBuffered = false)
    {
        _out = output;
        _lineBuffered = lineBuffered;
        _writer = new Utf8JsonWriter(_block, s_options);
        _normalized = normalized;
        _correlations = correlations;
        if (unmatchedPath is not null) _unmatched = new StreamWriter(unmatchedPath, append: false);
        if (rejectsPath is not null) _rejects = new StreamWriter(rejectsPath, append: false);
    }

    public void Normalized(NormalizedEvent e, RawEvent raw, CompiledFormula formula)
    {
        if (_normalized) Write(e, urgent: false);
    }

    public void Correlation(NormalizedEvent e)
    {
        if (_correlations) Write(e, urgent: true);
    }

    public void Unmatched(RawEvent raw, string reason)
    {
        if (_unmatched is null) return;
        _unmatched.WriteLine(Record(raw.Source, raw.Line, reason, System.Text.Encoding.UTF8.GetString(raw.Utf8)));
    }

    public void Rejected(Rejection r)
    {
        _rejects?.WriteLine(Record(r.Source, r.Line, r.Reason, null));
    }

    private static string Record(string source, long line, string reason, string? raw)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, s_options))
        {
            w.WriteStartObject();
            w.WriteString("source", source);
            w.WriteNumber("line", line);
            w.WriteString("reason", reason);
            if (raw is not null) w.WriteString("raw", raw);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private void Write(NormalizedEvent e, bool urgent)
    {
        EventJson.Write(_writer, e);
        _writer.Flush(); // into the block: no I/O
        _writer.Reset();
        _block.GetSpan(1)[0] = (byte)'\n';
        _block.Advance(1);
        if (urgent || _lineBuffered || _block.WrittenCount >= BlockBytes) WriteBlock();
    }

    private void WriteBlock()
    {
        if (_block.WrittenCount == 0) return;
        _out.Write(_block.WrittenSpan);
        _out.Flush();
        _block.ResetWrittenCount();
    }

    public void Complete() => WriteBlock();

    public void Dispose()
    {
        _writer.Dispose();
        WriteBlock();
        _unmatched?.Dispose();
        _rejects?.Dispose();
    }
}
