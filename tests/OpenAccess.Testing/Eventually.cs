namespace OpenAccess.Testing;

/// <summary>Waits for an outcome that arrives in the background (messages consumed, runs finished), failing with the last observation.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> observe, Func<T, bool> done, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var last = await observe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {seconds} s waiting for {what}; last seen: {last}");
            }

            await Task.Delay(100);
        }
    }
}
