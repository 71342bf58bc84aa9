namespace OpenAccess.Evaluator.Domain;

/// <summary>A memory size in bytes, shown in decimal gigabytes (10^9) and binary gibibytes (2^30).</summary>
public readonly record struct ByteSize(long Bytes)
{
    public const long BytesPerGigabyte = 1_000_000_000;
    public const long BytesPerGibibyte = 1L << 30;

    public double Gigabytes => (double)Bytes / BytesPerGigabyte;
    public double Gibibytes => (double)Bytes / BytesPerGibibyte;

    public static ByteSize Zero => new(0);
    public static ByteSize FromGigabytes(decimal gigabytes) => new((long)decimal.Ceiling(gigabytes * BytesPerGigabyte));
    public static ByteSize operator +(ByteSize left, ByteSize right) => new(checked(left.Bytes + right.Bytes));

    public override string ToString() => $"{Gigabytes:F2} GB ({Gibibytes:F2} GiB)";
}
