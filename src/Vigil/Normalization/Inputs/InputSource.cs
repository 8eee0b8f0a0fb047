using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;

namespace Vigil.Normalization.Inputs;

/// <summary>
/// Turns a path (file, folder, .zip, .tar.gz/.tgz, .gz, .tar) or a stream into framed raw records, streaming:
/// archives are read member by member through their decompression streams, never loaded whole.
/// Failures never escape as exceptions: a corrupted archive, truncated gzip or unreadable member becomes a
/// <see cref="RawRecordKind.SourceError"/> record and reading goes on with the next member or file.
/// </summary>
public static class InputSource
{
    /// <summary>The source name used for standard input; <c>-</c> as a path means stdin.</summary>
    public const string StdinName = "stdin";

    public static IEnumerable<RawRecord> Read(string path, InputOptions? options = null)
    {
        var o = options ?? InputOptions.Default;
        if (path == "-")
            return ReadStdin(o);
        if (Directory.Exists(path))
            return ReadFolder(path, o);
        if (File.Exists(path))
            return ReadFile(path, o);
        return [RawRecord.Failure(path, 0, "no such file or folder")];
    }

    /// <summary>Frames an already open stream (not an archive); framing from options, Auto decided by <paramref name="sourceName"/>.</summary>
    public static IEnumerable<RawRecord> Read(Stream stream, string sourceName, InputOptions? options = null)
    {
        var o = options ?? InputOptions.Default;
        return ReadStream(stream, sourceName, o.FramingFor(sourceName), o);
    }

    private static IEnumerable<RawRecord> ReadStdin(InputOptions o)
    {
        using var stdin = Console.OpenStandardInput();
        foreach (var r in ReadStream(stdin, StdinName, o.Framing == Framing.Whole ? Framing.Whole : Framing.Lines, o))
            yield return r;
    }

    private static IEnumerable<RawRecord> ReadFolder(string folder, InputOptions o)
    {
        var files = ListFiles(folder, out var error);
        if (files is null)
        {
            yield return RawRecord.Failure(folder, 0, error!);
            yield break;
        }
        foreach (var file in files)
        {
            if (o.IncludeFile is { } include && !include(file)) continue;
            foreach (var r in ReadFile(file, o))
                yield return r;
        }
    }

    private static List<string>? ListFiles(string folder, out string? error)
    {
        error = null;
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true };
            var files = Directory.EnumerateFiles(folder, "*", options).ToList();
            // Sorted so that runs (and line-numbered reports) are reproducible whatever the file system order.
            files.Sort(StringComparer.Ordinal);
            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = "cannot list folder: " + e.Message;
            return null;
        }
    }

    private enum Container : byte { Plain, Zip, TarGz, Gz, Tar }

    private static Container ContainerOf(string name)
    {
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return Container.Zip;
        if (name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)) return Container.TarGz;
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return Container.Gz;
        if (name.EndsWith(".tar", StringComparison.OrdinalIgnoreCase)) return Container.Tar;
        return Container.Plain;
    }

    private static IEnumerable<RawRecord> ReadFile(string file, InputOptions o)
    {
        var fs = OpenFile(file, out var error);
        if (fs is null)
        {
            yield return RawRecord.Failure(file, 0, error!);
            yield break;
        }
        using (fs)
        {
            var container = ContainerOf(file);
            var records = container switch
            {
                Container.Zip => ReadZip(fs, file, o),
                Container.TarGz => ReadGzip(fs, file, file, tar: true, o),
                Container.Gz => ReadGzip(fs, file, file[..^3], tar: false, o),
                Container.Tar => ReadTar(fs, file, o),
                _ => ReadStream(fs, file, o.FramingFor(file), o),
            };
            foreach (var r in records)
                yield return r;
        }
    }

    private static FileStream? OpenFile(string file, out string? error)
    {
        error = null;
        try
        {
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = "cannot open: " + e.Message;
            return null;
        }
    }

    private static IEnumerable<RawRecord> ReadZip(FileStream fs, string file, InputOptions o)
    {
        var zip = OpenZip(fs, out var entries, out var error);
        if (zip is null)
        {
            yield return RawRecord.Failure(file, 0, error!);
            yield break;
        }
        using (zip)
        {
            foreach (var entry in entries!)
            {
                if (entry.FullName.EndsWith('/')) continue; // folder entry
                var source = file + "!" + entry.FullName;
                var stream = OpenEntry(entry, out error);
                if (stream is null)
                {
                    yield return RawRecord.Failure(source, 0, error!);
                    continue;
                }
                using (stream)
                {
                    foreach (var r in ReadMember(stream, source, entry.FullName, o))
                        yield return r;
                }
            }
        }
    }

    private static ZipArchive? OpenZip(Stream fs, out IReadOnlyList<ZipArchiveEntry>? entries, out string? error)
    {
        entries = null;
        error = null;
        try
        {
            // Read mode over a seekable stream reads only the central directory; members stream on Open().
            var zip = new ZipArchive(fs, ZipArchiveMode.Read, leaveOpen: true);
            entries = zip.Entries;
            return zip;
        }
        catch (Exception e) when (LineFramer.IsReadFailure(e))
        {
            error = "corrupted zip: " + e.Message;
            return null;
        }
    }

    private static Stream? OpenEntry(ZipArchiveEntry entry, out string? error)
    {
        error = null;
        try
        {
            return entry.Open();
        }
        catch (Exception e) when (LineFramer.IsReadFailure(e))
        {
            error = "cannot read zip member: " + e.Message;
            return null;
        }
    }

    /// <summary>A member of an archive: compressed members are unwrapped as streams; nested zips need seeking and are reported.</summary>
    private static IEnumerable<RawRecord> ReadMember(Stream stream, string source, string memberName, InputOptions o)
    {
        var container = ContainerOf(memberName);
        if (container == Container.Zip)
        {
            yield return RawRecord.Failure(source, 0, "nested zip archives are not read");
            yield break;
        }
        if (container is Container.TarGz or Container.Gz)
        {
            using var gz = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            var inner = container == Container.TarGz
                ? ReadTarEntries(gz, source, o)
                : ReadStream(gz, source, o.FramingFor(memberName[..^3]), o);
            foreach (var r in inner)
                yield return r;
            yield break;
        }
        var records = container == Container.Tar ? ReadTarEntries(stream, source, o) : ReadStream(stream, source, o.FramingFor(memberName), o);
        foreach (var r in records)
            yield return r;
    }

    private static IEnumerable<RawRecord> ReadGzip(FileStream fs, string file, string innerName, bool tar, InputOptions o)
    {
        var tail = ReadGzipTail(fs);
        using var counted = new CountingStream(new GZipStream(fs, CompressionMode.Decompress, leaveOpen: true));
        bool failed = false;
        long lastLine = 0;
        var records = tar ? ReadTarEntries(counted, file, o) : ReadStream(counted, file, o.FramingFor(innerName), o);
        foreach (var r in records)
        {
            if (r.Kind == RawRecordKind.SourceError) failed = true;
            lastLine = Math.Max(lastLine, r.Line);
            yield return r;
        }
        if (failed) yield break;
        // GZipStream ends quietly on a truncated file: compare what came out with the trailer's size (mod 2^32).
        var error = DrainAndCheck(counted, tail);
        if (error is not null)
            yield return RawRecord.Failure(file, lastLine, error);
    }

    private static string? DrainAndCheck(CountingStream counted, byte[]? tail)
    {
        try
        {
            counted.Drain();
        }
        catch (Exception e) when (LineFramer.IsReadFailure(e))
        {
            return "corrupt gzip: " + LineFramer.Describe(e);
        }
        if (tail is null || TrailerMatches(tail, (uint)counted.Count)) return null;
        return $"truncated gzip: {counted.Count} bytes decompressed, fewer than the trailer announces";
    }

    private const int MaxTrailingJunk = 16;

    /// <summary>
    /// ISIZE (uncompressed size mod 2^32) is the last 4 bytes of a gzip file — except that some published
    /// archives carry a stray newline or padding after it (several Security-Datasets .tar.gz end in "\n"),
    /// so a few trailing blank/NUL bytes are tolerated. A truncated file ends inside compressed data, where
    /// the chance of matching the real size by accident is about 2^-32 per position tried.
    /// </summary>
    private static bool TrailerMatches(byte[] tail, uint size)
    {
        for (int junk = 0; junk <= MaxTrailingJunk && junk + 4 <= tail.Length; junk++)
        {
            if (junk > 0 && tail[^junk] is not (0x00 or 0x0A or 0x0D or 0x20)) break;
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(tail.Length - junk - 4, 4)) == size) return true;
        }
        return false;
    }

    /// <summary>The last bytes of a gzip file (trailer plus possible junk); null when unreadable or too short.</summary>
    private static byte[]? ReadGzipTail(FileStream fs)
    {
        try
        {
            if (!fs.CanSeek || fs.Length < 18) return null; // 10-byte header + 8-byte trailer at least
            var tail = new byte[(int)Math.Min(fs.Length - 10, 4 + MaxTrailingJunk)];
            fs.Seek(-tail.Length, SeekOrigin.End);
            fs.ReadExactly(tail);
            fs.Seek(0, SeekOrigin.Begin);
            return tail;
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            return null;
        }
    }

    private static IEnumerable<RawRecord> ReadTar(FileStream fs, string file, InputOptions o) => ReadTarEntries(fs, file, o);

    private static IEnumerable<RawRecord> ReadTarEntries(Stream stream, string archive, InputOptions o)
    {
        using var reader = new TarReader(stream, leaveOpen: true);
        while (true)
        {
            var entry = NextTarEntry(reader, out var error);
            if (error is not null)
            {
                yield return RawRecord.Failure(archive, 0, error);
                yield break;
            }
            if (entry is null) yield break;
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                continue;
            var source = archive + "!" + entry.Name;
            if (entry.DataStream is null) continue; // empty member
            using var data = new CountingStream(entry.DataStream, leaveOpen: true);
            bool failed = false;
            long lastLine = 0;
            foreach (var r in ReadMember(data, source, entry.Name, o))
            {
                if (r.Kind == RawRecordKind.SourceError) failed = true;
                lastLine = Math.Max(lastLine, r.Line);
                yield return r;
            }
            if (!failed && data.Count < entry.Length)
            {
                failed = true;
                yield return RawRecord.Failure(source, lastLine, $"truncated tar member: {data.Count} of {entry.Length} bytes");
            }
            // After a broken member the tar stream position is unknown: stop rather than misread garbage as entries.
            if (failed) yield break;
        }
    }

    private static TarEntry? NextTarEntry(TarReader reader, out string? error)
    {
        error = null;
        try
        {
            return reader.GetNextEntry(copyData: false);
        }
        catch (Exception e) when (LineFramer.IsReadFailure(e))
        {
            error = "corrupt tar: " + LineFramer.Describe(e);
            return null;
        }
    }

    private static IEnumerable<RawRecord> ReadStream(Stream stream, string source, Framing framing, InputOptions o)
    {
        using var framer = new LineFramer(stream, o.MaxEventBytes, framing == Framing.Whole);
        long lastLine = 0;
        while (true)
        {
            var status = framer.Next(out var bytes, out long line, out long length);
            if (status == FrameStatus.End) yield break;
            if (status == FrameStatus.Error)
            {
                yield return RawRecord.Failure(source, lastLine, framer.Error!);
                yield break;
            }
            lastLine = line;
            yield return status == FrameStatus.Record
                ? RawRecord.Data(bytes, source, line)
                : RawRecord.TooLong(source, line, length, framing == Framing.Whole);
        }
    }
}
