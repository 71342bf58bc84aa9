using System.Collections;
using System.Diagnostics;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>Finished spans, safe to read while the exporter still adds to it from other threads.</summary>
public sealed class SpanLog : ICollection<Activity>
{
    readonly List<Activity> spans = [];

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (spans) return spans.ToArray();
    }

    public void Add(Activity item)
    {
        lock (spans) spans.Add(item);
    }

    public void Clear()
    {
        lock (spans) spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (spans) return spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (spans) spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (spans) return spans.Remove(item);
    }

    public int Count
    {
        get { lock (spans) return spans.Count; }
    }

    public bool IsReadOnly => false;

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
