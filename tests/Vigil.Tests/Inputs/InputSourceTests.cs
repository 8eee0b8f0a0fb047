using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Vigil.Normalization.Inputs;

namespace Vigil.Tests.Inputs;

public sealed class InputSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-inputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Lines(int from, int count) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"{{\"n\":{i}}}\n"));

    private string Zip(string name, params (string Member, string Content)[] members)
    {
        var path = Path.Combine(_dir, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (member, content) in members)
        {
            using var s = zip.CreateEntry(member).Open();
            s.Write(Encoding.UTF8.GetBytes(content));
        }
        return path;
    }

    private string TarGz(string name, params (string Member, string Content)[] members)
    {
        var path = Path.Combine(_dir, name);
        using var fs = File.Create(path);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz);
        foreach (var (member, content) in members)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, member) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
            tar.WriteEntry(entry);
        }
        return path;
    }

    private string Gz(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        using var fs = File.Create(path);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        gz.Write(Encoding.UTF8.GetBytes(content));
        return path;
    }

    private static List<RawRecord> Records(string path, InputOptions? options = null)
    {
        // Bytes are only valid until the next record: materialize what the assertions need.
        var list = new List<RawRecord>();
        foreach (var r in InputSource.Read(path, options))
            list.Add(r.Kind == RawRecordKind.Data ? RawRecord.Data(r.Bytes.ToArray(), r.Source, r.Line) : r);
        return list;
    }

    private static string Utf8(RawRecord r) => Encoding.UTF8.GetString(r.Bytes.Span);

    [Fact]
    public void Zip_members_are_read_in_order_with_source_names_and_line_numbers()
    {
        var zip = Zip("archive.zip", ("a.json", Lines(1, 3)), ("dir/", ""), ("dir/b.json", "{\"n\":9}\r\n{\"n\":10}"));
        var records = Records(zip);
        Assert.Equal(5, records.Count);
        Assert.Equal(zip + "!a.json", records[0].Source);
        Assert.Equal([1L, 2L, 3L], records.Take(3).Select(r => r.Line));
        Assert.Equal("{\"n\":3}", Utf8(records[2]));
        Assert.Equal(zip + "!dir/b.json", records[3].Source);
        Assert.Equal(1, records[3].Line);
        Assert.Equal("{\"n\":9}", Utf8(records[3])); // CR stripped
        Assert.Equal("{\"n\":10}", Utf8(records[4])); // last line without newline
        Assert.EndsWith("archive.zip!dir/b.json", records[4].Source);
    }

    [Fact]
    public void Tar_gz_members_are_read_with_source_names_and_line_numbers()
    {
        var tgz = TarGz("rec.tar.gz", ("first.json", Lines(1, 2)), ("second.json", Lines(3, 2)));
        var records = Records(tgz);
        Assert.Equal(4, records.Count);
        Assert.All(records, r => Assert.Equal(RawRecordKind.Data, r.Kind));
        Assert.Equal(tgz + "!second.json", records[3].Source);
        Assert.Equal(2, records[3].Line);
        Assert.Equal("{\"n\":4}", Utf8(records[3]));
    }

    [Fact]
    public void A_gz_file_is_one_member()
    {
        var gz = Gz("events.json.gz", Lines(1, 1000));
        var records = Records(gz);
        Assert.Equal(1000, records.Count);
        Assert.All(records, r => Assert.Equal(RawRecordKind.Data, r.Kind));
        Assert.Equal(1000, records[^1].Line);
    }

    [Fact]
    public void A_folder_is_read_recursively_in_sorted_order()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "b"));
        File.WriteAllText(Path.Combine(_dir, "b", "x.json"), Lines(2, 1));
        File.WriteAllText(Path.Combine(_dir, "a.json"), Lines(1, 1));
        Zip("c.zip", ("m.json", Lines(3, 1)));
        var records = Records(_dir);
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], records.Select(Utf8));
    }

    [Fact]
    public void Test_raw_files_are_one_event_per_file()
    {
        var tests = Directory.CreateDirectory(Path.Combine(_dir, "tests")).FullName;
        File.WriteAllText(Path.Combine(tests, "raw_1.txt"), WindowsEventSamples.Native);
        File.WriteAllText(Path.Combine(tests, "raw_2.txt"), "line one\nline two\n");
        File.WriteAllText(Path.Combine(tests, "raw_x.txt"), "a\nb\n"); // not a test raw name: lines
        var reader = new RawEventReader();
        var items = reader.Read(tests).ToList();
        Assert.Equal(4, items.Count);
        Assert.Equal(InputFormat.EventLog, items[0].Event!.Format);
        Assert.Equal("line one\nline two", items[1].Event!.Text);
        Assert.Equal("a", items[2].Event!.Text);
        foreach (var i in items) i.Event?.Dispose();
    }

    [Fact]
    public void A_corrupted_zip_is_an_error_and_the_next_file_is_still_read()
    {
        File.WriteAllText(Path.Combine(_dir, "a.zip"), "this is not a zip archive at all");
        File.WriteAllText(Path.Combine(_dir, "b.json"), Lines(1, 2));
        var reader = new RawEventReader();
        var items = reader.Read(_dir).ToList();
        var error = items[0].Rejection!;
        Assert.Equal(RejectionKind.SourceError, error.Kind);
        Assert.EndsWith("a.zip", error.Source);
        Assert.StartsWith("corrupted zip:", error.Reason);
        Assert.Equal(2, items.Count(i => i.IsEvent));
        Assert.Equal(1, reader.Counts.SourceErrors);
        Assert.Equal(2, reader.Counts.Records);
        foreach (var i in items) i.Event?.Dispose();
    }

    [Fact]
    public void A_zip_member_with_damaged_data_is_an_error_and_the_next_member_is_read()
    {
        var rnd = new Random(7);
        var content = string.Concat(Enumerable.Range(0, 5000).Select(i => $"{{\"n\":{i},\"r\":{rnd.Next()}}}\n"));
        var zip = Zip("damaged.zip", ("a.json", content), ("b.json", Lines(1, 2)));
        var bytes = File.ReadAllBytes(zip);
        // Damage the middle of a.json's compressed data (it starts after the 30-byte local header and the name).
        for (int i = 2000; i < 2100; i++) bytes[i] ^= 0xA5;
        File.WriteAllBytes(zip, bytes);

        var reader = new RawEventReader();
        var items = reader.Read(zip).ToList();
        Assert.Contains(items, i => i.Rejection?.Kind == RejectionKind.SourceError && i.Rejection.Source.EndsWith("!a.json"));
        var fromB = items.Where(i => i.Event?.Source.EndsWith("!b.json") == true).ToList();
        Assert.Equal(2, fromB.Count);
        foreach (var i in items) i.Event?.Dispose();
    }

    [Fact]
    public void A_truncated_gzip_yields_what_it_holds_then_an_error()
    {
        var gz = Gz("cut.json.gz", string.Concat(Enumerable.Range(0, 20000).Select(i => $"{{\"n\":{i},\"pad\":\"{i * 7919 % 100003}\"}}\n")));
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..(bytes.Length / 2)]);
        File.WriteAllText(Path.Combine(_dir, "z.json"), Lines(1, 1));

        var reader = new RawEventReader();
        var items = reader.Read(_dir).ToList();
        var error = Assert.Single(items, i => i.Rejection?.IsSourceError == true).Rejection!;
        Assert.StartsWith("truncated gzip", error.Reason);
        Assert.True(reader.Counts.Events > 1000);
        Assert.EndsWith("z.json", items[^1].Event!.Source); // the next file is still read
        foreach (var i in items) i.Event?.Dispose();
    }

    [Fact]
    public void A_gzip_followed_by_a_stray_newline_is_complete()
    {
        // Several published .tar.gz recordings end with "\n" after the gzip trailer.
        var gz = Gz("nl.json.gz", Lines(1, 3));
        File.AppendAllText(gz, "\n");
        var records = Records(gz);
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(RawRecordKind.Data, r.Kind));
    }

    [Fact]
    public void A_truncated_tar_gz_yields_what_it_holds_then_an_error()
    {
        var tgz = TarGz("cut.tar.gz", ("big.json", string.Concat(Enumerable.Range(0, 20000).Select(i => $"{{\"n\":{i},\"pad\":\"{i * 7919 % 100003}\"}}\n"))), ("small.json", Lines(1, 1)));
        var bytes = File.ReadAllBytes(tgz);
        File.WriteAllBytes(tgz, bytes[..(bytes.Length / 2)]);
        var reader = new RawEventReader();
        var items = reader.Read(tgz).ToList();
        Assert.Contains(items, i => i.Rejection?.IsSourceError == true && i.Rejection.Reason.Contains("truncated"));
        Assert.True(reader.Counts.Events > 1000);
        foreach (var i in items) i.Event?.Dispose();
    }

    [Fact]
    public void A_garbage_gz_is_an_error()
    {
        var path = Path.Combine(_dir, "bad.gz");
        File.WriteAllText(path, "definitely not gzip data, just text that is long enough");
        var records = Records(path);
        var r = Assert.Single(records);
        Assert.Equal(RawRecordKind.SourceError, r.Kind);
    }

    [Fact]
    public void A_missing_path_is_an_error_record()
    {
        var r = Assert.Single(Records(Path.Combine(_dir, "nope.json")));
        Assert.Equal(RawRecordKind.SourceError, r.Kind);
        Assert.Equal("no such file or folder", r.Error);
    }
}
