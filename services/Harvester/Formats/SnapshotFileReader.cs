using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Leaderboards;

namespace OpenAccess.Harvester.Formats;

/// <summary>One record of a file: its line (JSONL) or row number, and the model or leaderboard result it held.</summary>
public sealed record SourceRecord(int Number, ModelRecord? Model, BenchmarkRecord? Benchmark)
{
    public string? Rejection => Model?.Rejection ?? Benchmark?.Rejection;
    public string? ModelId => Model?.ModelId ?? Benchmark?.ModelId;
    public string Raw => Model?.Raw ?? string.Empty;
}

/// <summary>Reads any supported file, plain or gzip (by its magic bytes), in the layout its content shows.</summary>
public static partial class SnapshotFileReader
{
    public static Stream OpenContent(string path, ImportLimits? limits = null)
    {
        limits ??= new ImportLimits();
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return SnapshotReader.IsGzip(file) ? new GuardedGzipStream(file, limits.MaxDecompressedBytes, limits.MaxCompressionRatio, limits.RatioCheckedAfterBytes) : file;
    }

    public static async Task<SnapshotFormat?> DetectAsync(string path, CancellationToken cancellationToken)
    {
        await using var content = OpenContent(path);
        var buffer = new byte[16 * 1024];
        var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return SnapshotFormatDetector.Detect(Encoding.UTF8.GetString(buffer, 0, read));
    }

    /// <summary>The records of <paramref name="path"/> in <paramref name="format"/> with the default limits.</summary>
    public static IAsyncEnumerable<SourceRecord> ReadAsync(string path, SnapshotFormat format, string name, CancellationToken cancellationToken) =>
        ReadAsync(path, format, name, new ImportLimits(), RecordLimits.Default, cancellationToken);

    /// <summary>
    /// The records of <paramref name="path"/> in <paramref name="format"/>; <paramref name="name"/> is the file's name, from which a
    /// dated v1 snapshot takes its date. A JSONL line longer than <see cref="ImportLimits.MaxRecordBytes"/> is a refused record
    /// (the next line starts a record again); a longer CSV row or results file ends the reading with an <see cref="InvalidDataException"/>,
    /// since a quoted field may span lines and no later row can be trusted to start where it seems to.
    /// </summary>
    public static async IAsyncEnumerable<SourceRecord> ReadAsync(string path, SnapshotFormat format, string name, ImportLimits limits, RecordLimits records,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var content = OpenContent(path, limits);
        if (format == SnapshotFormat.Jsonl)
        {
            var number = 0;
            await foreach (var line in Utf8LineReader.ReadAsync(content, limits.MaxRecordBytes, cancellationToken))
            {
                number++;
                if (line.TooLong) yield return new SourceRecord(number, TooLong(number, line, limits), null);
                else if (!line.Bytes.Span.Trim(" \t\r"u8).IsEmpty) yield return new SourceRecord(number, ModelRecordReader.Read(line.Bytes, records), null);
            }

            yield break;
        }

        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

        if (format == SnapshotFormat.LeaderboardV1Results)
        {
            var text = await ReadWholeAsync(reader, limits.MaxRecordBytes, cancellationToken);
            BenchmarkRecord record;
            try
            {
                using var document = JsonDocument.Parse(text);
                record = V1ResultsMapper.Map(document.RootElement);
            }
            catch (JsonException e)
            {
                record = BenchmarkRecord.Fail(null, $"not valid JSON: {e.Message}");
            }

            yield return new SourceRecord(1, null, record);
            yield break;
        }

        IReadOnlyDictionary<string, int>? columns = null;
        var row = 0;
        var takenAt = DateInName(name);
        await foreach (var fields in CsvReader.ReadAsync(reader, limits.MaxRecordBytes, cancellationToken))
        {
            row++;
            if (columns is null)
            {
                columns = CsvRow.Columns(fields);
                continue;
            }

            var csv = new CsvRow(columns, fields);
            yield return format switch
            {
                SnapshotFormat.HubTreeCsv => new SourceRecord(row, TreeRow(csv, records), null),
                SnapshotFormat.LeaderboardV2Csv => new SourceRecord(row, null, V2RowMapper.Map(csv)),
                SnapshotFormat.LeaderboardV1Csv => new SourceRecord(row, null, V1RowMapper.MapFinal(csv)),
                _ => new SourceRecord(row, null, V1RowMapper.MapDated(csv, takenAt)),
            };
        }
    }

    /// <summary>A crawl row: the Hub's model info is in <c>metadata</c>; <c>model_id</c> must agree that it is a model id.</summary>
    static ModelRecord TreeRow(CsvRow row, RecordLimits records)
    {
        var id = row["model_id"];
        if (id is not null && ModelIds.Problem(id, records.MaxIdLength) is { } problem)
        {
            return new ModelRecord(null, Encoding.UTF8.GetBytes(row["metadata"] ?? ""), id, $"model_id '{id}' is not a Hub model id: it {problem}", []);
        }

        return row["metadata"] is { } metadata
            ? ModelRecordReader.Read(metadata, records)
            : new ModelRecord(null, [], id, "empty metadata", []);
    }

    /// <summary>A line past the limit: refused with its length and its first bytes, which may end inside a character.</summary>
    static ModelRecord TooLong(int number, Utf8Line line, ImportLimits limits) => new(
        null, line.Bytes.ToArray(), null,
        $"line {number} is {line.Length:N0} bytes long, more than MaxRecordBytes ({limits.MaxRecordBytes:N0}); only its first {line.Bytes.Length:N0} bytes are kept", []);

    /// <summary>A one-record file (a v1 results JSON), refused whole past the limit rather than read into memory.</summary>
    static async Task<string> ReadWholeAsync(StreamReader reader, int maxChars, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var chunk = new char[1 << 16];
        int read;
        while ((read = await reader.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (text.Length + read > maxChars)
            {
                throw new InvalidDataException($"record 1 (the whole results file) is longer than MaxRecordBytes ({maxChars:N0} characters)");
            }

            text.Append(chunk, 0, read);
        }

        return text.ToString();
    }

    static DateTimeOffset? DateInName(string name) =>
        DatePattern().Match(name) is { Success: true } m && DateTime.TryParseExact(m.Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? new DateTimeOffset(d, TimeSpan.Zero)
            : null;

    [GeneratedRegex(@"(?<!\d)20\d{6}(?!\d)")]
    private static partial Regex DatePattern();
}
