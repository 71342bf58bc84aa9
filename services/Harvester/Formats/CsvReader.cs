using System.Runtime.CompilerServices;
using System.Text;

namespace OpenAccess.Harvester.Formats;

/// <summary>RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks (the crawls' model cards do).</summary>
public static class CsvReader
{
    /// <exception cref="InvalidDataException">A record (the header is record 1) longer than <paramref name="maxRecordChars"/>: it is not held
    /// whole, and the reading stops, as a record that long is most likely an unclosed quote that swallowed the rows after it.</exception>
    public static async IAsyncEnumerable<string[]> ReadAsync(TextReader reader, int maxRecordChars, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var record = 1;
        var length = 0; // characters of the record so far
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        var buffer = new char[1 << 16];
        int read;
        var pendingQuote = false;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (++length > maxRecordChars)
                {
                    throw new InvalidDataException($"row {record} is longer than MaxRecordBytes ({maxRecordChars:N0} characters){(quoted ? ", inside a quoted field that may never close" : "")}");
                }

                if (pendingQuote)
                {
                    pendingQuote = false;
                    if (c == '"') { field.Append('"'); continue; }
                    quoted = false;
                }

                if (quoted)
                {
                    if (c == '"') pendingQuote = true;
                    else field.Append(c);
                    continue;
                }

                switch (c)
                {
                    case '"' when field.Length == 0:
                        quoted = true;
                        any = true;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        any = true;
                        break;
                    case '\r':
                        break;
                    case '\n':
                        if (any || field.Length > 0)
                        {
                            fields.Add(field.ToString());
                            yield return fields.ToArray();
                            record++;
                        }

                        length = 0;
                        fields.Clear();
                        field.Clear();
                        any = false;
                        break;
                    default:
                        field.Append(c);
                        any = true;
                        break;
                }
            }
        }

        if (any || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }
}
