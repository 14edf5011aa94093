using NUnit.Framework;
using Akka.TestKit;

namespace Scheduler.Testing;

/// <summary>Akka.TestKit's assertions reported through NUnit.</summary>
public sealed class NUnitAssertions : ITestKitAssertions
{
    public void Fail(string format = "", params object[] args) => Assert.Fail(Format(format, args));

    public void AssertTrue(bool condition, string format = "", params object[] args) =>
        Assert.That(condition, Is.True, Format(format, args));

    public void AssertFalse(bool condition, string format = "", params object[] args) =>
        Assert.That(condition, Is.False, Format(format, args));

    public void AssertEqual<T>(T expected, T actual, string format = "", params object[] args) =>
        Assert.That(actual, Is.EqualTo(expected), Format(format, args));

    public void AssertEqual<T>(T expected, T actual, Func<T, T, bool> comparer, string format = "", params object[] args)
    {
        if (!comparer(expected, actual))
            Assert.Fail($"Expected {expected} but was {actual}. {Format(format, args)}");
    }

    public void AssertEqualWithIndex<T>(T expected, T actual, int index, string format = "", params object[] args) =>
        Assert.That(actual, Is.EqualTo(expected), $"at index {index}: {Format(format, args)}");

    public void AssertEqualWithIndex<T>(T expected, T actual, int index, Func<T, T, bool> comparer, string format = "", params object[] args)
    {
        if (!comparer(expected, actual))
            Assert.Fail($"Expected {expected} but was {actual} at index {index}. {Format(format, args)}");
    }

    public Exception AssertThrows(Action action) => Assert.Throws(Is.InstanceOf<Exception>(), () => action())!;

    public TException AssertThrows<TException>(Action action) where TException : Exception =>
        Assert.Throws<TException>(() => action())!;

    public async Task<Exception> AssertThrowsAsync(Func<Task> func)
    {
        try { await func(); }
        catch (Exception e) { return e; }
        Assert.Fail("Expected an exception");
        throw new InvalidOperationException("unreachable");
    }

    public async Task<TException> AssertThrowsAsync<TException>(Func<Task> func) where TException : Exception
    {
        try { await func(); }
        catch (TException e) { return e; }
        Assert.Fail($"Expected {typeof(TException).Name}");
        throw new InvalidOperationException("unreachable");
    }

    private static string Format(string format, object[] args) =>
        args.Length == 0 ? format : string.Format(format, args);
}
