using System.Globalization;

namespace Scheduler.Integration.Tests.Load;

/// <summary>Response times collected from one prober, with the percentiles a load test reports.</summary>
public sealed class LatencySamples
{
    private readonly List<double> _milliseconds = [];
    private int _failures;

    public int Count { get { lock (_milliseconds) return _milliseconds.Count; } }
    public int Failures => Volatile.Read(ref _failures);

    public void Add(TimeSpan elapsed) { lock (_milliseconds) _milliseconds.Add(elapsed.TotalMilliseconds); }

    public void AddFailure() => Interlocked.Increment(ref _failures);

    public double Percentile(double fraction)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0) return double.NaN;
            var sorted = _milliseconds.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
        }
    }

    public double Max { get { lock (_milliseconds) return _milliseconds.Count == 0 ? double.NaN : _milliseconds.Max(); } }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count} failures={Failures} p50={Percentile(0.5):F1}ms p99={Percentile(0.99):F1}ms max={Max:F1}ms");
}
