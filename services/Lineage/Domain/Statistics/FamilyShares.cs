using System.Buffers;

namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// Dated derivatives counted per family and period, turned into a <see cref="ConcentrationSeries"/>.
/// Families are numbered in root node order and every period's Herfindahl sum runs over them in that
/// order, so each share is the very double a walk per family gives. <c>expected</c> is how many
/// counts to make room for at first. Pooled arrays: dispose it.
/// </summary>
internal sealed class FamilyShares(int families, int expected) : IDisposable
{
    private int[] _family = ArrayPool<int>.Shared.Rent(Math.Max(16, expected));
    private int[] _period = ArrayPool<int>.Shared.Rent(Math.Max(16, expected));
    private int _count;
    private (int First, int Last) _periods = TimeBuckets.NoPeriods;

    public void Add(int family, int period)
    {
        if (_count == _family.Length)
        {
            _family = Grow(_family, _count);
            _period = Grow(_period, _count);
        }
        _family[_count] = family;
        _period[_count++] = period;
        TimeBuckets.Include(ref _periods, period);
    }

    public ConcentrationSeries Series(StatisticsFilter filter, TimePeriod period, int topK, int maxPoints, Func<int, string> nameOf)
    {
        var (first, last) = TimeBuckets.Span(filter, period, _periods, maxPoints);
        var length = Math.Max(0, last - first + 1);
        var positionOf = Rent(families);
        var familyAt = Rent(families);
        var totalAt = Rent(families);
        var byPeriod = Rent(_count);
        try
        {
            var active = NumberActiveFamilies(positionOf, familyAt, totalAt);
            var named = Largest(active, topK, length == 0 ? _ => 0 : n => totalAt[n], n => nameOf(familyAt[n]));
            var periodStart = BucketByPeriod(first, length, positionOf, byPeriod);
            Array.Clear(totalAt, 0, active);
            var running = totalAt;
            using var largest = new LargestCountsSum(running, active, topK);

            var totals = new int[length];
            var topShare = new double[length];
            var herfindahl = new double[length];
            var shares = named.Select(_ => new double[length]).ToArray();
            var total = 0;
            for (var i = 0; i < length; i++)
            {
                var added = periodStart[i + 1] - periodStart[i];
                totals[i] = total += added;
                if (total == 0) continue;
                if (added == 0 && i > 0)
                {
                    // Nothing changed: the same sums over the same counts.
                    (herfindahl[i], topShare[i]) = (herfindahl[i - 1], topShare[i - 1]);
                    foreach (var line in shares) line[i] = line[i - 1];
                    continue;
                }
                for (var k = periodStart[i]; k < periodStart[i + 1]; k++)
                {
                    running[byPeriod[k]]++;
                    largest.Raised(byPeriod[k]);
                }
                herfindahl[i] = SumOfSquaredShares(running.AsSpan(0, active), total);
                topShare[i] = (double)largest.Sum / total;
                for (var j = 0; j < named.Count; j++) shares[j][i] = (double)running[named[j]] / total;
            }
            var lines = named.Select((n, j) => new ShareSeries(nameOf(familyAt[n]), shares[j])).ToList();
            return new ConcentrationSeries(period, TimeBuckets.Labels(first, last, period), topK, totals, lines, topShare, herfindahl);
        }
        finally
        {
            foreach (var array in (int[][])[positionOf, familyAt, totalAt, byPeriod]) ArrayPool<int>.Shared.Return(array);
        }
    }

    /// <summary>
    /// Numbers the families with derivatives densely, in family order: <paramref name="positionOf"/>
    /// maps a family to its number, <paramref name="familyAt"/> back, <paramref name="totalAt"/> gives its count.
    /// </summary>
    private int NumberActiveFamilies(int[] positionOf, int[] familyAt, int[] totalAt)
    {
        Array.Clear(positionOf, 0, families);
        for (var k = 0; k < _count; k++) positionOf[_family[k]]++;
        var active = 0;
        for (var f = 0; f < families; f++)
        {
            if (positionOf[f] == 0) continue;
            (familyAt[active], totalAt[active]) = (f, positionOf[f]);
            positionOf[f] = active++;
        }
        return active;
    }

    /// <summary>
    /// Sorts the counted derivatives by period index (a counting sort; earlier periods count in the
    /// first) into <paramref name="byPeriod"/> as family numbers; returns where each period starts.
    /// </summary>
    private int[] BucketByPeriod(int first, int length, int[] positionOf, int[] byPeriod)
    {
        var periodStart = new int[length + 1];
        if (length == 0) return periodStart;
        for (var k = 0; k < _count; k++) periodStart[Math.Max(0, _period[k] - first) + 1]++;
        for (var i = 0; i < length; i++) periodStart[i + 1] += periodStart[i];
        var next = periodStart[..^1];
        for (var k = 0; k < _count; k++) byPeriod[next[Math.Max(0, _period[k] - first)]++] = positionOf[_family[k]];
        return periodStart;
    }

    /// <summary>
    /// Σ (count / total)², computed as Σ count² / total² in whole numbers, so that the answer is the same double whatever
    /// order the families are numbered in: each Lineage replica numbers them in the order it met them (docs/lineage.md,
    /// "Read replicas"), and a sum of doubles in another order differs in its last bits.
    /// </summary>
    private static double SumOfSquaredShares(ReadOnlySpan<int> counts, int total)
    {
        var sum = 0L;
        foreach (var count in counts) sum += (long)count * count;
        return sum / ((double)total * total);
    }

    /// <summary>The <paramref name="k"/> of <paramref name="count"/> entries with the largest key (ties by name, ordinal), largest first.</summary>
    private static List<int> Largest(int count, int k, Func<int, int> key, Func<int, string> name)
    {
        var best = new List<int>(Math.Max(0, k) + 1);
        if (k <= 0) return best;
        bool Before(int a, int b) => key(a) != key(b) ? key(a) > key(b) : string.CompareOrdinal(name(a), name(b)) < 0;
        for (var n = 0; n < count; n++)
        {
            if (best.Count == k && !Before(n, best[^1])) continue;
            var at = best.Count;
            while (at > 0 && Before(n, best[at - 1])) at--;
            best.Insert(at, n);
            if (best.Count > k) best.RemoveAt(k);
        }
        return best;
    }

    private static int[] Rent(int length) => ArrayPool<int>.Shared.Rent(Math.Max(1, length));

    private static int[] Grow(int[] old, int used)
    {
        var bigger = ArrayPool<int>.Shared.Rent(used * 2);
        Array.Copy(old, bigger, used);
        ArrayPool<int>.Shared.Return(old);
        return bigger;
    }

    public void Dispose()
    {
        if (_family is null) return;
        ArrayPool<int>.Shared.Return(_family);
        ArrayPool<int>.Shared.Return(_period);
        _family = _period = null!;
    }
}
