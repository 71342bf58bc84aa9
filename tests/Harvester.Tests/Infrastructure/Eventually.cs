namespace OpenAccess.Harvester.Tests.Infrastructure;

public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"waited {seconds} s for {what}; last: {value}");
            await Task.Delay(50);
        }
    }
}
