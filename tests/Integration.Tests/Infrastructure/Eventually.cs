namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>Waits for an asynchronous outcome (messages are consumed in the background), failing with the last observation.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> observe, Func<T, bool> done, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        T last;
        while (true)
        {
            last = await observe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds} s waiting for {what}; last seen: {last}");
            }

            await Task.Delay(200);
        }
    }
}
